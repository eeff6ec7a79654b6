import {
  type ChatMessage,
  DisplayNameSchema,
  type IceServer,
  type Participant,
  parsePayload,
} from '@moim/protocol';
import { acquireLocalMedia, type GetUserMedia, hasTrack, setTrackEnabled, stopTracks } from './local-media';
import type { PeerLink, PeerLinkFactory } from './peer-link';
import { request, type SignalingSocket } from './signaling-client';
import { type CallStore, type ChatEntry, createCallStore, patchRemote } from './store';

export interface CallSessionDeps {
  roomId: string;
  /** Opens the signaling connection; called once, in `start()`. */
  connect: () => SignalingSocket;
  createPeerLink: PeerLinkFactory;
  getUserMedia: GetUserMedia | undefined;
  /** Remembers the display name on this device. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Pre-fills the name (from `?name=`), over the remembered one. */
  initialName?: string;
}

const NAME_KEY = 'moim:name';

/**
 * One person's presence in one room, from lobby to call and back: the signaling
 * connection, local media, one peer link per remote participant, and the chat. React
 * renders `store`; everything else happens here, in plain TypeScript.
 *
 * @example
 * const session = new CallSession({ roomId, connect: connectSignaling, createPeerLink, getUserMedia });
 * session.start();
 * await session.join();
 * session.dispose();
 */
export class CallSession {
  readonly store: CallStore;
  readonly #deps: CallSessionDeps;
  readonly #links = new Map<string, PeerLink>();
  #socket: SignalingSocket | null = null;
  #iceServers: IceServer[] = [];
  #mediaReady: Promise<void> = Promise.resolve();
  #localKeys = 0;
  #disposed = false;

  constructor(deps: CallSessionDeps) {
    this.#deps = deps;
    const name = deps.initialName?.trim() || deps.storage?.getItem(NAME_KEY) || '';
    const guestName = `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
    this.store = createCallStore(deps.roomId, { name, guestName });
  }

  /** Opens the camera and microphone for the preview and connects to the server. */
  start() {
    this.#mediaReady = acquireLocalMedia(this.#deps.getUserMedia).then(({ stream, problems }) => {
      if (this.#disposed) {
        stopTracks(stream);
        return;
      }
      this.store.setState({
        localStream: stream,
        mediaProblems: problems,
        media: 'ready',
        audio: hasTrack(stream, 'audio'),
        video: hasTrack(stream, 'video'),
      });
    });

    const socket = this.#deps.connect();
    this.#socket = socket;
    socket.on('connect', () => {
      this.store.setState({ server: 'online' });
      if (this.store.getState().phase === 'in-call') void this.#rejoin(socket);
      else void this.#peek();
    });
    socket.on('connect_error', () => this.store.setState({ server: 'offline' }));
    socket.on('disconnect', () => this.store.setState({ server: 'offline' }));
    socket.on('room:count', ({ roomId, count }) => {
      if (roomId === this.#deps.roomId) this.store.setState({ roomCount: count });
    });
    socket.on('participant:joined', (participant) => this.#addRemote(participant, false));
    socket.on('participant:updated', (participant) => patchRemote(this.store, participant.id, participant));
    socket.on('participant:left', ({ id }) => this.#removeRemote(id));
    socket.on('signal:receive', ({ from, data }) => this.#links.get(from)?.signal(data));
    socket.on('chat:message', (message) => this.#appendMessage(message, false));
  }

  setName(name: string) {
    this.store.setState({ name });
  }

  /** Joins the call with the current name and toggles; failures land in `joinError`. */
  async join() {
    const socket = this.#socket;
    const state = this.store.getState();
    if (!socket || state.phase !== 'lobby') return;
    const name = parsePayload(DisplayNameSchema, state.name.trim() || state.guestName);
    if (!name.ok) {
      this.store.setState({ joinError: `Please choose another name: ${name.message}.` });
      return;
    }
    this.store.setState({ phase: 'joining', joinError: null });
    await this.#mediaReady;
    const error = await this.#enter(socket, name.value);
    if (error !== null) {
      this.store.setState({ phase: 'lobby', joinError: error });
      return;
    }
    if (state.name.trim()) this.#deps.storage?.setItem(NAME_KEY, name.value);
  }

  /**
   * Joins the room on the server and connects to everyone present; resolves with null,
   * or with the reason it could not.
   */
  async #enter(socket: SignalingSocket, name: string): Promise<string | null> {
    const { audio, video } = this.store.getState();
    const response = await request(socket, 'room:join', { roomId: this.#deps.roomId, name, audio, video });
    if (this.#disposed) return null;
    if (!response.ok) return response.error.message;
    if (this.store.getState().phase === 'lobby') {
      // Left while the join was in flight.
      void request(socket, 'room:leave', {});
      return null;
    }
    this.#iceServers = response.iceServers;
    this.store.setState({
      phase: 'in-call',
      self: response.self,
      remotes: [],
      messages: response.history.map((message) => toEntry(message, false)),
    });
    // The newcomer makes the offer to everyone already present, so a pair never offers twice.
    for (const participant of response.participants) this.#addRemote(participant, true);
    return null;
  }

  /**
   * After the signaling connection came back: the server has let our old participant go
   * and told the others, who closed their links to us. Join again as a newcomer, which
   * rebuilds every link with us as the offerer.
   */
  async #rejoin(socket: SignalingSocket) {
    const self = this.store.getState().self;
    if (!self) return;
    this.#closeLinks();
    this.store.setState({ remotes: [] });
    const error = await this.#enter(socket, self.name);
    if (error !== null) {
      this.store.setState({
        phase: 'lobby',
        self: null,
        joinError: `You were disconnected and could not rejoin: ${error}`,
      });
    }
  }

  /** Hangs up and returns to the lobby of the same room; the preview stays on. */
  async leave() {
    if (this.store.getState().phase === 'lobby') return;
    this.#closeLinks();
    this.store.setState({ phase: 'lobby', self: null, remotes: [], messages: [] });
    if (this.#socket?.connected) {
      await request(this.#socket, 'room:leave', {});
      await this.#peek();
    }
  }

  setAudio(on: boolean) {
    this.#setSource('audio', on);
  }

  setVideo(on: boolean) {
    this.#setSource('video', on);
  }

  /** Sends a chat message; it shows at once as sending, then as sent or failed. */
  async sendChat(text: string) {
    const { self } = this.store.getState();
    if (!self) return;
    const key = `local-${++this.#localKeys}`;
    const entry: ChatEntry = {
      key,
      id: null,
      from: self.id,
      name: self.name,
      text,
      sentAt: Date.now(),
      status: 'sending',
      mine: true,
    };
    this.store.setState((state) => ({ messages: [...state.messages, entry] }));
    await this.#deliver(key, text);
  }

  /** Sends a failed message again. */
  async retryChat(key: string) {
    const entry = this.store.getState().messages.find((message) => message.key === key);
    if (entry?.status !== 'failed') return;
    this.#patchMessage(key, { status: 'sending' });
    await this.#deliver(key, entry.text);
  }

  /** Leaves, releases the camera and microphone, and closes the connection. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#closeLinks();
    stopTracks(this.store.getState().localStream);
    this.store.setState({ localStream: null, remotes: [] });
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  async #deliver(key: string, text: string) {
    const socket = this.#socket;
    const response = socket ? await request(socket, 'chat:send', { text }) : ({ ok: false } as const);
    if (response.ok) {
      this.#patchMessage(key, { ...toEntry(response.message, true), key });
    } else {
      this.#patchMessage(key, { status: 'failed' });
    }
  }

  #patchMessage(key: string, patch: Partial<ChatEntry>) {
    this.store.setState((state) => ({
      messages: state.messages.map((message) => (message.key === key ? { ...message, ...patch } : message)),
    }));
  }

  #appendMessage(message: ChatMessage, mine: boolean) {
    if (this.store.getState().phase !== 'in-call') return;
    this.store.setState((state) => ({ messages: [...state.messages, toEntry(message, mine)] }));
  }

  #setSource(kind: 'audio' | 'video', on: boolean) {
    const state = this.store.getState();
    if (!hasTrack(state.localStream, kind)) return;
    setTrackEnabled(state.localStream, kind, on);
    this.store.setState(kind === 'audio' ? { audio: on } : { video: on });
    if (state.phase === 'in-call' && this.#socket) {
      void request(this.#socket, 'participant:update', { [kind]: on });
    }
  }

  async #peek() {
    if (!this.#socket) return;
    const response = await request(this.#socket, 'room:peek', { roomId: this.#deps.roomId });
    if (response.ok) this.store.setState({ roomCount: response.count });
  }

  #addRemote(participant: Participant, initiator: boolean) {
    const { phase, localStream } = this.store.getState();
    if (phase !== 'in-call' || this.#links.has(participant.id)) return;
    const { id } = participant;
    this.store.setState((state) => ({
      remotes: [...state.remotes, { ...participant, connection: 'connecting', stream: null }],
    }));
    const link = this.#deps.createPeerLink({
      initiator,
      stream: localStream,
      iceServers: this.#iceServers,
      events: {
        signal: (data) => {
          if (this.#socket) void request(this.#socket, 'signal:send', { to: id, data });
        },
        stream: (stream) => patchRemote(this.store, id, { stream }),
        state: (connection) => patchRemote(this.store, id, { connection }),
      },
    });
    this.#links.set(id, link);
  }

  #removeRemote(id: string) {
    this.#links.get(id)?.close();
    this.#links.delete(id);
    this.store.setState((state) => ({ remotes: state.remotes.filter((remote) => remote.id !== id) }));
  }

  #closeLinks() {
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
  }
}

function toEntry({ id, from, name, text, sentAt }: ChatMessage, mine: boolean): ChatEntry {
  return { key: id, id, from, name, text, sentAt, status: 'sent', mine };
}

/** The actions the UI may call; components get this, tests can hand them a fake. */
export type CallActions = Pick<
  CallSession,
  'join' | 'leave' | 'setName' | 'setAudio' | 'setVideo' | 'sendChat' | 'retryChat'
>;
