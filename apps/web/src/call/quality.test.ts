import { describe, expect, it } from 'vitest';
import { looksTheSame, qualityFromStats } from './quality';

const stats = ({ rtt = 0.04, received = 1000, lost = 0, fps = 30 } = {}) => [
  { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: rtt },
  { type: 'inbound-rtp', kind: 'video', packetsReceived: received, packetsLost: lost, framesPerSecond: fps },
  { type: 'inbound-rtp', kind: 'audio', packetsReceived: 0, packetsLost: 0 },
];

describe('qualityFromStats', () => {
  it('calls a fast, clean, smooth connection good, with its figures', () => {
    expect(qualityFromStats(stats()).quality).toEqual({ level: 'good', rttMs: 40, lossPercent: 0, fps: 30 });
  });

  it.each([
    [{ rtt: 0.25 }, 'fair'],
    [{ rtt: 0.5 }, 'poor'],
    [{ lost: 30 }, 'fair'],
    [{ lost: 100 }, 'poor'],
    [{ fps: 15 }, 'fair'],
    [{ fps: 5 }, 'poor'],
  ])('grades %j as %s', (figures, level) => {
    expect(qualityFromStats(stats(figures)).quality.level).toBe(level);
  });

  it('counts loss since the previous sample, not since the call began', () => {
    const first = qualityFromStats(stats({ received: 1000, lost: 100 }));
    expect(first.quality.lossPercent).toBeCloseTo(9.1, 1);
    const later = qualityFromStats(stats({ received: 2000, lost: 100 }), first.sample);
    expect(later.quality).toMatchObject({ level: 'good', lossPercent: 0 });
  });
});

describe('looksTheSame', () => {
  const shown = { level: 'good', rttMs: 40, lossPercent: 0, fps: 15 } as const;

  it('keeps what is shown while the figures only jitter', () => {
    expect(looksTheSame(shown, { ...shown, rttMs: 48, fps: 14 })).toBe(true);
    expect(looksTheSame(shown, { ...shown, lossPercent: 0.4 })).toBe(true);
  });

  it('changes it when the level changes or a figure moves visibly', () => {
    expect(looksTheSame(shown, { ...shown, level: 'fair' })).toBe(false);
    expect(looksTheSame(shown, { ...shown, rttMs: 80 })).toBe(false);
    expect(looksTheSame(shown, { ...shown, fps: 11 })).toBe(false);
    expect(looksTheSame(shown, { ...shown, lossPercent: 1 })).toBe(false);
    expect(looksTheSame(shown, { ...shown, fps: null })).toBe(false);
  });

  it('shows the first grade there is', () => {
    expect(looksTheSame(null, shown)).toBe(false);
  });
});
