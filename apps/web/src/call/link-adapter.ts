import { LADDER, LOWEST_RUNG, PAUSED } from './ladder';

/** What one stats sample says about one link's outgoing video. */
export interface LinkSample {
  /** The candidate pair's `availableOutgoingBitrate` (bits/s): the link's estimate. */
  availableOutgoingBitrate: number | null;
  /** The video outbound-rtp's `qualityLimitationReason`. */
  limitation: 'none' | 'cpu' | 'bandwidth' | 'other' | null;
}

/** Bad samples in a row before a link steps down: one bad sample is noise. */
export const DOWN_AFTER = 2;
/** Good samples in a row before a link tries the rung above again. */
export const UP_AFTER = 5;
/** ...while a new link climbs from where it started, before anything went wrong. */
export const START_UP_AFTER = 2;
/** Each failed try doubles the wait before the next, up to this many samples. */
export const MAX_UP_AFTER = 40;
/** A step up undone within this many samples failed: back off. */
const PROBE_WINDOW = 3;
/** Stable this long after a step up, the wait before trying higher is short again. */
const STABLE_AFTER = 30;
/**
 * Below this estimate, at the lowest rung, a link cannot carry video next to its audio.
 * Well under the lowest rung's bitrate: a CPU-starved machine also makes the estimate sag,
 * and pausing is a last resort.
 */
export const PAUSE_BELOW_BPS = 60_000;
/** The estimate must have room for the lowest rung before a paused link tries video again. */
const RESUME_ABOVE_BPS = LADDER[LOWEST_RUNG]?.maxBitrate ?? 120_000;

/**
 * One link's place on the ladder, moved by its own measurements with hysteresis: down one
 * rung after DOWN_AFTER bad samples (the link cannot carry what it sends, or the encoder
 * runs out of CPU), up one after UP_AFTER good ones, waiting twice as long after each try
 * that failed, so a link never flips rung at every sample. At the lowest rung a link whose
 * estimate falls under PAUSE_BELOW_BPS pauses its video, and tries again later.
 *
 * @example
 * const adapter = new LinkAdapter();
 * if (adapter.sample({ availableOutgoingBitrate, limitation }, currentRung)) replan();
 */
export class LinkAdapter {
  /** The best rung this link may use; PAUSED means no video. */
  cap: number;
  #bad = 0;
  #good = 0;
  #upAfter: number;

  /**
   * `start`: the cap a new link begins with. Starting below what the room allows and
   * climbing (every START_UP_AFTER good samples, until the first bad one) keeps a new
   * link from flooding a narrow uplink before its estimate exists, which is what starves
   * the audio of the links already there.
   */
  constructor(start = 0) {
    this.cap = Math.min(Math.max(start, 0), LOWEST_RUNG);
    this.#upAfter = this.cap > 0 ? START_UP_AFTER : UP_AFTER;
  }
  /** Samples since the last change of cap. */
  #since = Number.POSITIVE_INFINITY;
  #lastWasUp = false;

  get paused() {
    return this.cap >= PAUSED;
  }

  /**
   * Feeds one sample taken while the link sent video at `rung` (PAUSED while paused by
   * this adapter). Returns true when the cap changed and the link should be planned again.
   */
  sample(sample: LinkSample, rung: number): boolean {
    this.#since += 1;
    // A step up that held for a while succeeded: the next try need not wait long.
    if (this.#lastWasUp && this.#since >= STABLE_AFTER) this.#upAfter = UP_AFTER;
    if (this.paused) return this.#samplePaused(sample);
    const step = LADDER[Math.min(rung, LOWEST_RUNG)];
    const estimate = sample.availableOutgoingBitrate;
    const short = estimate !== null && step !== undefined && estimate < step.maxBitrate * 0.9;
    const bad = sample.limitation === 'cpu' || short;
    if (bad) {
      this.#good = 0;
      if (this.#upAfter < UP_AFTER) this.#upAfter = UP_AFTER; // the climb from the start is over
      this.#bad += 1;
      if (this.#bad < DOWN_AFTER) return false;
      this.#bad = 0;
      if (rung < LOWEST_RUNG) return this.#move(rung + 1, false);
      // Already at the lowest rung: pause only when the estimate, not the CPU, says so.
      if (estimate !== null && estimate < PAUSE_BELOW_BPS) return this.#move(PAUSED, false);
      return false;
    }
    this.#bad = 0;
    // Room to climb: the estimate covers the rung above. Chromium also says 'bandwidth'
    // when the encoder merely meets our own maxBitrate or trimmed its first frames while
    // the estimate was young (seen with a 3.2 Mb/s estimate), so that word stops a climb
    // only when there is no estimate to go by.
    const above = LADDER[Math.max(Math.min(rung, this.cap) - 1, 0)];
    const roomy =
      estimate === null ? sample.limitation !== 'bandwidth' : estimate >= (above?.maxBitrate ?? 0);
    if (!roomy) {
      this.#good = 0;
      return false;
    }
    this.#good += 1;
    // Only a cap that holds the link down is worth raising.
    if (this.#good < this.#upAfter || this.cap === 0 || rung > this.cap) return false;
    this.#good = 0;
    return this.#move(this.cap - 1, true);
  }

  #samplePaused(sample: LinkSample): boolean {
    const estimate = sample.availableOutgoingBitrate;
    if (estimate !== null && estimate < RESUME_ABOVE_BPS) {
      this.#good = 0;
      return false;
    }
    this.#good += 1;
    if (this.#good < this.#upAfter) return false;
    this.#good = 0;
    return this.#move(LOWEST_RUNG, true);
  }

  #move(cap: number, up: boolean): boolean {
    // Undoing a step up soon after it was tried: wait longer before the next try.
    if (!up && this.#lastWasUp && this.#since <= PROBE_WINDOW) {
      this.#upAfter = Math.min(this.#upAfter * 2, MAX_UP_AFTER);
    }
    this.#lastWasUp = up;
    this.#since = 0;
    const changed = cap !== this.cap;
    this.cap = cap;
    return changed;
  }
}

/** Reads the sample the adapter needs from a link's `getStats()` report. */
export function linkSampleFromStats(report: RTCStatsReport | Iterable<unknown>): LinkSample | null {
  const stats = [
    ...('values' in report && typeof report.values === 'function' ? report.values() : report),
  ] as {
    type?: string;
    id?: string;
    selectedCandidatePairId?: string;
    kind?: string;
    state?: string;
    nominated?: boolean;
    availableOutgoingBitrate?: number;
    qualityLimitationReason?: string;
    framesEncoded?: number;
  }[];
  // The pair in use (the transport names it; only that one carries an estimate).
  const selected = stats.find(
    (s) => s.type === 'transport' && s.selectedCandidatePairId,
  )?.selectedCandidatePairId;
  const pair =
    stats.find((s) => s.type === 'candidate-pair' && s.id === selected && selected !== undefined) ??
    stats.find((s) => s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated !== false);
  const video = stats.find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
  if (!video) return null;
  const reason = video.qualityLimitationReason;
  return {
    availableOutgoingBitrate:
      typeof pair?.availableOutgoingBitrate === 'number' ? pair.availableOutgoingBitrate : null,
    limitation:
      reason === 'none' || reason === 'cpu' || reason === 'bandwidth' || reason === 'other' ? reason : null,
  };
}
