import { describe, expect, it } from 'vitest';
import {
  captureFor,
  encodingFor,
  LADDER,
  type LinkDemand,
  LOWEST_RUNG,
  PAUSED,
  planRungs,
  sizeRungs,
  UPLOAD_BUDGET_BPS,
} from './ladder';

/** Every link's encoding, as AdaptiveSending makes them: the plan, then each rung's parameters. */
const planEncodings = (
  peers: number,
  demands: LinkDemand[],
  source: 'camera' | 'screen',
  height: number | null,
  budget = UPLOAD_BUDGET_BPS,
) => planRungs(peers, demands, budget).map((rung) => encodingFor(rung, source, height));

const small: LinkDemand = { view: 'small', emphasised: false, cap: 0 };
const links = (count: number, demand: LinkDemand = small) =>
  Array.from({ length: count }, () => ({ ...demand }));
const upload = (encodings: { active: boolean; maxBitrate: number }[]) =>
  encodings.reduce((sum, e) => sum + (e.active ? e.maxBitrate : 0), 0);

describe('the sending ladder', () => {
  it('sends 720p at full rate to the one other person of a two-person call', () => {
    const [only] = planEncodings(1, [{ view: 'large', emphasised: false, cap: 0 }], 'camera', 720);
    expect(only).toMatchObject({
      active: true,
      scaleResolutionDownBy: 1,
      maxFramerate: 30,
      degradationPreference: 'maintain-framerate',
    });
    expect(only?.maxBitrate).toBe(LADDER[0]?.maxBitrate);
  });

  it('steps down in size as the mesh grows: 540p, 360p, 270p, then 180p for small tiles', () => {
    const height = (peers: number) => LADDER[planRungs(peers, links(peers))[0] ?? 0]?.height;
    expect(height(2)).toBe(540);
    expect(height(3)).toBe(360);
    expect(height(4)).toBe(270);
    expect(height(5)).toBe(180);
    expect(height(7)).toBe(180);
    const fps = (peers: number) => LADDER[planRungs(peers, links(peers))[0] ?? 0]?.maxFramerate;
    expect(fps(3)).toBe(30);
    expect(fps(7)).toBeLessThan(30);
  });

  it('keeps the total upload within the budget at every room size and mix of views', () => {
    for (let peers = 1; peers <= 7; peers++) {
      for (const view of ['small', 'large'] as const) {
        for (const emphasised of [false, true]) {
          const plan = planEncodings(peers, links(peers, { view, emphasised, cap: 0 }), 'camera', 720);
          expect(upload(plan), `${peers} peers, ${view}, emphasised ${emphasised}`).toBeLessThanOrEqual(
            UPLOAD_BUDGET_BPS,
          );
        }
      }
    }
  });

  it('fits a smaller budget by stepping the least watched links down first', () => {
    const demands: LinkDemand[] = [
      { view: 'large', emphasised: false, cap: 0 },
      { view: 'small', emphasised: false, cap: 0 },
      { view: 'small', emphasised: false, cap: 0 },
    ];
    const rungs = planRungs(3, demands, 1_000_000);
    expect(upload(rungs.map((rung) => encodingFor(rung, 'camera', 720)))).toBeLessThanOrEqual(1_000_000);
    // The pinned (large) link keeps a better rung than the grid tiles.
    expect(rungs[0]).toBeLessThan(rungs[1] ?? 0);
  });

  it('pauses a link nobody watches, and sends the pinned one larger than the grid', () => {
    const plan = planEncodings(
      3,
      [
        { view: 'hidden', emphasised: false, cap: 0 },
        { view: 'large', emphasised: false, cap: 0 },
        { view: 'small', emphasised: false, cap: 0 },
      ],
      'camera',
      720,
    );
    expect(plan[0]).toMatchObject({ active: false, rung: null });
    expect(plan[1]?.scaleResolutionDownBy).toBeLessThan(plan[2]?.scaleResolutionDownBy ?? 0);
    expect(plan[1]?.maxBitrate).toBeGreaterThan(plan[2]?.maxBitrate ?? 0);
  });

  it('gives the speaker a better rung on small tiles', () => {
    const quiet = planRungs(4, links(4))[0] ?? 0;
    const speaking = planRungs(4, links(4, { view: 'small', emphasised: true, cap: 0 }))[0] ?? 0;
    expect(speaking).toBeLessThan(quiet);
  });

  it('gives the speaker more frames and bits but the same picture size (no key frame per turn)', () => {
    for (let peers = 2; peers <= 4; peers++) {
      const quietLinks = links(peers);
      const speakingLinks = links(peers, { view: 'small', emphasised: true, cap: 0 });
      const encodings = (demands: LinkDemand[]) => {
        const rungs = planRungs(peers, demands);
        const sizes = sizeRungs(peers, demands, rungs);
        return rungs.map((rung, i) => encodingFor(rung, 'camera', 720, sizes[i] ?? rung));
      };
      const quiet = encodings(quietLinks);
      const speaking = encodings(speakingLinks);
      expect(
        speaking.map((e) => e.maxSize),
        `${peers} peers`,
      ).toEqual(quiet.map((e) => e.maxSize));
      expect(speaking.map((e) => e.scaleResolutionDownBy)).toEqual(quiet.map((e) => e.scaleResolutionDownBy));
      // Within the budget, some link gets more bits or frames, none fewer.
      const better = speaking.map(
        (e, i) => e.maxBitrate - (quiet[i]?.maxBitrate ?? 0) + e.maxFramerate - (quiet[i]?.maxFramerate ?? 0),
      );
      expect(Math.max(...better)).toBeGreaterThan(0);
      expect(Math.min(...better)).toBeGreaterThanOrEqual(0);
      // The camera keeps its size too, at the speaker's frame rate.
      const rungs = planRungs(peers, speakingLinks);
      const capture = captureFor(peers, rungs, sizeRungs(peers, speakingLinks, rungs));
      expect(capture.height).toBe(captureFor(peers, planRungs(peers, quietLinks)).height);
      expect(capture.frameRate).toBe(Math.max(...speaking.map((e) => e.maxFramerate)));
    }
  });

  it('bounds the picture by its longest side, whatever the camera captures', () => {
    // 180p is 320 wide: a landscape camera sends 320x180, a portrait one 180x320.
    expect(encodingFor(LOWEST_RUNG, 'camera', 720).maxSize).toBe(320);
    expect(encodingFor(LOWEST_RUNG, 'camera', 1080).maxSize).toBe(320);
    expect(encodingFor(0, 'camera', 720).maxSize).toBe(1280);
    // A pinned link's size follows its own rung.
    expect(encodingFor(3, 'camera', 720, 3).maxSize).toBe(640);
    expect(encodingFor(null, 'camera', 720).active).toBe(false);
  });

  it("never goes above a link's cap from its measurements, and pauses at PAUSED", () => {
    expect(planRungs(1, [{ view: 'large', emphasised: false, cap: 3 }])).toEqual([3]);
    expect(planRungs(1, [{ view: 'large', emphasised: false, cap: LOWEST_RUNG + 4 }])).toEqual([null]);
    expect(planRungs(1, [{ view: 'large', emphasised: false, cap: PAUSED }])).toEqual([null]);
    // A cap better than what the view wants changes nothing.
    expect(planRungs(3, [{ view: 'small', emphasised: false, cap: 0 }])).toEqual(planRungs(3, links(1)));
  });

  it('scales the captured size down to the rung, never up', () => {
    expect(encodingFor(2, 'camera', 720).scaleResolutionDownBy).toBe(2);
    expect(encodingFor(2, 'camera', 540).scaleResolutionDownBy).toBe(1.5);
    expect(encodingFor(0, 'camera', 480).scaleResolutionDownBy).toBe(1);
    expect(encodingFor(2, 'camera', null).scaleResolutionDownBy).toBe(1);
  });

  it('keeps a shared screen at full resolution and a moderate frame rate', () => {
    const screen = encodingFor(LOWEST_RUNG, 'screen', 1080);
    expect(screen).toMatchObject({
      active: true,
      scaleResolutionDownBy: 1,
      maxSize: null,
      degradationPreference: 'maintain-resolution',
    });
    expect(encodingFor(0, 'screen', 1080).maxFramerate).toBeLessThanOrEqual(15);
  });

  it('captures at the size the best planned link needs, smaller as the room grows', () => {
    expect(captureFor(1)).toEqual({ width: 1280, height: 720, frameRate: 30 });
    // Before any link is planned: what a small tile of that room gets (with emphasis in small rooms).
    expect(captureFor(3).height).toBe(540);
    expect(captureFor(5)).toEqual({ width: 320, height: 180, frameRate: 15 });
    // Someone pins us in a six-person call: the camera captures that link's size.
    const pinned = planRungs(5, [{ view: 'large', emphasised: false, cap: 0 }, ...links(4)]);
    expect(captureFor(5, pinned)).toEqual({ width: 640, height: 360, frameRate: 20 });
    // Every link small: the camera captures no more than they send.
    expect(captureFor(5, planRungs(5, links(5))).height).toBe(180);
    // Nobody watches: nothing planned to size for, the room's default stands.
    expect(captureFor(5, [null, null]).height).toBe(180);
    for (let peers = 1; peers <= 7; peers++) {
      const plan = planRungs(peers, links(peers, { view: 'large', emphasised: true, cap: 0 }));
      const best = Math.min(...plan.map(Number));
      expect(LADDER[best]?.height).toBe(captureFor(peers, plan).height);
    }
  });

  it('gives the speaker no better rung in rooms of six or more, where every tile is small', () => {
    const plain = planRungs(5, links(5));
    const speaking = planRungs(5, links(5, { view: 'small', emphasised: true, cap: 0 }));
    expect(speaking).toEqual(plain);
    expect(planRungs(4, links(4, { view: 'small', emphasised: true, cap: 0 }))[0]).toBeLessThan(
      planRungs(4, links(4))[0] ?? 0,
    );
  });
});
