import { vi } from 'vitest';
import type { CallActions } from '../call/call-session';
import type { PeerLinkFactory } from '../call/peer-link';

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
    loadEarlierMessages: vi.fn(async () => {}),
    startScreenShare: vi.fn(async () => {}),
    stopScreenShare: vi.fn(),
    selectDevice: vi.fn(async () => {}),
    setRemoteView: vi.fn(),
  } as never;
}

/**
 * Puts a clipboard with the given `writeText` on `navigator` (after `userEvent.setup()`,
 * which installs its own); returns the function that puts back what was there.
 */
export function stubClipboard(writeText: (text: string) => Promise<void>): () => void {
  const before = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return () => {
    if (before) Object.defineProperty(navigator, 'clipboard', before);
    else Reflect.deleteProperty(navigator, 'clipboard');
  };
}

/** A peer layer that never connects: for engine tests of signaling and chat alone. */
export const noPeerLinks: PeerLinkFactory = () => ({
  signal: () => {},
  replaceTrack: () => {},
  getStats: async () => null,
  audioLevel: () => null,
  sentAudioLevel: async () => null,
  send: () => false,
  setVideoEncoding: () => {},
  close: () => {},
});
