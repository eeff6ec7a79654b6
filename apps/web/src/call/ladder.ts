import type { RemoteView } from '@moim/protocol';

/*
 * The sending ladder: what each outgoing video encoding may spend, chosen per link.
 *
 * Why these numbers:
 * - In a full mesh every person encodes one stream per peer, so the cost of a rung is paid
 *   N-1 times, in CPU and in upload. Issue #14's runs on the project's 2-core machine (quiet,
 *   N contexts of one headless Chromium, fake camera): at 720p to every peer six people got
 *   3-4 fps median and 45-55% frozen; bare pages at 640x480 got 8 fps, at 320x180@15 got
 *   15 fps with no freeze. So large rooms get small, 15 fps rungs, and small rooms keep 30 fps.
 * - Frame rate matters more than pixels in a meeting: cameras use `maintain-framerate`
 *   (Chromium otherwise keeps the resolution and lets the frame rate collapse), a shared
 *   screen `maintain-resolution` so its text stays readable.
 * - Each rung's bitrate is comfortable for its size and rate with VP8 (the encoder never has
 *   to scale down on its own to meet it, which would read as a 'bandwidth' limitation), and
 *   the room-size rung times the number of peers stays within UPLOAD_BUDGET_BPS: 1.5 Mb/s to
 *   one peer, 2 x 0.9, 3 x 0.5, 4 x 0.2, then 0.12 Mb/s each; the budget pass below keeps
 *   any mix of views and adaptation under it.
 * - From six people on, every small tile gets the lowest rung (180p at 15 fps) and speaking
 *   earns no better one: in a grid of six every tile is small, and on the 2-core machine
 *   (2026-12-01, bench/mesh.mjs, N=6) the 360p@20 small rung left 22 of 30 videos up after
 *   30 s at 4 fps, where 180p@15 brought all 30 up. A pinned tile still gets 360p@20.
 * - Capture what the best planned link needs (`captureFor`), changed in place with
 *   applyConstraints (measured: as cheap as opening the camera at that size): scaling 720p
 *   down for every encoder costs capture, scaling and memory bandwidth for nothing.
 * - A new link starts two rungs below its room's small tile and climbs (`startRung`,
 *   LinkAdapter): before its bandwidth estimate exists, a link at full size can flood a
 *   narrow uplink and starve the audio of the links already there.
 * bench/README.md has the runs these were checked against, met and missed.
 */

/** One step of the ladder: a video size (16:9 height), a frame rate and a bitrate ceiling. */
export interface Rung {
  height: number;
  maxFramerate: number;
  /** Bits per second. */
  maxBitrate: number;
}

/** Best first. Adaptation moves a link one rung at a time. */
export const LADDER: readonly Rung[] = [
  { height: 720, maxFramerate: 30, maxBitrate: 1_500_000 },
  { height: 540, maxFramerate: 30, maxBitrate: 900_000 },
  { height: 360, maxFramerate: 30, maxBitrate: 500_000 },
  { height: 360, maxFramerate: 20, maxBitrate: 300_000 },
  { height: 270, maxFramerate: 15, maxBitrate: 200_000 },
  { height: 180, maxFramerate: 15, maxBitrate: 120_000 },
];

export const LOWEST_RUNG = LADDER.length - 1;

/** The longest side of a 16:9 picture `height` pixels high. */
const longSide = (height: number) => Math.round((height * 16) / 9);
/** A cap past the lowest rung: the link sends no video at all. */
export const PAUSED = LADDER.length;

/** What one person may upload in total, over all links: a modest home uplink. */
export const UPLOAD_BUDGET_BPS = 2_500_000;

/**
 * The rung a link gets for a `large` view (pinned, spotlight, two people) and for a
 * `small` one (a tile in a grid), by the number of peers. Past the end: the last entry.
 */
const ROOM_RUNGS: readonly { large: number; small: number; emphasis: boolean }[] = [
  { large: 0, small: 0, emphasis: true }, // 1 peer: a two-person call
  { large: 0, small: 1, emphasis: true }, // 2 peers
  { large: 1, small: 2, emphasis: true }, // 3 peers
  { large: 2, small: 4, emphasis: true }, // 4 peers
  { large: 3, small: LOWEST_RUNG, emphasis: false }, // 5 peers: six people
  { large: 3, small: LOWEST_RUNG, emphasis: false }, // 6 peers
  { large: 3, small: LOWEST_RUNG, emphasis: false }, // 7 peers: eight people
];

export function roomRungs(peers: number) {
  return (
    ROOM_RUNGS[Math.min(Math.max(peers, 1), ROOM_RUNGS.length) - 1] ?? { large: 0, small: 0, emphasis: true }
  );
}

/**
 * Where a new link starts: two rungs below a small tile of this room (never below the
 * lowest), so the first seconds of a link, before its bandwidth estimate exists, cannot
 * flood a narrow uplink; it climbs from there (LinkAdapter).
 */
export function startRung(peers: number): number {
  return Math.min(roomRungs(peers).small + 2, LOWEST_RUNG);
}

/** The camera size and rate that serves `rung` (16:9). */
export function captureForRung(rung: number): { width: number; height: number; frameRate: number } {
  const step = LADDER[Math.min(Math.max(rung, 0), LOWEST_RUNG)] ?? { height: 720, maxFramerate: 30 };
  return { width: longSide(step.height), height: step.height, frameRate: step.maxFramerate };
}

/**
 * What the camera should capture: the size the best of `sizes` needs (the picture size of
 * each planned link, `sizeRungs`) at the best frame rate of `rungs`, or before any link is
 * planned, what a small tile of this room size gets. Capturing more than any link sends
 * costs every encoder a scaling pass and the camera its larger frames.
 */
export function captureFor(
  peers: number,
  rungs: readonly (number | null)[] = [],
  sizes: readonly (number | null)[] = rungs,
): ReturnType<typeof captureForRung> {
  const planned = (list: readonly (number | null)[]) => list.filter((rung): rung is number => rung !== null);
  if (planned(rungs).length > 0) {
    const size = captureForRung(Math.min(...planned(sizes), LOWEST_RUNG));
    const rate = captureForRung(Math.min(...planned(rungs))).frameRate;
    return { ...size, frameRate: Math.max(size.frameRate, rate) };
  }
  const room = roomRungs(peers);
  return captureForRung(room.emphasis ? Math.max(room.large, room.small - 1) : room.small);
}

export type VideoSource = 'camera' | 'screen';

/** One link's situation: how the receiver shows us, and what its adaptation allows. */
export interface LinkDemand {
  view: RemoteView;
  /** We are speaking, or the receiver pinned us: this link gets the better rung. */
  emphasised: boolean;
  /** The best rung this link's measurements allow (0 = any, PAUSED = no video). */
  cap: number;
}

/** What one link's video sender is set to (RTCRtpSender.setParameters). */
export interface VideoEncoding {
  /** The rung, or null when this link sends no video. */
  rung: number | null;
  active: boolean;
  maxBitrate: number;
  /**
   * The longest side the picture may have, in pixels (`scaleResolutionDownTo` with this as
   * both maxWidth and maxHeight, so a portrait camera gets as many pixels as a landscape
   * one); null: not scaled (a shared screen). Unlike a factor it holds whatever the camera
   * captures, so changing the capture does not change what is sent.
   */
  maxSize: number | null;
  /** The same as a factor of the captured height, for browsers without scaleResolutionDownTo. */
  scaleResolutionDownBy: number;
  maxFramerate: number;
  degradationPreference: RTCDegradationPreference;
}

/** The rung each link wants from the room size and the view alone, before any cap. */
export function wantedRung(peers: number, view: RemoteView, emphasised: boolean): number | null {
  if (view === 'hidden') return null;
  const { large, small, emphasis } = roomRungs(peers);
  if (view === 'large') return large;
  return emphasised && emphasis ? Math.max(large, small - 1) : small;
}

/**
 * The rung of every link: the one its view wants, no better than its cap, and then, while
 * the total is over `budget`, the least important link with the best rung steps down.
 */
export function planRungs(peers: number, links: LinkDemand[], budget = UPLOAD_BUDGET_BPS): (number | null)[] {
  const count = Math.max(peers, links.length);
  const rungs = links.map((link) => {
    const wanted = wantedRung(count, link.view, link.emphasised);
    if (wanted === null || link.cap >= PAUSED) return null;
    return Math.min(Math.max(wanted, link.cap), LOWEST_RUNG);
  });
  const total = () => rungs.reduce<number>((sum, rung) => sum + (rung === null ? 0 : bitrate(rung)), 0);
  const importance = (index: number) => {
    const link = links[index];
    return (link?.view === 'large' ? 2 : 0) + (link?.emphasised ? 1 : 0);
  };
  while (total() > budget) {
    let pick = -1;
    for (const [index, rung] of rungs.entries()) {
      if (rung === null || rung >= LOWEST_RUNG) continue;
      const current = rungs[pick] ?? LOWEST_RUNG;
      if (
        pick < 0 ||
        importance(index) < importance(pick) ||
        (importance(index) === importance(pick) && rung < current)
      )
        pick = index;
    }
    if (pick < 0) break; // Everything at the lowest rung: that always fits.
    rungs[pick] = (rungs[pick] ?? 0) + 1;
  }
  return rungs;
}

function bitrate(rung: number) {
  return LADDER[rung]?.maxBitrate ?? 0;
}

/**
 * The rung whose picture size each link sends: its planned rung, or the rung its view wants
 * without emphasis if that is smaller. Speaking earns more frames and bits, never more
 * pixels: the receiver's tile keeps its size (a larger view says so itself), and every
 * change of size costs a key frame on that link, which at each turn of speech would be
 * one per link and person.
 */
export function sizeRungs(peers: number, links: LinkDemand[], rungs: readonly (number | null)[]) {
  const count = Math.max(peers, links.length);
  return rungs.map((rung, index) => {
    const link = links[index];
    if (rung === null || !link) return rung;
    return Math.max(rung, wantedRung(count, link.view, false) ?? rung);
  });
}

/**
 * The sender parameters for one link at `rung` (null: paused), its picture the size of
 * `sizeRung` (no larger than `rung`'s; by default the same). `captureHeight` is the height
 * of the track being sent, for the scale factor of browsers that lack scaleResolutionDownTo.
 * A screen is never scaled (its text must stay readable) and gets at most 15 frames a second.
 */
export function encodingFor(
  rung: number | null,
  source: VideoSource,
  captureHeight: number | null,
  sizeRung: number | null = rung,
): VideoEncoding {
  const degradationPreference = source === 'screen' ? 'maintain-resolution' : 'maintain-framerate';
  const step = rung === null ? undefined : LADDER[rung];
  if (!step || rung === null) {
    const lowest = LADDER[LOWEST_RUNG] ?? { maxBitrate: 0, maxFramerate: 1 };
    return {
      rung: null,
      active: false,
      maxBitrate: lowest.maxBitrate,
      maxSize: null,
      scaleResolutionDownBy: 1,
      maxFramerate: lowest.maxFramerate,
      degradationPreference,
    };
  }
  if (source === 'screen') {
    return {
      rung,
      active: true,
      maxBitrate: step.maxBitrate,
      maxSize: null,
      scaleResolutionDownBy: 1,
      maxFramerate: Math.min(step.maxFramerate, 15),
      degradationPreference,
    };
  }
  const height = LADDER[Math.max(rung, sizeRung ?? rung)]?.height ?? step.height;
  const scale = captureHeight && captureHeight > height ? captureHeight / height : 1;
  return {
    rung,
    active: true,
    maxBitrate: step.maxBitrate,
    maxSize: longSide(height),
    scaleResolutionDownBy: Math.round(scale * 100) / 100,
    maxFramerate: step.maxFramerate,
    degradationPreference,
  };
}
