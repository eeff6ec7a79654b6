import { vi } from 'vitest';
import type { CallActions } from '../call/call-session';

/** A stand-in for a MediaStreamTrack: what the UI and the engine read of one. */
export function fakeTrack(kind: 'audio' | 'video') {
  return { kind, enabled: true, stop: vi.fn() } as unknown as MediaStreamTrack;
}

/** A stand-in for a MediaStream (jsdom has none). */
export function fakeStream({ audio = true, video = true } = {}): MediaStream {
  const tracks = [...(audio ? [fakeTrack('audio')] : []), ...(video ? [fakeTrack('video')] : [])];
  return {
    id: `stream-${Math.random()}`,
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((track) => track.kind === 'audio'),
    getVideoTracks: () => tracks.filter((track) => track.kind === 'video'),
  } as unknown as MediaStream;
}

/** Every action of the call session, as spies. */
export function fakeActions(): { [K in keyof CallActions]: ReturnType<typeof vi.fn> } & CallActions {
  return {
    join: vi.fn(async () => {}),
    leave: vi.fn(async () => {}),
    setName: vi.fn(),
    setAudio: vi.fn(),
    setVideo: vi.fn(),
    sendChat: vi.fn(async () => {}),
    retryChat: vi.fn(async () => {}),
  } as never;
}
