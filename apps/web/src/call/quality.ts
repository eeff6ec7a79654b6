/** How a remote participant's connection looks from here. */
export interface Quality {
  level: 'good' | 'fair' | 'poor';
  /** Round-trip time of the connection, in milliseconds. */
  rttMs: number | null;
  /** Share of incoming packets lost since the last sample, in percent. */
  lossPercent: number | null;
  /** Frames per second of the incoming video. */
  fps: number | null;
}

/** Counters carried from one sample to the next. */
export interface QualitySample {
  packetsReceived: number;
  packetsLost: number;
}

interface StatLike {
  type: string;
  kind?: string;
  state?: string;
  nominated?: boolean;
  currentRoundTripTime?: number;
  packetsReceived?: number;
  packetsLost?: number;
  framesPerSecond?: number;
}

/**
 * Grades a connection from `getStats()`: round trip over 400 ms, loss over 5 % or video
 * under 10 fps is poor; over 200 ms, 2 % or 20 fps is fair. Loss is counted since `previous`.
 *
 * @example qualityFromStats(await pc.getStats(), lastSample)
 */
export function qualityFromStats(
  report: Iterable<StatLike> | { values(): Iterable<StatLike> },
  previous?: QualitySample,
): { quality: Quality; sample: QualitySample } {
  const stats = [...('values' in report ? report.values() : report)];
  const pair = stats.find(
    (s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated !== false,
  );
  const inbound = stats.filter((s) => s.type === 'inbound-rtp');
  const video = inbound.find((s) => s.kind === 'video');
  const packetsReceived = inbound.reduce((sum, s) => sum + (s.packetsReceived ?? 0), 0);
  const packetsLost = inbound.reduce((sum, s) => sum + (s.packetsLost ?? 0), 0);
  const received = packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = packetsLost - (previous?.packetsLost ?? 0);
  const rttMs =
    pair?.currentRoundTripTime !== undefined ? Math.round(pair.currentRoundTripTime * 1000) : null;
  const lossPercent =
    received + lost > 0 ? Math.round((Math.max(0, lost) / (received + lost)) * 1000) / 10 : null;
  const fps = video?.framesPerSecond !== undefined ? Math.round(video.framesPerSecond) : null;
  const worst = (poor: boolean, fair: boolean) => (poor ? 2 : fair ? 1 : 0);
  const score = Math.max(
    worst((rttMs ?? 0) > 400, (rttMs ?? 0) > 200),
    worst((lossPercent ?? 0) > 5, (lossPercent ?? 0) > 2),
    fps === null ? 0 : worst(fps < 10, fps < 20),
  );
  return {
    quality: { level: (['good', 'fair', 'poor'] as const)[score] ?? 'good', rttMs, lossPercent, fps },
    sample: { packetsReceived, packetsLost },
  };
}
