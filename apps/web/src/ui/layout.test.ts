import { describe, expect, it } from 'vitest';
import {
  arrangeStage,
  fitTiles,
  holdSpeaker,
  placeTiles,
  type Rect,
  type StageInput,
  viewsOf,
} from './layout';

/** A laptop's stage beside the chat (1440x900), and a phone's held upright (360x740). */
const LAPTOP = { width: 1040, height: 720 };
const PHONE = { width: 344, height: 560 };

const people = (count: number) => Array.from({ length: count - 1 }, (_, index) => `r${index + 1}`);

function stage(count: number, patch: Partial<StageInput> = {}): StageInput {
  return {
    selfId: 'me',
    remoteIds: people(count),
    mode: 'grid',
    pinned: null,
    screens: [],
    speaker: null,
    selfFloat: null,
    collapsed: new Set(),
    ...patch,
  };
}

const area = (rect: Rect | undefined) => (rect ? rect.width * rect.height : 0);

/** Every box inside the stage, and no two tiles of the grid or strip overlapping. */
function expectTidy(rects: Record<string, Rect>, size: { width: number; height: number }, float?: string) {
  const boxes = Object.entries(rects);
  for (const [, rect] of boxes) {
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.y).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(size.width + 0.5);
    expect(rect.y + rect.height).toBeLessThanOrEqual(size.height + 0.5);
  }
  const laid = boxes.filter(([id]) => id !== float);
  for (const [a, one] of laid) {
    for (const [b, other] of laid) {
      if (a >= b) continue;
      const apart =
        one.x + one.width <= other.x ||
        other.x + other.width <= one.x ||
        one.y + one.height <= other.y ||
        other.y + other.height <= one.y;
      expect(apart, `${a} and ${b} overlap`).toBe(true);
    }
  }
}

describe('fitTiles', () => {
  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [4, 2, 2],
    [8, 3, 3],
  ])('puts %i tiles on a laptop stage in %i columns and %i rows', (count, columns, rows) => {
    const fit = fitTiles(count, 1200, 640, 12);
    expect({ columns: fit.columns, rows: fit.rows }).toEqual({ columns, rows });
    // Everything fits without scrolling.
    expect(fit.columns * fit.tileWidth + (fit.columns - 1) * 12).toBeLessThanOrEqual(1200);
    expect(fit.rows * fit.tileHeight + (fit.rows - 1) * 12).toBeLessThanOrEqual(640);
  });

  it('keeps tiles between 4:3 and 16:9 on a landscape stage', () => {
    for (const count of [1, 2, 3, 4, 8]) {
      const { tileWidth, tileHeight } = fitTiles(count, LAPTOP.width, LAPTOP.height);
      expect(tileWidth / tileHeight).toBeGreaterThanOrEqual(4 / 3 - 0.02);
      expect(tileWidth / tileHeight).toBeLessThanOrEqual(16 / 9 + 0.02);
    }
  });

  it('stacks two tiles on a phone, full width', () => {
    expect(fitTiles(2, 340, 420)).toMatchObject({ columns: 1, rows: 2, tileWidth: 340 });
  });

  it('gives a phone held upright tall tiles that use its height, not letterboxed 16:9 ones', () => {
    const fit = fitTiles(4, PHONE.width, PHONE.height, 8);
    expect(fit).toMatchObject({ columns: 2, rows: 2 });
    expect(fit.tileHeight).toBeGreaterThan(fit.tileWidth);
    // The two rows fill the height.
    expect(2 * fit.tileHeight + 8).toBeGreaterThan(PHONE.height - 4);
  });

  it('makes tiles smaller as people join', () => {
    const areas = [1, 2, 4, 8].map((count) => {
      const fit = fitTiles(count, LAPTOP.width, LAPTOP.height);
      return fit.tileWidth * fit.tileHeight;
    });
    expect([...areas].sort((a, b) => b - a)).toEqual(areas);
  });

  it('gives no size before the stage has one', () => {
    expect(fitTiles(3, 0, 0).tileWidth).toBe(0);
  });
});

describe('arrangeStage', () => {
  it('alone: one tile, in the grid', () => {
    expect(arrangeStage(stage(1))).toMatchObject({ main: null, grid: ['me'], strip: [], float: null });
  });

  it('two people: the other fills the stage, one’s own tile floats small over it', () => {
    expect(arrangeStage(stage(2))).toMatchObject({ main: 'r1', grid: [], strip: [], float: 'me' });
  });

  it('two people, own tile put back in line: it goes to the strip', () => {
    expect(arrangeStage(stage(2, { selfFloat: false }))).toMatchObject({
      main: 'r1',
      strip: ['me'],
      float: null,
    });
  });

  it.each([3, 4, 8])('%i people in grid view: everyone alike, oneself first', (count) => {
    const arrangement = arrangeStage(stage(count));
    expect(arrangement.main).toBeNull();
    expect(arrangement.grid).toEqual(['me', ...people(count)]);
  });

  it('a shared screen fills the stage for everyone, the latest if two share', () => {
    expect(arrangeStage(stage(4, { screens: ['r2'] }))).toMatchObject({
      main: 'r2',
      mainIsScreen: true,
      strip: ['me', 'r1', 'r3'],
    });
    expect(arrangeStage(stage(4, { screens: ['r2', 'r1'] })).main).toBe('r1');
    // Also for the one sharing: their own tile (which shows no picture of the screen).
    expect(arrangeStage(stage(2, { screens: ['me'] }))).toMatchObject({
      main: 'me',
      strip: ['r1'],
      float: null,
    });
  });

  it('in a call of two, one’s own tile does not float over a shared screen', () => {
    expect(arrangeStage(stage(2, { screens: ['r1'] }))).toMatchObject({
      main: 'r1',
      strip: ['me'],
      float: null,
    });
  });

  it('a pinned tile comes before a shared screen', () => {
    expect(arrangeStage(stage(3, { screens: ['r1'], pinned: 'r2' }))).toMatchObject({
      main: 'r2',
      strip: ['me', 'r1'],
    });
  });

  it('speaker view shows the speaker large, the first other person before anyone spoke', () => {
    expect(arrangeStage(stage(4, { mode: 'speaker', speaker: 'r3' }))).toMatchObject({
      main: 'r3',
      strip: ['me', 'r1', 'r2'],
    });
    expect(arrangeStage(stage(4, { mode: 'speaker' })).main).toBe('r1');
    // Never oneself: one knows one is speaking.
    expect(arrangeStage(stage(4, { mode: 'speaker', speaker: 'me' })).main).toBe('r1');
  });

  it('minimised tiles go to the strip and get nothing; a screen they share is not forced on the viewer', () => {
    const collapsed = new Set(['r2']);
    const arrangement = arrangeStage(stage(4, { collapsed, screens: ['r2'] }));
    expect(arrangement).toMatchObject({ main: null, grid: ['me', 'r1', 'r3'], strip: ['r2'] });
    expect(viewsOf(arrangement, people(4), collapsed)).toEqual({ r1: 'small', r2: 'hidden', r3: 'small' });
  });

  it('tells each sender how it is shown: large on the stage, small in a grid or strip', () => {
    const none = new Set<string>();
    expect(viewsOf(arrangeStage(stage(2)), ['r1'], none)).toEqual({ r1: 'large' });
    expect(viewsOf(arrangeStage(stage(3)), people(3), none)).toEqual({ r1: 'small', r2: 'small' });
    expect(viewsOf(arrangeStage(stage(4, { screens: ['r3'] })), people(4), none)).toEqual({
      r1: 'small',
      r2: 'small',
      r3: 'large',
    });
    expect(viewsOf(arrangeStage(stage(3, { mode: 'speaker', speaker: 'r2' })), people(3), none)).toEqual({
      r1: 'small',
      r2: 'large',
    });
  });
});

describe('placeTiles', () => {
  it.each([
    [LAPTOP, 1],
    [LAPTOP, 2],
    [LAPTOP, 3],
    [LAPTOP, 4],
    [LAPTOP, 8],
    [PHONE, 1],
    [PHONE, 2],
    [PHONE, 4],
    [PHONE, 8],
  ])('keeps every tile inside a %o stage without overlaps, %i people', (size, count) => {
    for (const patch of [{}, { mode: 'speaker' as const }, { screens: ['r1'] }]) {
      const arrangement = arrangeStage(stage(count, patch));
      const rects = placeTiles(arrangement, size.width, size.height);
      expect(Object.keys(rects).sort()).toEqual(['me', ...people(count)].sort());
      expectTidy(rects, size, arrangement.float ?? undefined);
    }
  });

  it('two people on a laptop: the other fills the stage, one’s own preview is a fraction of it', () => {
    const rects = placeTiles(arrangeStage(stage(2)), LAPTOP.width, LAPTOP.height);
    expect(rects.r1).toEqual({ x: 0, y: 0, width: LAPTOP.width, height: LAPTOP.height });
    expect(area(rects.me)).toBeLessThan(area(rects.r1) / 8);
    // In the bottom-right corner, over the other person.
    expect(rects.me?.x).toBeGreaterThan(LAPTOP.width / 2);
    expect(rects.me?.y).toBeGreaterThan(LAPTOP.height / 2);
  });

  it('two people on a phone: the other fills the height, one’s own preview is upright', () => {
    const rects = placeTiles(arrangeStage(stage(2)), PHONE.width, PHONE.height, 8);
    expect(rects.r1).toMatchObject({ width: PHONE.width, height: PHONE.height });
    expect(rects.me?.height).toBeGreaterThan(rects.me?.width ?? 0);
  });

  it('a shared screen is the largest tile, the others in a row beneath it (where a 16:9 screen shows larger)', () => {
    for (const [size, gap] of [
      [LAPTOP, 12],
      [PHONE, 8],
    ] as const) {
      const rects = placeTiles(arrangeStage(stage(4, { screens: ['r2'] })), size.width, size.height, gap);
      const screen = rects.r2 ?? { x: 0, y: 0, width: 0, height: 0 };
      expect(screen.width).toBe(size.width);
      for (const id of ['me', 'r1', 'r3']) {
        expect(area(rects[id])).toBeLessThan(area(screen) / 6);
        expect(rects[id]?.y).toBeGreaterThan(screen.y + screen.height);
      }
    }
  });

  it('a speaker or a pinned camera keeps the others in a column beside it on a laptop', () => {
    const rects = placeTiles(
      arrangeStage(stage(4, { mode: 'speaker', speaker: 'r2' })),
      LAPTOP.width,
      LAPTOP.height,
    );
    const speaker = rects.r2 ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(speaker.height).toBe(LAPTOP.height);
    for (const id of ['me', 'r1', 'r3']) expect(rects[id]?.x).toBeGreaterThan(speaker.x + speaker.width);
  });

  it('a pinned tile fills the stage but for the strip: no half of it left empty', () => {
    const rects = placeTiles(arrangeStage(stage(4, { pinned: 'r1' })), LAPTOP.width, LAPTOP.height);
    expect(area(rects.r1)).toBeGreaterThan(0.6 * LAPTOP.width * LAPTOP.height);
  });

  it('a grid on a laptop fills most of the stage', () => {
    for (const count of [3, 4, 8]) {
      const rects = placeTiles(arrangeStage(stage(count)), LAPTOP.width, LAPTOP.height);
      const used = Object.values(rects).reduce((sum, rect) => sum + area(rect), 0);
      expect(used / (LAPTOP.width * LAPTOP.height)).toBeGreaterThan(count === 3 ? 0.45 : 0.6);
    }
  });

  it('a grid on a phone held upright uses its height', () => {
    for (const count of [3, 4, 8]) {
      const rects = Object.values(placeTiles(arrangeStage(stage(count)), PHONE.width, PHONE.height, 8));
      const top = Math.min(...rects.map((rect) => rect.y));
      const bottom = Math.max(...rects.map((rect) => rect.y + rect.height));
      expect(bottom - top).toBeGreaterThan(PHONE.height * 0.9);
    }
  });

  it('places nothing before the stage has a size', () => {
    expect(placeTiles(arrangeStage(stage(3)), 0, 0)).toEqual({});
  });
});

describe('holdSpeaker', () => {
  const everyone = ['b', 'c', 'd'];
  const none = { id: null, at: Number.NEGATIVE_INFINITY };

  it('starts with the first speaker, or the first person while nobody speaks', () => {
    expect(holdSpeaker(none, ['c'], everyone, 0).held).toEqual({ id: 'c', at: 0 });
    expect(holdSpeaker(none, [], everyone, 0).held.id).toBe('b');
  });

  it('switches at once from a person who has not spoken to the first who does', () => {
    const first = holdSpeaker(none, [], everyone, 0).held;
    expect(holdSpeaker(first, ['d'], everyone, 100).held).toEqual({ id: 'd', at: 100 });
  });

  it('keeps a speaker a few seconds after they stop, then moves to whoever speaks', () => {
    const c = holdSpeaker(none, ['c'], everyone, 0).held;
    const quiet = holdSpeaker(c, [], everyone, 500);
    expect(quiet).toEqual({ held: c, recheckIn: null });
    // Someone else says a word: not yet, ask again when the hold runs out.
    const soon = holdSpeaker(c, ['b'], everyone, 1000, 3000);
    expect(soon).toEqual({ held: c, recheckIn: 2000 });
    expect(holdSpeaker(c, ['b'], everyone, 3000, 3000).held).toEqual({ id: 'b', at: 3000 });
  });

  it('keeps a speaker who goes on speaking, whoever else speaks too', () => {
    const c = holdSpeaker(none, ['c'], everyone, 0).held;
    expect(holdSpeaker(c, ['b', 'c'], everyone, 10_000).held).toEqual({ id: 'c', at: 10_000 });
  });

  it('moves on when the speaker leaves or is minimised (no longer a candidate)', () => {
    const c = holdSpeaker(none, ['c'], everyone, 0).held;
    expect(holdSpeaker(c, [], ['b', 'd'], 100).held.id).toBe('b');
    expect(holdSpeaker(c, [], [], 100).held.id).toBeNull();
  });
});
