/** Something that says how loud a stream is now, from 0 (silence) to 1. */
export interface LevelSource {
  level(): number;
  close(): void;
}

/** Makes the level source of participant `id`'s `stream`. */
export type LevelSourceFactory = (stream: MediaStream, id?: string) => LevelSource | null;

/** Above this level someone is speaking; they stay "speaking" through short pauses. */
const THRESHOLD = 0.06;
const HOLD_MS = 600;

/**
 * In a call a page measures one level, its own microphone's, and it comes with the media,
 * not from Web Audio: pulling every stream of a call through an AudioContext (an audio
 * thread and an output stream per page, analysers read five times a second) was the largest
 * cost per remote person in a six-person call on the project's machine (bench/README.md,
 * "speaking levels"); reading every received stream's level instead was the next one
 * ("speaking levels announced"), so the others announce their own (CallMonitors).
 */

/**
 * A level that can only be read asynchronously (our own microphone, from the statistics
 * of an audio sender): each `level()` returns the last reading and starts the next one,
 * never two at a time.
 */
export function polledLevel(read: () => Promise<number | null>): LevelSource {
  let last = 0;
  let reading = false;
  let closed = false;
  return {
    level() {
      if (!reading && !closed) {
        reading = true;
        read()
          .then((value) => {
            last = value ?? 0;
          })
          .catch(() => {
            last = 0;
          })
          .finally(() => {
            reading = false;
          });
      }
      return last;
    },
    close() {
      closed = true;
    },
  };
}

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
      if (!this.#sources.has(id))
        this.#sources.set(id, { stream, source: this.#create(stream, id), heardAt: 0 });
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

/**
 * Our microphone's level before joining, where no connection measures it yet: a Web Audio
 * analyser on the preview's stream. Only for the lobby's meter, closed on join; in the call
 * levels come with the media (see above). Null where the browser has no Web Audio.
 */
export function analyserLevel(stream: MediaStream): LevelSource | null {
  const Context = globalThis.AudioContext;
  if (typeof Context !== 'function' || stream.getAudioTracks().length === 0) return null;
  const context = new Context();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return {
    level() {
      // Until the page has had a click or a key, the browser may hold the context suspended.
      if (context.state === 'suspended') void context.resume().catch(() => {});
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      return Math.min(1, Math.sqrt(sum / samples.length) * 4);
    },
    close() {
      source.disconnect();
      void context.close().catch(() => {});
    },
  };
}

/** Reads `source` every `everyMs` and hands each level to `onLevel`; returns how to stop. */
export function watchLevel(source: LevelSource, onLevel: (level: number) => void, everyMs = 100) {
  const timer = setInterval(() => onLevel(source.level()), everyMs);
  return () => {
    clearInterval(timer);
    source.close();
  };
}
