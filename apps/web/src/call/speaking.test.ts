import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebAudioLevels, type LevelSource, SpeakingDetector, sameSpeakers } from './speaking';

/** Level sources whose loudness the test sets. */
function fakeLevels() {
  const levels = new Map<MediaStream, number>();
  const closed: MediaStream[] = [];
  const create = (stream: MediaStream): LevelSource => ({
    level: () => levels.get(stream) ?? 0,
    close: () => void closed.push(stream),
  });
  return { levels, closed, create };
}

const stream = () => ({}) as MediaStream;

describe('SpeakingDetector', () => {
  it('finds who is loud, keeps them through a short pause, and lets them go after', () => {
    const { levels, create } = fakeLevels();
    const alice = stream();
    const bob = stream();
    const detector = new SpeakingDetector(create);
    detector.track(
      new Map([
        ['alice', alice],
        ['bob', bob],
      ]),
    );
    levels.set(alice, 0.3);
    expect(detector.update(1000)).toEqual(['alice']);
    levels.set(alice, 0.01);
    expect(detector.update(1300)).toEqual(['alice']);
    expect(detector.update(2000)).toEqual([]);
    levels.set(bob, 0.2);
    expect(detector.update(2100)).toEqual(['bob']);
  });

  it('stops measuring streams it no longer follows', () => {
    const { closed, create } = fakeLevels();
    const alice = stream();
    const detector = new SpeakingDetector(create);
    detector.track(new Map([['alice', alice]]));
    detector.track(new Map());
    expect(closed).toEqual([alice]);
  });
});

describe('createWebAudioLevels', () => {
  /** Web Audio, faked at its constructor: counts contexts and what each one had to do. */
  function fakeAudio() {
    const contexts: { closed: boolean; sources: number; options: unknown }[] = [];
    class FakeContext {
      readonly record = { closed: false, sources: 0, options: undefined as unknown };
      constructor(options: unknown) {
        this.record.options = options;
        contexts.push(this.record);
      }
      createAnalyser() {
        return { fftSize: 0, getFloatTimeDomainData: (samples: Float32Array) => samples.fill(0.5) };
      }
      createMediaStreamSource() {
        this.record.sources++;
        return { connect() {}, disconnect() {} };
      }
      async close() {
        this.record.closed = true;
      }
    }
    vi.stubGlobal('AudioContext', FakeContext);
    return contexts;
  }
  const withAudio = () => ({ getAudioTracks: () => [{}] }) as unknown as MediaStream;

  afterEach(() => vi.unstubAllGlobals());

  it('measures every stream in one AudioContext, closed with the last of them', () => {
    const contexts = fakeAudio();
    const create = createWebAudioLevels();
    const sources = [withAudio(), withAudio(), withAudio()].map((s) => create(s));
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ sources: 3, options: { latencyHint: 'playback' } });
    expect(sources[0]?.level()).toBeCloseTo(0.5);
    sources[0]?.close();
    sources[1]?.close();
    expect(contexts[0]?.closed).toBe(false);
    sources[2]?.close();
    expect(contexts[0]?.closed).toBe(true);
    // After the last one closed, the next stream opens a fresh context.
    create(withAudio());
    expect(contexts).toHaveLength(2);
  });

  it('opens nothing for a stream without sound', () => {
    const contexts = fakeAudio();
    expect(createWebAudioLevels()({ getAudioTracks: () => [] } as unknown as MediaStream)).toBeNull();
    expect(contexts).toHaveLength(0);
  });
});

describe('sameSpeakers', () => {
  it('compares who speaks, in order', () => {
    expect(sameSpeakers(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameSpeakers(['a'], ['a', 'b'])).toBe(false);
    expect(sameSpeakers(['b', 'a'], ['a', 'b'])).toBe(false);
  });
});
