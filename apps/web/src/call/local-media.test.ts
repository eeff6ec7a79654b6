import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeStream, fakeTrack } from '../test/fakes';
import { acquireLocalMedia } from './local-media';

class FakeMediaStream {
  constructor(private readonly tracks: MediaStreamTrack[]) {}
  getTracks() {
    return this.tracks;
  }
}

beforeEach(() => vi.stubGlobal('MediaStream', FakeMediaStream));
afterEach(() => vi.unstubAllGlobals());

const refuse = (name: string) => Promise.reject(new DOMException('refused', name));

describe('acquireLocalMedia', () => {
  it('asks for camera and microphone in one go', async () => {
    const stream = fakeStream();
    const getUserMedia = vi.fn(async () => stream);
    expect(await acquireLocalMedia(getUserMedia)).toEqual({ stream, problems: [] });
    expect(getUserMedia).toHaveBeenCalledTimes(1);
  });

  it('keeps the microphone when only the camera is refused', async () => {
    const microphone = fakeTrack('audio');
    const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) =>
      constraints.video
        ? refuse('NotAllowedError')
        : ({ getTracks: () => [microphone] } as unknown as MediaStream),
    );
    const { stream, problems } = await acquireLocalMedia(getUserMedia);
    expect(stream).toBeInstanceOf(FakeMediaStream);
    expect(stream?.getTracks()).toEqual([microphone]);
    expect(problems).toEqual([{ kind: 'video', reason: 'blocked' }]);
    expect(getUserMedia).toHaveBeenCalledWith({ audio: expect.anything() });
    expect(getUserMedia).toHaveBeenCalledWith({ video: expect.anything() });
  });

  it.each([
    ['NotFoundError', 'missing'],
    ['OverconstrainedError', 'missing'],
    ['SecurityError', 'blocked'],
    ['NotReadableError', 'unavailable'],
  ])('calls a camera failing with %s %s', async (error, reason) => {
    const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) =>
      constraints.video ? refuse(error) : fakeStream({ video: false }),
    );
    const { stream, problems } = await acquireLocalMedia(getUserMedia);
    expect(stream?.getTracks().map((track) => track.kind)).toEqual(['audio']);
    expect(problems).toEqual([{ kind: 'video', reason }]);
  });

  it('tells a missing device from a blocked one', async () => {
    const getUserMedia = vi.fn((constraints: MediaStreamConstraints) =>
      refuse(constraints.audio && !constraints.video ? 'NotFoundError' : 'NotAllowedError'),
    );
    const { stream, problems } = await acquireLocalMedia(getUserMedia);
    expect(stream).toBeNull();
    expect(problems).toEqual([
      { kind: 'audio', reason: 'missing' },
      { kind: 'video', reason: 'blocked' },
    ]);
  });

  it('reports both unavailable where the browser has no getUserMedia', async () => {
    expect(await acquireLocalMedia(undefined)).toEqual({
      stream: null,
      problems: [
        { kind: 'audio', reason: 'unavailable' },
        { kind: 'video', reason: 'unavailable' },
      ],
    });
  });
});
