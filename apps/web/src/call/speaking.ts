/** Something that says how loud a stream is now, from 0 (silence) to 1. */
export interface LevelSource {
  level(): number;
  close(): void;
}

export type LevelSourceFactory = (stream: MediaStream) => LevelSource | null;

/** Above this level someone is speaking; they stay "speaking" through short pauses. */
const THRESHOLD = 0.06;
const HOLD_MS = 600;

/**
 * Measures streams' loudness with Web Audio, locally: nothing is sent to anyone. All the
 * analysers share one AudioContext, opened with the first and closed with the last: each
 * context is an audio thread and an output stream of its own, the largest cost per remote
 * person in a call (measured: bench/profile-page.mjs).
 */
export function createWebAudioLevels(): LevelSourceFactory {
  let context: AudioContext | null = null;
  let open = 0;
  return (stream) => {
    if (typeof AudioContext === 'undefined' || stream.getAudioTracks().length === 0) return null;
    // 'playback' asks for the largest buffers: fewer wake-ups, and latency does not matter here.
    context ??= new AudioContext({ latencyHint: 'playback' });
    const shared = context;
    open++;
    const analyser = shared.createAnalyser();
    analyser.fftSize = 512;
    const source = shared.createMediaStreamSource(stream);
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let closed = false;
    return {
      level() {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += sample * sample;
        return Math.sqrt(sum / samples.length);
      },
      close() {
        if (closed) return;
        closed = true;
        source.disconnect();
        if (--open === 0 && context === shared) {
          context = null;
          void shared.close();
        }
      },
    };
  };
}

export const webAudioLevel: LevelSourceFactory = createWebAudioLevels();

/**
 * Who is speaking, from the audio levels of their streams: `update` measures every source
 * and returns the ids above the threshold, or heard within the last `HOLD_MS`.
 */
export class SpeakingDetector {
  readonly #sources = new Map<string, { stream: MediaStream; source: LevelSource | null; heardAt: number }>();
  readonly #create: LevelSourceFactory;

  constructor(create: LevelSourceFactory) {
    this.#create = create;
  }

  /**
   * Follows exactly these streams, by participant id: give it only the ones whose
   * microphone is on, since a muted person cannot be speaking and costs nothing then.
   */
  track(streams: Map<string, MediaStream>) {
    for (const [id, entry] of this.#sources) {
      if (streams.get(id) !== entry.stream) {
        entry.source?.close();
        this.#sources.delete(id);
      }
    }
    for (const [id, stream] of streams) {
      if (!this.#sources.has(id)) this.#sources.set(id, { stream, source: this.#create(stream), heardAt: 0 });
    }
  }

  update(now: number): string[] {
    const speaking: string[] = [];
    for (const [id, entry] of this.#sources) {
      if ((entry.source?.level() ?? 0) > THRESHOLD) entry.heardAt = now;
      if (entry.heardAt > 0 && now - entry.heardAt < HOLD_MS) speaking.push(id);
    }
    return speaking;
  }

  close() {
    for (const entry of this.#sources.values()) entry.source?.close();
    this.#sources.clear();
  }
}

/** Two lists of speakers name the same people in the same order. */
export function sameSpeakers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
