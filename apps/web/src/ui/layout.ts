import type { RemoteView } from '@moim/protocol';

/** How the viewer chose to see the call when nothing else decides: everyone alike, or the speaker large. */
export type LayoutMode = 'grid' | 'speaker';

/**
 * Where a tile goes: `main` fills the stage (pinned, a shared screen, the speaker, the other
 * person of a call of two), `grid` shares it alike, `strip` lines up small beside or under
 * `main`, `float` is one's own small preview over a corner.
 */
export type Place = 'main' | 'grid' | 'strip' | 'float';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface TileFit {
  columns: number;
  rows: number;
  /** Size of each tile in CSS pixels; 0 when the area has no size yet. */
  tileWidth: number;
  tileHeight: number;
}

export interface AspectRange {
  /** The narrowest tile (width / height) the videos are cropped to. */
  min: number;
  /** The widest. */
  max: number;
}

/** Cameras are 4:3 or 16:9; a tile may crop them to its own shape within these. */
const LANDSCAPE: AspectRange = { min: 4 / 3, max: 16 / 9 };
/** A portrait area (a phone held upright) takes taller tiles, cover-cropped, instead of letterboxing. */
const PORTRAIT: AspectRange = { min: 9 / 16, max: 16 / 9 };

/** The tile shapes that suit an area: taller ones only where the area is itself taller than wide. */
export function aspectsFor(width: number, height: number): AspectRange {
  return width >= height ? LANDSCAPE : PORTRAIT;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * The grid that shows `count` tiles as large as possible (by area) inside a `width` x
 * `height` area: tries every column count; each tile takes its cell's shape, kept within
 * `aspect`.
 *
 * @example fitTiles(2, 1200, 640) // two tiles side by side
 * @example fitTiles(4, 348, 600)  // a phone: two columns of tall tiles
 */
export function fitTiles(
  count: number,
  width: number,
  height: number,
  gap = 12,
  aspect: AspectRange = aspectsFor(width, height),
): TileFit {
  const tiles = Math.max(1, count);
  let best: TileFit = { columns: 1, rows: tiles, tileWidth: 0, tileHeight: 0 };
  if (width <= 0 || height <= 0) return best;
  for (let columns = 1; columns <= tiles; columns++) {
    const rows = Math.ceil(tiles / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    if (cellWidth <= 0 || cellHeight <= 0) continue;
    const shape = clamp(cellWidth / cellHeight, aspect.min, aspect.max);
    const tileWidth = Math.floor(Math.min(cellWidth, cellHeight * shape));
    const tileHeight = Math.floor(Math.min(cellHeight, tileWidth / shape));
    if (tileWidth * tileHeight > best.tileWidth * best.tileHeight) {
      best = { columns, rows, tileWidth, tileHeight };
    }
  }
  return best;
}

export interface StageInput {
  selfId: string | null;
  /** Everyone else, in order of arrival. */
  remoteIds: readonly string[];
  mode: LayoutMode;
  pinned: string | null;
  /** Who shares a screen (oneself included), in the order they started: the latest is shown. */
  screens: readonly string[];
  /** The active speaker, held a few seconds (see holdSpeaker); used in speaker view. */
  speaker: string | null;
  /** The viewer's own choice for their tile: a floating preview (true), in line (false), or left to the layout (null). */
  selfFloat: boolean | null;
  /** Remote tiles the viewer minimised (never the pinned one): their video is not wanted. */
  collapsed: ReadonlySet<string>;
}

export interface Arrangement {
  /** The tile that fills the stage, if one does. */
  main: string | null;
  /** `main` is a shared screen: shown whole, as large as the stage allows. */
  mainIsScreen: boolean;
  /** Tiles sharing the stage alike (when there is no `main`). */
  grid: string[];
  /** Small tiles beside or under `main` (or the grid): the others, and minimised ones. */
  strip: string[];
  /** One's own tile as a small preview over a corner. */
  float: string | null;
  /** Every tile's place. */
  places: Record<string, Place>;
}

/**
 * Decides what the stage shows, before any geometry: a pinned tile, else the latest shared
 * screen, else (speaker view) the active speaker, else in a call of two the other person
 * fill the stage; otherwise everyone shares it as a grid. One's own tile floats small over
 * the other person in a call of two, or wherever the viewer made it small.
 *
 * @example arrangeStage({ selfId: 'a', remoteIds: ['b'], mode: 'grid', pinned: null, screens: [],
 *   speaker: null, selfFloat: null, collapsed: new Set() }) // { main: 'b', float: 'a', ... }
 */
export function arrangeStage(input: StageInput): Arrangement {
  const { selfId, remoteIds, mode, pinned, screens, speaker, collapsed } = input;
  const everyone = selfId ? [selfId, ...remoteIds] : [...remoteIds];
  const visible = (id: string | null | undefined): id is string =>
    !!id && everyone.includes(id) && !collapsed.has(id);
  const seen = remoteIds.filter((id) => !collapsed.has(id));
  const screen = [...screens].reverse().find(visible) ?? null;
  const first = seen[0] ?? null;
  let main: string | null = null;
  if (pinned && everyone.includes(pinned)) main = pinned;
  else if (screen) main = screen;
  else if (mode === 'speaker') main = visible(speaker) && speaker !== selfId ? speaker : first;
  else if (remoteIds.length === 1) main = first;
  const mainIsScreen = main !== null && screens.includes(main);
  // In a call of two one's own tile floats over the other person's camera (not over a
  // screen, whose corners hold what is shared), unless the viewer chose otherwise.
  const autoFloat = main !== null && main !== selfId && remoteIds.length === 1 && !mainIsScreen;
  const float = selfId && selfId !== main && (input.selfFloat ?? autoFloat) ? selfId : null;
  const rest = everyone.filter((id) => id !== main && id !== float);
  const inLine = rest.filter((id) => !collapsed.has(id));
  const hidden = rest.filter((id) => collapsed.has(id));
  const grid = main === null ? inLine : [];
  const strip = main === null ? hidden : [...inLine, ...hidden];
  const places: Record<string, Place> = {};
  if (main) places[main] = 'main';
  for (const id of grid) places[id] = 'grid';
  for (const id of strip) places[id] = 'strip';
  if (float) places[float] = 'float';
  return { main, mainIsScreen, grid, strip, float, places };
}

/**
 * What each remote's sender needs to send us for where its tile is: the stage-filling
 * tile large, grid and strip tiles small, a minimised one nothing.
 */
export function viewsOf(
  arrangement: Arrangement,
  remoteIds: readonly string[],
  collapsed: ReadonlySet<string>,
): Record<string, RemoteView> {
  const views: Record<string, RemoteView> = {};
  for (const id of remoteIds) {
    const place = arrangement.places[id];
    views[id] = collapsed.has(id) ? 'hidden' : place === 'main' ? 'large' : 'small';
  }
  return views;
}

/**
 * Width (side strip) or height (bottom strip) of the strip: a share of the stage, within
 * bounds; a row of many people underneath gets two rows' room.
 */
const SIDE_STRIP = { share: 0.2, min: 140, max: 260 };
const BOTTOM_STRIP = { share: 0.2, many: 0.3, min: 72, max: 200 };
/** More than this many small tiles under the stage take two rows. */
const BOTTOM_STRIP_ONE_ROW = 3;
/** One's own floating preview: a share of the shorter side of what it floats over. */
const FLOAT = { share: 0.25, min: 90, max: 180, inset: 12 };

/** Lays `ids` out as the largest grid that fits `area`, centred, the last row centred too. */
function placeGrid(
  ids: readonly string[],
  area: Rect,
  gap: number,
  aspect: AspectRange,
  rects: Record<string, Rect>,
) {
  if (ids.length === 0) return;
  const fit = fitTiles(ids.length, area.width, area.height, gap, aspect);
  const { columns, tileWidth: width, tileHeight: height } = fit;
  const rows = Math.ceil(ids.length / columns);
  const top = area.y + (area.height - (rows * height + (rows - 1) * gap)) / 2;
  ids.forEach((id, index) => {
    const row = Math.floor(index / columns);
    const inRow = Math.min(columns, ids.length - row * columns);
    const left = area.x + (area.width - (inRow * width + (inRow - 1) * gap)) / 2;
    rects[id] = {
      x: Math.round(left + (index % columns) * (width + gap)),
      y: Math.round(top + row * (height + gap)),
      width,
      height,
    };
  });
}

/** The stage-filling tile: a screen takes the whole area, a camera as much as a sensible crop allows. */
function placeMain(area: Rect, screen: boolean): Rect {
  if (screen) return { ...area };
  const fit = fitTiles(1, area.width, area.height, 0, { min: 9 / 16, max: 16 / 9 });
  return {
    x: Math.round(area.x + (area.width - fit.tileWidth) / 2),
    y: Math.round(area.y + (area.height - fit.tileHeight) / 2),
    width: fit.tileWidth,
    height: fit.tileHeight,
  };
}

/** How much of `area` a 16:9 screen shown whole takes. */
function screenArea(area: Rect): number {
  const { tileWidth, tileHeight } = fitTiles(1, area.width, area.height, 0, { min: 16 / 9, max: 16 / 9 });
  return tileWidth * tileHeight;
}

/** One's own preview in the bottom-right corner of `over`, shaped like the stage (taller on a phone). */
function placeFloat(over: Rect): Rect {
  const short = Math.min(over.width, over.height);
  const portrait = over.height > over.width;
  const size = Math.round(clamp(short * FLOAT.share, FLOAT.min, FLOAT.max));
  const width = portrait ? size : Math.round((size * 4) / 3);
  const height = portrait ? Math.round((size * 4) / 3) : size;
  const inset = Math.min(FLOAT.inset, Math.max(0, short / 20));
  return {
    x: Math.round(over.x + over.width - width - inset),
    y: Math.round(over.y + over.height - height - inset),
    width,
    height,
  };
}

/**
 * Where every tile of `arrangement` goes in a `width` x `height` stage, in CSS pixels from
 * its top-left corner: nothing before the stage has a size. A landscape stage puts the strip
 * in a column on the right, a portrait one in a row underneath.
 *
 * @example placeTiles(arrangeStage(input), 1040, 720) // { a: { x, y, width, height }, ... }
 */
export function placeTiles(
  arrangement: Arrangement,
  width: number,
  height: number,
  gap = 12,
): Record<string, Rect> {
  const rects: Record<string, Rect> = {};
  if (width <= 0 || height <= 0) return rects;
  let area: Rect = { x: 0, y: 0, width, height };
  const { main, grid, strip, float } = arrangement;
  if (strip.length > 0 && (main !== null || grid.length > 0)) {
    const sideWidth = Math.round(
      clamp(width * SIDE_STRIP.share, SIDE_STRIP.min, Math.min(SIDE_STRIP.max, width / 2)),
    );
    const bottomHeight = Math.round(
      clamp(
        height * (strip.length > BOTTOM_STRIP_ONE_ROW ? BOTTOM_STRIP.many : BOTTOM_STRIP.share),
        BOTTOM_STRIP.min,
        Math.min(BOTTOM_STRIP.max, height / 2),
      ),
    );
    const beside: Rect = { x: 0, y: 0, width: width - sideWidth - gap, height };
    const above: Rect = { x: 0, y: 0, width, height: height - bottomHeight - gap };
    // A shared screen (most are 16:9) goes where it is shown larger; people beside on a
    // landscape stage (less of a face cropped), underneath on a portrait one.
    const side = arrangement.mainIsScreen ? screenArea(beside) >= screenArea(above) : width >= height;
    if (side) {
      placeGrid(strip, { x: width - sideWidth, y: 0, width: sideWidth, height }, gap, LANDSCAPE, rects);
      area = beside;
    } else {
      placeGrid(strip, { x: 0, y: height - bottomHeight, width, height: bottomHeight }, gap, PORTRAIT, rects);
      area = above;
    }
  } else if (strip.length > 0) {
    // Only minimised tiles (and perhaps one's own preview): they share the stage, small.
    placeGrid(strip, area, gap, aspectsFor(width, height), rects);
  }
  if (main !== null) rects[main] = placeMain(area, arrangement.mainIsScreen);
  placeGrid(grid, area, gap, aspectsFor(area.width, area.height), rects);
  if (float !== null) rects[float] = placeFloat(main !== null ? (rects[main] ?? area) : area);
  return rects;
}

/** The speaker on the stage in speaker view, and since when they hold it. */
export interface HeldSpeaker {
  id: string | null;
  /** When they last spoke, or were put on the stage: another speaker waits until HOLD after it. */
  at: number;
}

/** Once on the stage, a speaker stays this long after they last spoke: a short "yes" from someone else does not flip it. */
export const SPEAKER_HOLD_MS = 3000;

/**
 * The next speaker for speaker view. The one on the stage stays while they speak and for
 * `holdMs` after; then the first of `candidates` who speaks takes it. Nobody having spoken
 * yet, the first candidate is shown. `recheckIn` says when to ask again if nothing else
 * changes (someone else is speaking but the hold has not run out).
 *
 * @example holdSpeaker({ id: 'b', at: 0 }, ['c'], ['b', 'c'], 1000) // b stays; recheckIn 2000
 */
export function holdSpeaker(
  held: HeldSpeaker,
  speaking: readonly string[],
  candidates: readonly string[],
  now: number,
  holdMs = SPEAKER_HOLD_MS,
): { held: HeldSpeaker; recheckIn: number | null } {
  const talking = speaking.filter((id) => candidates.includes(id));
  const current = held.id !== null && candidates.includes(held.id) ? held.id : null;
  if (current === null) {
    const first = talking[0];
    return {
      held: first ? { id: first, at: now } : { id: candidates[0] ?? null, at: Number.NEGATIVE_INFINITY },
      recheckIn: null,
    };
  }
  if (talking.includes(current)) return { held: { id: current, at: now }, recheckIn: null };
  const next = talking[0];
  if (!next) return { held, recheckIn: null };
  const left = held.at + holdMs - now;
  if (left > 0) return { held, recheckIn: left };
  return { held: { id: next, at: now }, recheckIn: null };
}
