import { describe, expect, it } from 'vitest';
import {
  captureFor,
  encodingFor,
  LADDER,
  type LinkDemand,
  LOWEST_RUNG,
  PAUSED,
  planEncodings,
  planRungs,
  UPLOAD_BUDGET_BPS,
} from './ladder';

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

  it('steps down in size as the mesh grows: 540p, then 360p, then 270p for small tiles', () => {
    const height = (peers: number) => LADDER[planRungs(peers, links(peers))[0] ?? 0]?.height;
    expect(height(2)).toBe(540);
    expect(height(3)).toBe(360);
    expect(height(5)).toBe(360);
    expect(height(7)).toBe(270);
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
      degradationPreference: 'maintain-resolution',
    });
    expect(encodingFor(0, 'screen', 1080).maxFramerate).toBeLessThanOrEqual(15);
  });

  it('captures at the size the best link needs, smaller as the room grows', () => {
    expect(captureFor(1)).toEqual({ width: 1280, height: 720, frameRate: 30 });
    expect(captureFor(3).height).toBe(540);
    expect(captureFor(5).height).toBe(360);
    expect(captureFor(7).height).toBeLessThanOrEqual(360);
    for (let peers = 1; peers <= 7; peers++) {
      const best = Math.min(
        ...planRungs(peers, links(peers, { view: 'large', emphasised: true, cap: 0 })).map(Number),
      );
      expect(LADDER[best]?.height).toBeLessThanOrEqual(captureFor(peers).height);
    }
  });
});
