import { looksTheSame, type QualitySample, qualityFromStats } from './quality';
import { type LevelSourceFactory, SpeakingDetector, sameSpeakers } from './speaking';
import { type CallStore, patchRemote } from './store';

/** How often our own level and the connection quality are measured (the latter less while hidden). */
const SPEAKING_EVERY_MS = 200;
const QUALITY_EVERY_MS = 2000;
const QUALITY_HIDDEN_EVERY_MS = 6000;

/** Whether the page is in the background (document.visibilityState), and its changes. */
export interface PageVisibility {
  hidden(): boolean;
  /** Calls back when the page is hidden or shown; returns how to stop listening. */
  onChange(listener: () => void): () => void;
}

/** The page's document, looked up when asked (there is none outside a browser). */
export function documentVisibility(): PageVisibility {
  const doc = () => globalThis.document as Document | undefined;
  return {
    hidden: () => doc()?.visibilityState === 'hidden',
    onChange(listener) {
      const target = doc();
      target?.addEventListener('visibilitychange', listener);
      return () => target?.removeEventListener('visibilitychange', listener);
    },
  };
}

export interface MonitorOptions {
  store: CallStore;
  visibility: PageVisibility;
  /** Our own microphone's level (the others' come announced: see `heard`). */
  levels: LevelSourceFactory;
  /** Each connected link's statistics, by remote participant. */
  stats(): Promise<Map<string, RTCStatsReport>>;
  /** Every report read, for the sending ladder. */
  onReport(id: string, report: RTCStatsReport): void;
}

/**
 * While in the call: who is speaking (often), how each connection is doing (now and then).
 *
 * Each page measures one microphone, its own, and every other page hears from the speaker
 * itself whether it speaks (`heard`, a data-channel message): reading the level of every
 * received stream five times a second was, at six people, the speaking highlight's whole
 * cost (bench/README.md, "speaking levels announced"). Our own level is measured even while
 * the page is hidden, since the others still see us speak; the statistics are then read
 * less often, and the store changes only when a tile would.
 */
export class CallMonitors {
  readonly #options: MonitorOptions;
  readonly #speaking: SpeakingDetector;
  readonly #samples = new Map<string, QualitySample>();
  /** The remote participants who last told us they are speaking. */
  readonly #heard = new Set<string>();
  #selfSpeaking = false;
  #loops: ReturnType<typeof setInterval>[] = [];
  #unwatch = () => {};
  #reading = false;

  constructor(options: MonitorOptions) {
    this.#options = options;
    this.#speaking = new SpeakingDetector(options.levels);
  }

  start() {
    this.stop();
    const schedule = () => this.#schedule();
    schedule();
    this.#unwatch = this.#options.visibility.onChange(schedule);
  }

  stop() {
    this.#clearLoops();
    this.#unwatch();
    this.#unwatch = () => {};
    this.#speaking.close();
    this.#samples.clear();
    this.#heard.clear();
    this.#selfSpeaking = false;
  }

  /** `remoteId` told us it started or stopped speaking. */
  heard(remoteId: string, speaking: boolean) {
    if (this.#heard.has(remoteId) === speaking) return;
    if (speaking) this.#heard.add(remoteId);
    else this.#heard.delete(remoteId);
    this.#publish();
  }

  /** `remoteId`'s link went away or they left: what they last said no longer holds. */
  forget(remoteId: string) {
    this.heard(remoteId, false);
  }

  #schedule() {
    this.#clearLoops();
    this.#loops.push(setInterval(() => this.#measureSpeaking(), SPEAKING_EVERY_MS));
    const every = this.#options.visibility.hidden() ? QUALITY_HIDDEN_EVERY_MS : QUALITY_EVERY_MS;
    this.#loops.push(setInterval(() => this.#measureQuality(), every));
  }

  #clearLoops() {
    for (const loop of this.#loops) clearInterval(loop);
    this.#loops = [];
  }

  #measureSpeaking() {
    const { self, media } = this.#options.store.getState();
    // A microphone that is off cannot be speaking: nothing is measured then.
    const streams = new Map<string, MediaStream>();
    if (self && media.stream && media.audio) streams.set(self.id, media.stream);
    this.#speaking.track(streams);
    this.#selfSpeaking = self !== null && this.#speaking.update(Date.now()).includes(self.id);
    this.#publish();
  }

  /** Who speaks now: we (measured), then each remote who said so and whose microphone is on. */
  #publish() {
    const { store } = this.#options;
    const { self, remotes, speaking } = store.getState();
    const now = [
      ...(self && this.#selfSpeaking ? [self.id] : []),
      ...remotes.filter((remote) => remote.audio && this.#heard.has(remote.id)).map((remote) => remote.id),
    ];
    if (!sameSpeakers(now, speaking)) store.setState({ speaking: now });
  }

  #measureQuality() {
    // On a starved machine getStats can take longer than the period: never pile them up.
    if (this.#reading) return;
    this.#reading = true;
    const { store } = this.#options;
    void this.#options
      .stats()
      .then((reports) => {
        for (const [id, report] of reports) {
          const { quality, sample } = qualityFromStats(report, this.#samples.get(id));
          this.#samples.set(id, sample);
          const shown = store.getState().remotes.find((remote) => remote.id === id)?.quality ?? null;
          if (!looksTheSame(shown, quality)) patchRemote(store, id, { quality });
          this.#options.onReport(id, report);
        }
      })
      .finally(() => {
        this.#reading = false;
      });
  }
}
