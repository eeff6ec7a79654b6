import { vi } from 'vitest';
import type { CallActions } from '../call/call-session';
import { initialMedia, type LocalMediaState } from '../call/media-controller';
import type { PeerLink, PeerLinkFactory } from '../call/peer-link-types';
import type { RemoteParticipant } from '../call/store';

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

/** A Storage kept in memory: what the engine reads and writes of localStorage. */
export function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  } as Storage;
}

/** A remote participant in the call, connected and sending both, with `patch` on top. */
export function fakeRemote(
  id: string,
  name: string,
  patch: Partial<RemoteParticipant> = {},
): RemoteParticipant {
  return {
    id,
    name,
    audio: true,
    video: true,
    connection: 'connected',
    everConnected: true,
    quality: null,
    stream: fakeStream(),
    ...patch,
  };
}

/** Local media as it is once the browser has opened a working microphone and camera, with `patch` on top. */
export function readyMedia(patch: Partial<LocalMediaState> = {}): LocalMediaState {
  return {
    ...initialMedia(),
    status: 'ready',
    canAudio: true,
    canVideo: true,
    stream: fakeStream(),
    ...patch,
  };
}

/** Every action of the call session, as spies. */
export function fakeActions(): { [K in keyof CallActions]: ReturnType<typeof vi.fn> } & CallActions {
  return {
    join: vi.fn(async () => {}),
    leave: vi.fn(async () => {}),
    rejoin: vi.fn(async () => {}),
    rename: vi.fn(async () => 'renamed'),
    setName: vi.fn(),
    setAudio: vi.fn(),
    setVideo: vi.fn(),
    sendChat: vi.fn(async () => {}),
    setChatDraft: vi.fn(),
    sendFile: vi.fn(async () => 'sent'),
    cancelFile: vi.fn(),
    requestFile: vi.fn(),
    retryChat: vi.fn(async () => {}),
    loadEarlierMessages: vi.fn(async () => {}),
    startScreenShare: vi.fn(async () => {}),
    stopScreenShare: vi.fn(),
    selectDevice: vi.fn(async () => {}),
    setRemoteView: vi.fn(),
    setVerified: vi.fn(),
    cancelKnock: vi.fn(),
    setLocked: vi.fn(async () => true),
    admit: vi.fn(async () => true),
    deny: vi.fn(async () => true),
    mute: vi.fn(async () => true),
    remove: vi.fn(async () => true),
    makeHost: vi.fn(async () => true),
    lowerHand: vi.fn(async () => true),
    raiseHand: vi.fn(async () => true),
    react: vi.fn(async () => {}),
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

/** A peer link that does nothing, with `overrides` for what a test watches. */
export function idlePeerLink(overrides: Partial<PeerLink> = {}): PeerLink {
  return {
    signal: () => {},
    replaceTrack: () => {},
    getStats: async () => null,
    sentAudioLevel: async () => null,
    send: () => false,
    openChannel: () => null,
    setVideoEncoding: () => {},
    close: () => {},
    ...overrides,
  };
}

/** A peer layer that never connects: for engine tests of signaling and chat alone. */
export const noPeerLinks: PeerLinkFactory = () => idlePeerLink();

/** A transceiver of the fake simple-peer's connection: what PeerLink reads and changes. */
export interface FakeTransceiver {
  receiver: { track: { kind: 'audio' | 'video' } };
  direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null;
  sender: {
    track: MediaStreamTrack | null;
    replaceTrack: ReturnType<typeof vi.fn>;
    setStreams: ReturnType<typeof vi.fn>;
  };
}

/**
 * A stand-in for @thaunknown/simple-peer (vi.mock it with this class): every instance is
 * kept in `FakeSimplePeer.instances`; `emit` plays the library's events; `_pc` holds the
 * transceivers PeerLink looks at.
 */
export class FakeSimplePeer {
  static instances: FakeSimplePeer[] = [];
  readonly options: Record<string, unknown>;
  readonly signalled: unknown[] = [];
  readonly sent: unknown[] = [];
  negotiations = 0;
  destroyed = false;
  readonly #listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  /** Labels of the data channels the library took as its own (as a non-initiator does). */
  readonly adopted: string[] = [];
  readonly _pc = {
    getTransceivers: () => this.transceivers,
    getSenders: () => [],
    getReceivers: () => [],
    ondatachannel: null as ((event: { channel: { label: string } }) => void) | null,
    createDataChannel: (label: string, init?: RTCDataChannelInit) => ({ label, init }),
  };
  transceivers: FakeTransceiver[] = [];

  constructor(options: Record<string, unknown> = {}) {
    this.options = options;
    FakeSimplePeer.instances.push(this);
    // Like the library: the side that does not offer adopts whatever channel arrives.
    if (!options.initiator) this._pc.ondatachannel = (event) => void this.adopted.push(event.channel.label);
  }

  on(event: string, listener: (...args: unknown[]) => void) {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  removeAllListeners() {
    this.#listeners.clear();
    return this;
  }

  /** Plays an event as the library would; returns whether anyone listened. */
  emit(event: string, ...args: unknown[]) {
    const listeners = this.#listeners.get(event) ?? [];
    for (const listener of listeners) listener(...args);
    return listeners.length > 0;
  }

  signal(data: unknown) {
    this.signalled.push(data);
  }

  send(data: unknown) {
    this.sent.push(data);
  }

  negotiate() {
    this.negotiations++;
  }

  destroy() {
    this.destroyed = true;
  }
}

/** A transceiver for FakeSimplePeer's `_pc`: receiving only, or sending `track`. */
export function fakeTransceiver(
  kind: 'audio' | 'video',
  track: MediaStreamTrack | null = null,
): FakeTransceiver {
  return {
    receiver: { track: { kind } },
    direction: track ? 'sendrecv' : 'recvonly',
    currentDirection: track ? 'sendrecv' : 'recvonly',
    sender: { track, replaceTrack: vi.fn(async () => {}), setStreams: vi.fn() },
  };
}
