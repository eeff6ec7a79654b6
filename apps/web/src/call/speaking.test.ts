import { describe, expect, it, vi } from 'vitest';
import { type LevelSource, polledLevel, SpeakingDetector, sameSpeakers } from './speaking';

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

describe('level sources', () => {
  it('answers with the last reading of an asynchronous level and never reads twice at once', async () => {
    const reads: ((value: number | null) => void)[] = [];
    const source = polledLevel(() => new Promise((resolve) => reads.push(resolve)));
    expect(source.level()).toBe(0);
    expect(source.level()).toBe(0);
    expect(reads).toHaveLength(1);
    reads[0]?.(0.3);
    await vi.waitFor(() => expect(source.level()).toBe(0.3));
    expect(reads).toHaveLength(2);
    reads[1]?.(null);
    await vi.waitFor(() => expect(source.level()).toBe(0));
    source.close();
    source.level();
    expect(reads).toHaveLength(3);
  });
});

describe('sameSpeakers', () => {
  it('compares who speaks, in order', () => {
    expect(sameSpeakers(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameSpeakers(['a'], ['a', 'b'])).toBe(false);
    expect(sameSpeakers(['b', 'a'], ['a', 'b'])).toBe(false);
  });
});
