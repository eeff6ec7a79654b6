import { describe, expect, it } from 'vitest';
import { LADDER, LOWEST_RUNG, PAUSED, planRungs } from './ladder';
import { LinkAdapter, type LinkSample, linkSampleFromStats, START_UP_AFTER, UP_AFTER } from './link-adapter';

const fine: LinkSample = { availableOutgoingBitrate: 5_000_000, limitation: 'none' };
const cpu: LinkSample = { availableOutgoingBitrate: 5_000_000, limitation: 'cpu' };
const starved = (bps: number): LinkSample => ({ availableOutgoingBitrate: bps, limitation: 'bandwidth' });

/** Feeds samples as a session would: the link sends at the rung its cap allows. */
function run(adapter: LinkAdapter, samples: LinkSample[], wanted = 0) {
  const rungs: number[] = [];
  for (const sample of samples) {
    const [rung] = planRungs(1, [{ view: 'large', emphasised: false, cap: adapter.cap }]);
    adapter.sample(sample, rung ?? PAUSED);
    rungs.push(Math.max(adapter.cap, wanted));
  }
  return rungs;
}

describe('per-link adaptation', () => {
  it('climbs quickly from a low start until something goes wrong, then at the usual pace', () => {
    const adapter = new LinkAdapter(3);
    expect(START_UP_AFTER).toBeLessThan(UP_AFTER);
    expect(run(adapter, Array(2 * START_UP_AFTER).fill(fine))).toEqual([3, 2, 2, 1]);
    // Two CPU-limited samples: one rung down, and the fast climb is over (this step up just
    // failed, so the next try waits even longer than UP_AFTER good samples).
    expect(run(adapter, [cpu, cpu])).toEqual([1, 2]);
    expect(run(adapter, Array(UP_AFTER).fill(fine)).every((rung) => rung === 2)).toBe(true);
    expect(run(adapter, Array(UP_AFTER).fill(fine)).at(-1)).toBe(1);
  });

  it('ignores one bad sample, steps down one rung after two', () => {
    const adapter = new LinkAdapter();
    expect(run(adapter, [starved(600_000)])).toEqual([0]);
    expect(run(adapter, [fine, starved(600_000)])).toEqual([0, 0]);
    expect(run(adapter, [starved(600_000)])).toEqual([1]);
  });

  it('steps down when the encoder runs out of CPU, whatever the estimate', () => {
    const adapter = new LinkAdapter();
    run(adapter, [cpu, cpu]);
    expect(adapter.cap).toBe(1);
    run(adapter, [cpu, cpu]);
    expect(adapter.cap).toBe(2);
  });

  it('steps back up only after several good samples in a row', () => {
    const adapter = new LinkAdapter();
    run(adapter, [cpu, cpu]);
    expect(adapter.cap).toBe(1);
    run(adapter, Array(UP_AFTER - 1).fill(fine));
    expect(adapter.cap).toBe(1);
    run(adapter, [cpu, ...Array(UP_AFTER - 1).fill(fine)]);
    expect(adapter.cap).toBe(1); // The bad sample started the count again.
    run(adapter, [fine]);
    expect(adapter.cap).toBe(0);
  });

  it('never flips rung at every sample: a failed try up makes the next wait longer', () => {
    const adapter = new LinkAdapter();
    // A link that carries rung 1 but not rung 0.
    const sampleAt = (rung: number): LinkSample =>
      rung === 0 ? starved(1_000_000) : { availableOutgoingBitrate: 1_000_000, limitation: 'none' };
    const caps: number[] = [];
    for (let i = 0; i < 120; i++) {
      const rung = planRungs(1, [{ view: 'large', emphasised: false, cap: adapter.cap }])[0] ?? PAUSED;
      adapter.sample(sampleAt(rung), rung);
      caps.push(adapter.cap);
    }
    const changes = caps.filter((cap, i) => i > 0 && cap !== caps[i - 1]).length;
    // Down at once, then tries up at growing intervals (5, 10, 20, 40 samples): few changes.
    expect(changes).toBeLessThanOrEqual(9);
    expect(caps.filter((cap) => cap === 0).length).toBeLessThan(15);
    for (let i = 1; i < caps.length; i++) {
      if (caps[i] !== caps[i - 1]) expect(caps[i + 1] ?? caps[i]).toBe(caps[i]);
    }
  });

  it('does not step up on a rung held down by the view, not by the cap', () => {
    const adapter = new LinkAdapter();
    // The link sends rung 3 because the tile is small: the cap (0) is not what holds it.
    for (let i = 0; i < 20; i++) adapter.sample(fine, 3);
    expect(adapter.cap).toBe(0);
    // It steps down from where it is, not from the cap.
    adapter.sample(starved(100_000), 3);
    adapter.sample(starved(100_000), 3);
    expect(adapter.cap).toBe(4);
  });

  it('pauses video at the lowest rung only when the estimate cannot carry it, and tries again later', () => {
    const adapter = new LinkAdapter();
    adapter.cap = LOWEST_RUNG;
    run(adapter, [cpu, cpu, cpu, cpu]);
    expect(adapter.paused).toBe(false); // CPU alone never pauses.
    run(adapter, [starved(40_000), starved(40_000)]);
    expect(adapter.paused).toBe(true);
    // While paused, a low estimate keeps it paused; a good one brings video back at the lowest rung.
    run(adapter, Array(10).fill(starved(40_000)));
    expect(adapter.paused).toBe(true);
    run(adapter, Array(UP_AFTER).fill({ availableOutgoingBitrate: 300_000, limitation: 'none' }));
    expect(adapter.paused).toBe(false);
    expect(adapter.cap).toBe(LOWEST_RUNG);
  });

  it('waits longer before trying video again after a resume that failed at once', () => {
    const adapter = new LinkAdapter();
    adapter.cap = LOWEST_RUNG;
    run(adapter, [starved(40_000), starved(40_000)]);
    run(adapter, Array(UP_AFTER).fill({ availableOutgoingBitrate: 300_000, limitation: 'none' }));
    expect(adapter.paused).toBe(false);
    run(adapter, [starved(40_000), starved(40_000)]);
    expect(adapter.paused).toBe(true);
    run(adapter, Array(UP_AFTER).fill({ availableOutgoingBitrate: 300_000, limitation: 'none' }));
    expect(adapter.paused).toBe(true);
    run(adapter, Array(UP_AFTER).fill({ availableOutgoingBitrate: 300_000, limitation: 'none' }));
    expect(adapter.paused).toBe(false);
  });

  it("climbs while the estimate has room for the rung above, though Chromium says 'bandwidth'", () => {
    // Chromium reports 'bandwidth' when the encoder meets our own maxBitrate, with a
    // 3.2 Mb/s estimate: the estimate decides, and a link held at its start rung climbs.
    const capped: LinkSample = { availableOutgoingBitrate: 3_200_000, limitation: 'bandwidth' };
    const adapter = new LinkAdapter(3);
    expect(run(adapter, Array(2 * START_UP_AFTER).fill(capped))).toEqual([3, 2, 2, 1]);
    // An estimate short of the rung above holds the link where it is...
    const tight = new LinkAdapter(3);
    const between = (LADDER[3]?.maxBitrate ?? 0) + 10_000;
    expect(between).toBeLessThan(LADDER[2]?.maxBitrate ?? 0);
    run(tight, Array(3 * UP_AFTER).fill({ availableOutgoingBitrate: between, limitation: 'none' }));
    expect(tight.cap).toBe(3);
    // ...and without an estimate, 'bandwidth' is all there is to go by.
    const blind = new LinkAdapter(3);
    run(blind, Array(3 * UP_AFTER).fill({ availableOutgoingBitrate: null, limitation: 'bandwidth' }));
    expect(blind.cap).toBe(3);
  });

  it('reads the estimate of the pair in use, the one the transport names', () => {
    const report = [
      { type: 'candidate-pair', id: 'old', state: 'succeeded', nominated: true },
      {
        type: 'candidate-pair',
        id: 'used',
        state: 'succeeded',
        nominated: true,
        availableOutgoingBitrate: 2e6,
      },
      { type: 'transport', selectedCandidatePairId: 'used' },
      { type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'none' },
    ];
    expect(linkSampleFromStats(report)?.availableOutgoingBitrate).toBe(2e6);
  });

  it('reads the estimate and the limitation from a stats report', () => {
    const report = [
      { type: 'candidate-pair', state: 'succeeded', nominated: true, availableOutgoingBitrate: 812_000 },
      { type: 'candidate-pair', state: 'failed', availableOutgoingBitrate: 1 },
      { type: 'outbound-rtp', kind: 'audio' },
      { type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'bandwidth' },
    ];
    expect(linkSampleFromStats(report)).toEqual({
      availableOutgoingBitrate: 812_000,
      limitation: 'bandwidth',
    });
    expect(linkSampleFromStats([{ type: 'outbound-rtp', kind: 'video' }])).toEqual({
      availableOutgoingBitrate: null,
      limitation: null,
    });
    // No video sent on this link: nothing to adapt.
    expect(linkSampleFromStats([report[0]])).toBeNull();
    expect(LADDER.length).toBeGreaterThan(3);
  });
});
