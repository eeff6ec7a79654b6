import { looksTheSame, type QualitySample, qualityFromStats } from './quality';
import { type LevelSourceFactory, SpeakingDetector, sameSpeakers } from './speaking';
import { type CallStore, patchRemote } from './store';

/** How often the speaking highlight and the connection quality are measured (the latter less while hidden). */
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
  levels: LevelSourceFactory;
  /** Each connected link's statistics, by remote participant. */
  stats(): Promise<Map<string, RTCStatsReport>>;
  /** Every report read, for the sending ladder. */
  onReport(id: string, report: RTCStatsReport): void;
}

/**
 * While in the call: who is speaking (often), how each connection is doing (now and then).
 * Only what a person can see is measured: the speaking highlight stops while the page is
 * hidden, the statistics are read less often, and the store changes only when a tile would.
 */
export class CallMonitors {
  readonly #options: MonitorOptions;
  readonly #speaking: SpeakingDetector;
  readonly #samples = new Map<string, QualitySample>();
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
  }

  #schedule() {
    const { store, visibility } = this.#options;
    this.#clearLoops();
    const visible = !visibility.hidden();
    if (visible) {
      this.#loops.push(setInterval(() => this.#measureSpeaking(), SPEAKING_EVERY_MS));
    } else {
      this.#speaking.close();
      if (store.getState().speaking.length > 0) store.setState({ speaking: [] });
    }
    this.#loops.push(
      setInterval(() => this.#measureQuality(), visible ? QUALITY_EVERY_MS : QUALITY_HIDDEN_EVERY_MS),
    );
  }

  #clearLoops() {
    for (const loop of this.#loops) clearInterval(loop);
    this.#loops = [];
  }

  #measureSpeaking() {
    const { store } = this.#options;
    const { self, media, remotes, speaking } = store.getState();
    // A microphone that is off cannot be speaking: nothing is measured for it.
    const streams = new Map<string, MediaStream>();
    if (self && media.stream && media.audio) streams.set(self.id, media.stream);
    for (const remote of remotes) if (remote.stream && remote.audio) streams.set(remote.id, remote.stream);
    this.#speaking.track(streams);
    const now = this.#speaking.update(Date.now());
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
