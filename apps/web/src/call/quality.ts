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

/**
 * Whether a new grade would show the same as the one on screen: the same level, and
 * figures within what a person would notice (round trip within 10 ms or 10 %, loss within
 * half a point, frame rate within 2 fps). The stats are read every few seconds and their
 * figures jitter; only a visible change should re-render a tile.
 */
export function looksTheSame(shown: Quality | null, next: Quality): boolean {
  if (!shown || shown.level !== next.level) return false;
  const near = (a: number | null, b: number | null, within: number) =>
    a === null || b === null ? a === b : Math.abs(a - b) <= within;
  return (
    near(shown.rttMs, next.rttMs, Math.max(10, (shown.rttMs ?? 0) * 0.1)) &&
    near(shown.lossPercent, next.lossPercent, 0.5) &&
    near(shown.fps, next.fps, 2)
  );
}
