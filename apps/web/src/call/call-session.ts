import {
  type AckError,
  type ChatMessage,
  DisplayNameSchema,
  type JoinResult,
  type Participant,
  parsePayload,
  type RemoteView,
} from '@moim/protocol';
import { ADAPTATION_KEY, ADAPTATION_OFF, AdaptiveSending } from './adaptive-sending';
import { IceRenewal } from './ice-renewal';
import { acquireLocalMedia, type GetUserMedia, stopTracks } from './local-media';
import { type DeviceApi, type DeviceKind, MediaController } from './media-controller';
import type { Notice } from './notices';
import type { PeerLinkFactory, PeerLinkOptions } from './peer-link';
import { PeerMesh } from './peer-mesh';
import { looksTheSame, type QualitySample, qualityFromStats } from './quality';
import { request, type SignalingSocket } from './signaling-client';
import {
  type LevelSourceFactory,
  polledLevel,
  receiverLevel,
  SpeakingDetector,
  sameSpeakers,
} from './speaking';
import { type CallStore, type ChatEntry, createCallStore, newRemote, patchRemote } from './store';

export interface CallSessionDeps {
  roomId: string;
  /** Opens the signaling connection; called once, in `start()`. */
  connect: () => SignalingSocket;
  createPeerLink: PeerLinkFactory;
  getUserMedia: GetUserMedia | undefined;
  /** Remembers the display name on this device. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Carries the seat across a reload of this tab (sessionStorage). */
  tabStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Pre-fills the name (from `?name=`), over the remembered one. */
  initialName?: string;
  /** Device lists, screen capture and device changes; absent where the browser has none. */
  devices?: DeviceApi;
  /** Measures how loud a stream is, for the speaking highlight (Web Audio by default). */
  createLevelSource?: LevelSourceFactory;
  /** Builds a MediaStream from tracks (a browser's MediaStream by default). */
  newStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  /** Whether the page is in the background (document.visibilityState), and its changes. */
  visibility?: PageVisibility;
}

export interface PageVisibility {
  hidden(): boolean;
  /** Calls back when the page is hidden or shown; returns how to stop listening. */
  onChange(listener: () => void): () => void;
}

/** Who we are in the room, to get the same seat back after a reconnect or a reload. */
interface Seat {
  id: string;
  token: string;
}

/** What a reload needs to come back as the same participant, sending the same things. */
interface SavedSeat extends Seat {
  name: string;
  audio: boolean;
  video: boolean;
}

/** A chat message not acknowledged within this long is shown as not sent. */
export const CHAT_ACK_TIMEOUT_MS = 5000;

const NAME_KEY = 'moim:name';
const DEVICES_KEY = 'moim:devices';
/** How often the speaking highlight and the connection quality are measured (the latter less while hidden). */
const SPEAKING_EVERY_MS = 200;
const QUALITY_EVERY_MS = 2000;
const QUALITY_HIDDEN_EVERY_MS = 6000;
const rejoinKey = (roomId: string) => `moim:rejoin:${roomId}`;

/**
 * One person's presence in one room, from lobby to call and back: the signaling
 * connection, local media, the peer mesh, and the chat. React renders `store`;
 * everything else happens here, in plain TypeScript.
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
  readonly #mesh: PeerMesh;
  #socket: SignalingSocket | null = null;
  #rtcConfig: PeerLinkOptions['rtcConfig'] = { iceServers: [], iceTransportPolicy: 'all' };
  #seat: Seat | null = null;
  #graceMs = 15_000;
  /** Fresh TURN credentials before the join's expire, for links made later in a long call. */
  readonly #iceRenewal = new IceRenewal({
    refresh: () => (this.#socket ? request(this.#socket, 'ice:refresh', {}) : null),
    apply: ({ iceServers, iceTransportPolicy }) => {
      this.#rtcConfig = { iceServers, iceTransportPolicy };
    },
  });
  /** Remotes missing after we came back; dropped unless they reappear within the grace. */
  readonly #absent = new Map<string, ReturnType<typeof setTimeout>>();
  #mediaReady: Promise<void> = Promise.resolve();
  #rejoinAfterReload = false;
  #disposed = false;
  readonly #media: MediaController;
  readonly #sending: AdaptiveSending;
  #stopVisibility: (() => void) | undefined;
  readonly #speaking: SpeakingDetector;
  readonly #qualitySamples = new Map<string, QualitySample>();
  #loops: ReturnType<typeof setInterval>[] = [];
  #unwatchVisibility = () => {};
  #noticeKey = 0;
  #loadingHistory = false;

  constructor(deps: CallSessionDeps) {
    this.#deps = deps;
    const name = deps.initialName?.trim() || deps.storage?.getItem(NAME_KEY) || '';
    const guestName = `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
    this.store = createCallStore(deps.roomId, { name, guestName });
    this.#restoreSeat();
    this.#mesh = new PeerMesh({
      createPeerLink: deps.createPeerLink,
      selfId: () => this.store.getState().self?.id ?? null,
      localStream: () => this.store.getState().localStream,
      rtcConfig: () => this.#rtcConfig,
      canSignal: () => this.#socket?.connected === true,
      sendSignal: (to, link, data) => {
        if (this.#socket?.connected) void request(this.#socket, 'signal:send', { to, link, data });
      },
      onStream: (id, stream) => patchRemote(this.store, id, { stream }),
      onState: (id, connection) => {
        if (connection === 'lost') this.#sending.closed(id);
        patchRemote(
          this.store,
          id,
          connection === 'connected'
            ? { connection, everConnected: true }
            : { connection, ...(connection === 'lost' ? { videoPaused: null } : {}) },
        );
      },
      onOpen: (id) => {
        patchRemote(this.store, id, { videoPaused: null });
        this.#sending.opened(id);
      },
      onData: (id, text) => this.#sending.received(id, text),
    });
    this.#sending = new AdaptiveSending({
      // Read once per session: the benchmark's baseline turns adaptation off this way.
      enabled: deps.storage?.getItem(ADAPTATION_KEY) !== ADAPTATION_OFF,
      remoteIds: () => this.store.getState().remotes.map((remote) => remote.id),
      send: (id, text) => this.#mesh.send(id, text),
      setVideoEncoding: (id, encoding) => this.#mesh.setVideoEncoding(id, encoding),
      outgoingVideo: () => ({
        track: this.#media.outgoingVideo,
        source: this.#media.sharing ? 'screen' : 'camera',
      }),
      setCapture: (size) => this.#media.setCaptureSize(size),
      onVideoPaused: (id, videoPaused) => patchRemote(this.store, id, { videoPaused }),
    });
    this.#media = new MediaController({
      getUserMedia:
        deps.getUserMedia ?? (() => Promise.reject(new DOMException('no camera API', 'NotFoundError'))),
      devices: deps.devices,
      newStream: deps.newStream ?? ((tracks) => new MediaStream(tracks)),
      onStream: (localStream) => this.store.setState({ localStream }),
      onOutgoing: (kind, track) => {
        this.#mesh.replaceTrack(kind, track);
        if (kind === 'video') this.#sending.replan();
      },
      onNotice: (notice) => this.#notify(notice),
      onDevices: (devices) => this.store.setState({ devices }),
      onSharing: (sharing) => {
        this.store.setState({ sharing });
        this.#sendState({ screen: sharing });
      },
    });
    Object.assign(this.#media.selected, this.#rememberedDevices());
    this.store.setState({ selected: { ...this.#media.selected } });
    // Everyone else's level from their packets, ours from what our audio sender measures
    // (alone in the call, nobody is there to see us speak).
    this.#speaking = new SpeakingDetector(
      deps.createLevelSource ??
        ((_stream, id) =>
          id === undefined || id === this.store.getState().self?.id
            ? polledLevel(() => this.#mesh.sentAudioLevel())
            : receiverLevel(() => this.#mesh.audioLevel(id))),
    );
    this.store.subscribe((state, previous) => {
      if (state.speaking === previous.speaking || !state.self) return;
      this.#sending.setSpeaking(state.speaking.includes(state.self.id));
    });
  }

  /** Opens the camera and microphone for the preview and connects to the server. */
  start() {
    const preferred = { audio: this.#media.selected.audioinput, video: this.#media.selected.videoinput };
    this.#mediaReady = acquireLocalMedia(this.#deps.getUserMedia, preferred).then(({ stream, problems }) => {
      if (this.#disposed) {
        stopTracks(stream);
        return;
      }
      const canAudio = !problems.some((problem) => problem.kind === 'audio');
      const canVideo = !problems.some((problem) => problem.kind === 'video');
      const audio = this.store.getState().audio && canAudio;
      const video = this.store.getState().video && canVideo;
      this.#media.adopt(stream, audio, video);
      this.store.setState({
        localStream: stream,
        mediaProblems: problems,
        media: 'ready',
        canAudio,
        canVideo,
        audio,
        video,
      });
    });

    const visibility = this.#deps.visibility;
    if (visibility) {
      this.#sending.setPageHidden(visibility.hidden());
      this.#stopVisibility = visibility.onChange(() => this.#sending.setPageHidden(visibility.hidden()));
    }

    const socket = this.#deps.connect();
    this.#socket = socket;
    socket.on('connect', () => {
      this.store.setState({ server: 'online' });
      if (this.store.getState().phase === 'in-call') void this.#rejoin(socket);
      else void this.#peek();
      if (this.#rejoinAfterReload) {
        this.#rejoinAfterReload = false;
        void this.join();
      }
    });
    socket.on('connect_error', () => this.store.setState({ server: 'offline' }));
    socket.on('disconnect', () => this.store.setState({ server: 'offline' }));
    socket.on('room:count', ({ roomId, count }) => {
      if (roomId === this.#deps.roomId) this.store.setState({ roomCount: count });
    });
    socket.on('participant:joined', (participant) => this.#onJoined(participant));
    socket.on('participant:updated', (participant) => patchRemote(this.store, participant.id, participant));
    socket.on('participant:left', ({ id }) => {
      const gone = this.store.getState().remotes.find((remote) => remote.id === id);
      this.#removeRemote(id);
      if (gone) this.#notify({ type: 'participant-left', name: gone.name });
    });
    socket.on('signal:receive', ({ from, link, data }) => {
      if (this.store.getState().remotes.some((remote) => remote.id === from))
        this.#mesh.receive(from, link, data);
    });
    socket.on('chat:message', (message) => this.#receiveMessage(message));
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
      this.store.setState({ joinError: { type: 'invalid-name' } });
      return;
    }
    this.store.setState({ phase: 'joining', joinError: null });
    await this.#mediaReady;
    const error = await this.#enter(socket, name.value);
    if (error !== null) {
      this.store.setState({ phase: 'lobby', joinError: { type: 'refused', error } });
      return;
    }
    if (state.name.trim()) this.#deps.storage?.setItem(NAME_KEY, name.value);
  }

  /** Hangs up and returns to the lobby of the same room; the preview stays on. */
  async leave() {
    if (this.store.getState().phase === 'lobby') return;
    this.#hangUp();
    this.#seat = null;
    this.store.setState({ phase: 'lobby', self: null, remotes: [], messages: [], moreHistory: false });
    if (this.#socket?.connected) {
      await request(this.#socket, 'room:leave', {});
      await this.#peek();
    }
  }

  setAudio(on: boolean) {
    if (!this.store.getState().canAudio) return;
    this.#media.setAudio(on);
    this.store.setState({ audio: on });
    this.#sendState({ audio: on });
  }

  async setVideo(on: boolean) {
    if (!this.store.getState().canVideo) return;
    this.store.setState({ video: on });
    this.#sendState({ video: on });
    const ok = await this.#media.setVideo(on);
    if (on && !ok && this.store.getState().video) {
      this.store.setState({ video: false });
      this.#sendState({ video: false });
    }
  }

  /** Shares a screen (or window, or tab) in place of the camera, to everyone. */
  startScreenShare() {
    return this.#media.startScreenShare();
  }

  stopScreenShare() {
    this.#media.stopScreenShare();
  }

  /**
   * How the UI shows `remoteId`: hidden (minimised, scrolled away), small (in a grid) or
   * large (pinned, two people). Their app then sends us only what that needs.
   */
  setRemoteView(remoteId: string, view: RemoteView) {
    this.#sending.setRemoteView(remoteId, view);
  }

  /** Switches camera, microphone or speaker, during the call or before; remembered here. */
  async selectDevice(kind: DeviceKind, deviceId: string) {
    await this.#media.selectDevice(kind, deviceId);
    this.store.setState({ selected: { ...this.#media.selected } });
    this.#deps.storage?.setItem(DEVICES_KEY, JSON.stringify(this.#media.selected));
  }

  /**
   * Sends a chat message. It shows at once; while the server is away it waits and goes
   * out once back; unacknowledged in time, it shows as not sent, with a retry.
   */
  async sendChat(text: string) {
    const { self } = this.store.getState();
    if (!self) return;
    const id = crypto.randomUUID();
    const entry: ChatEntry = {
      key: id,
      from: self.id,
      name: self.name,
      text,
      sentAt: Date.now(),
      status: 'sending',
      mine: true,
    };
    this.store.setState((state) => ({ messages: [...state.messages, entry] }));
    if (this.#socket?.connected) await this.#deliver(entry);
  }

  /** Sends a message that was not acknowledged again, under the same id. */
  async retryChat(key: string) {
    const entry = this.store.getState().messages.find((message) => message.key === key);
    if (entry?.status !== 'failed') return;
    this.#patchMessage(key, { status: 'sending' });
    if (this.#socket?.connected) await this.#deliver(entry);
  }

  /** Fetches the page of chat before the oldest message shown; each message is shown once. */
  async loadEarlierMessages() {
    const socket = this.#socket;
    const oldest = this.store.getState().messages.find((entry) => entry.status === 'sent');
    if (!socket?.connected || !oldest || !this.store.getState().moreHistory || this.#loadingHistory) return;
    this.#loadingHistory = true;
    const response = await request(socket, 'chat:history', { before: oldest.key }).finally(() => {
      this.#loadingHistory = false;
    });
    if (!response.ok || this.store.getState().phase !== 'in-call') return;
    this.store.setState((state) => {
      const known = new Set(state.messages.map((entry) => entry.key));
      const older = response.messages.filter((message) => !known.has(message.id));
      return {
        messages: [...older.map((message) => toEntry(message, state.self?.id)), ...state.messages],
        moreHistory: response.more,
      };
    });
  }

  /** Ends the session when the page goes away; a reload comes back to the same seat. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    const { phase, audio, video } = this.store.getState();
    const { self } = this.store.getState();
    if (phase === 'in-call' && this.#seat && self) {
      const saved: SavedSeat = { ...this.#seat, name: self.name, audio, video };
      this.#deps.tabStorage?.setItem(rejoinKey(this.#deps.roomId), JSON.stringify(saved));
    }
    this.#hangUp();
    this.#stopVisibility?.();
    this.#media.stop();
    stopTracks(this.store.getState().localStream);
    this.store.setState({ localStream: null, remotes: [] });
    this.#socket?.removeAllListeners();
    // A deliberate disconnect: the server lets the seat go at once, with no grace period.
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Joins on the server and connects to everyone; resolves with null or the reason it failed. */
  async #enter(socket: SignalingSocket, name: string): Promise<AckError | null> {
    const { audio, video } = this.store.getState();
    const response = await request(socket, 'room:join', {
      roomId: this.#deps.roomId,
      name,
      audio,
      video,
      ...(this.#seat ? { resume: this.#seat } : {}),
    });
    if (this.#disposed) return null;
    if (!response.ok) return response.error;
    const wasInCall = this.store.getState().phase === 'in-call';
    if (this.store.getState().phase === 'lobby') {
      // Left while the join was in flight.
      void request(socket, 'room:leave', {});
      return null;
    }
    this.#seat = { id: response.self.id, token: response.token };
    this.#rtcConfig = { iceServers: response.iceServers, iceTransportPolicy: response.iceTransportPolicy };
    this.#iceRenewal.schedule(response.iceExpiresInMs);
    this.#graceMs = response.graceMs;
    if (wasInCall) this.#reconcile(response);
    else this.#enterFresh(response);
    this.#flushOutbox();
    return null;
  }

  #enterFresh(response: JoinResult) {
    this.store.setState({
      phase: 'in-call',
      self: response.self,
      remotes: response.participants.map(newRemote),
      messages: response.history.map((message) => toEntry(message, response.self.id)),
      moreHistory: response.moreHistory,
    });
    // The newcomer makes the offer to everyone already present, so a pair never offers twice.
    for (const participant of response.participants) this.#mesh.connect(participant.id);
    this.#sending.replan();
    this.#startLoops();
  }

  /**
   * Back after the signaling connection dropped. Peer connections that still work are
   * kept; missing ones are offered again. If the server still held our seat, its list is
   * the truth; if it did not (it restarted), others may still be on their way back, so
   * anyone missing gets the grace period before their tile goes.
   */
  #reconcile(response: JoinResult) {
    const present = new Set(response.participants.map((participant) => participant.id));
    const { remotes } = this.store.getState();
    const known = new Set(remotes.map((remote) => remote.id));
    const messages = mergeHistory(this.store.getState().messages, response.history, response.self.id);
    // Older messages loaded before the drop stay, and so does what we knew about those before them.
    const keptOlder = messages[0]?.key !== response.history[0]?.id;
    this.store.setState({
      self: response.self,
      remotes: [
        ...remotes.map((remote) => {
          const update = response.participants.find((participant) => participant.id === remote.id);
          return update ? { ...remote, ...update } : remote;
        }),
        ...response.participants.filter((participant) => !known.has(participant.id)).map(newRemote),
      ],
      messages,
      moreHistory: keptOlder ? this.store.getState().moreHistory : response.moreHistory,
    });
    for (const participant of response.participants) {
      this.#cancelAbsence(participant.id);
      this.#mesh.ensure(participant.id);
    }
    for (const remote of remotes) {
      if (present.has(remote.id)) continue;
      if (response.resumed) this.#removeRemote(remote.id);
      else this.#markAbsent(remote.id);
    }
  }

  /** The signaling connection came back while in the call: take our seat again. */
  async #rejoin(socket: SignalingSocket) {
    const self = this.store.getState().self;
    if (!self) return;
    const error = await this.#enter(socket, self.name);
    if (error !== null) {
      this.#hangUp();
      this.store.setState({
        phase: 'lobby',
        self: null,
        remotes: [],
        joinError: { type: 'rejoin-failed', error },
      });
    }
  }

  #onJoined(participant: Participant) {
    if (this.store.getState().phase !== 'in-call') return;
    this.#cancelAbsence(participant.id);
    const known = this.store.getState().remotes.some((remote) => remote.id === participant.id);
    if (known) {
      // Back after a server restart: a working connection carries on.
      patchRemote(this.store, participant.id, participant);
    } else {
      this.store.setState((state) => ({
        remotes: [...state.remotes, newRemote(participant)],
      }));
      this.#notify({ type: 'participant-joined', name: participant.name });
    }
    // The newcomer offers; we answer.
    this.#mesh.ensureExpected(participant.id);
    this.#sending.replan();
  }

  #markAbsent(id: string) {
    this.#cancelAbsence(id);
    this.#absent.set(
      id,
      setTimeout(() => this.#removeRemote(id), this.#graceMs),
    );
  }

  #cancelAbsence(id: string) {
    clearTimeout(this.#absent.get(id));
    this.#absent.delete(id);
  }

  #removeRemote(id: string) {
    this.#cancelAbsence(id);
    this.#mesh.remove(id);
    this.store.setState((state) => ({ remotes: state.remotes.filter((remote) => remote.id !== id) }));
    this.#sending.remove(id);
  }

  #hangUp() {
    this.#stopLoops();
    this.#iceRenewal.stop();
    this.#mesh.closeAll();
    this.#sending.reset();
    for (const id of [...this.#absent.keys()]) this.#cancelAbsence(id);
  }

  async #deliver(entry: ChatEntry) {
    const socket = this.#socket;
    if (!socket) return;
    const response = await request(
      socket,
      'chat:send',
      { id: entry.key, text: entry.text },
      CHAT_ACK_TIMEOUT_MS,
    );
    if (response.ok) {
      const { message } = response;
      this.#patchMessage(entry.key, { sentAt: message.sentAt, name: message.name, status: 'sent' });
    } else {
      this.#patchMessage(entry.key, { status: 'failed' });
    }
  }

  /** Sends what was typed while the server was away, in order. */
  #flushOutbox() {
    for (const entry of this.store.getState().messages) {
      if (entry.mine && entry.status === 'sending') void this.#deliver(entry);
    }
  }

  #patchMessage(key: string, patch: Partial<ChatEntry>) {
    this.store.setState((state) => ({
      messages: state.messages.map((message) => (message.key === key ? { ...message, ...patch } : message)),
    }));
  }

  #receiveMessage(message: ChatMessage) {
    const { phase, messages, self } = this.store.getState();
    if (phase !== 'in-call' || messages.some((entry) => entry.key === message.id)) return;
    this.store.setState({ messages: [...messages, toEntry(message, self?.id)] });
  }

  /** Tells the room what we send now; a reconnect sends it again with the join. */
  #sendState(update: { audio?: boolean; video?: boolean; screen?: boolean }) {
    if (this.store.getState().phase === 'in-call' && this.#socket?.connected) {
      void request(this.#socket, 'participant:update', update);
    }
  }

  #notify(notice: Notice) {
    this.store.setState({ notice: { key: ++this.#noticeKey, notice } });
  }

  #rememberedDevices(): Partial<Record<DeviceKind, string>> {
    try {
      const saved = JSON.parse(this.#deps.storage?.getItem(DEVICES_KEY) ?? '{}') as Record<string, unknown>;
      return Object.fromEntries(Object.entries(saved).filter(([, id]) => typeof id === 'string')) as Partial<
        Record<DeviceKind, string>
      >;
    } catch {
      return {};
    }
  }

  /**
   * While in the call: who is speaking (often), how each connection is doing (now and then).
   * Only what a person can see is measured: the speaking highlight stops while the page is
   * hidden, the statistics are read less often, and the store changes only when a tile would.
   */
  #startLoops() {
    this.#stopLoops();
    const doc = globalThis.document as Document | undefined;
    const visible = () => doc?.visibilityState !== 'hidden';
    let reading = false;
    const measureSpeaking = () => {
      const { self, localStream, remotes, speaking, audio } = this.store.getState();
      // A microphone that is off cannot be speaking: no analyser for it.
      const streams = new Map<string, MediaStream>();
      if (self && localStream && audio) streams.set(self.id, localStream);
      for (const remote of remotes) if (remote.stream && remote.audio) streams.set(remote.id, remote.stream);
      this.#speaking.track(streams);
      const now = this.#speaking.update(Date.now());
      if (!sameSpeakers(now, speaking)) this.store.setState({ speaking: now });
    };
    const measureQuality = () => {
      // On a starved machine getStats can take longer than the period: never pile them up.
      if (reading) return;
      reading = true;
      void this.#mesh
        .stats()
        .then((reports) => {
          for (const [id, report] of reports) {
            const { quality, sample } = qualityFromStats(report as never, this.#qualitySamples.get(id));
            this.#qualitySamples.set(id, sample);
            const shown = this.store.getState().remotes.find((remote) => remote.id === id)?.quality ?? null;
            if (!looksTheSame(shown, quality)) patchRemote(this.store, id, { quality });
            this.#sending.sample(id, report);
          }
        })
        .finally(() => {
          reading = false;
        });
    };
    const schedule = () => {
      for (const loop of this.#loops) clearInterval(loop);
      this.#loops = [];
      if (visible()) {
        this.#loops.push(setInterval(measureSpeaking, SPEAKING_EVERY_MS));
      } else {
        this.#speaking.close();
        if (this.store.getState().speaking.length > 0) this.store.setState({ speaking: [] });
      }
      this.#loops.push(setInterval(measureQuality, visible() ? QUALITY_EVERY_MS : QUALITY_HIDDEN_EVERY_MS));
    };
    schedule();
    doc?.addEventListener('visibilitychange', schedule);
    this.#unwatchVisibility = () => doc?.removeEventListener('visibilitychange', schedule);
  }

  #stopLoops() {
    for (const loop of this.#loops) clearInterval(loop);
    this.#loops = [];
    this.#unwatchVisibility();
    this.#unwatchVisibility = () => {};
    this.#speaking.close();
    this.#qualitySamples.clear();
  }

  async #peek() {
    if (!this.#socket) return;
    const response = await request(this.#socket, 'room:peek', { roomId: this.#deps.roomId });
    if (response.ok) this.store.setState({ roomCount: response.count });
  }

  /** After a reload during a call: the seat, and what we were sending, to join again at once. */
  #restoreSeat() {
    const key = rejoinKey(this.#deps.roomId);
    const saved = this.#deps.tabStorage?.getItem(key);
    if (!saved) return;
    // Read once: a copy of this tab (duplicated later) must not claim the same seat.
    this.#deps.tabStorage?.removeItem(key);
    try {
      const { id, token, name, audio, video } = JSON.parse(saved) as SavedSeat;
      if (typeof id !== 'string' || typeof token !== 'string' || typeof name !== 'string') return;
      this.#seat = { id, token };
      // The same name as before the reload, typed or given.
      this.store.setState({ guestName: name, audio: audio !== false, video: video !== false });
      this.#rejoinAfterReload = true;
    } catch {
      // A damaged entry only costs the automatic rejoin.
    }
  }
}

function toEntry({ id, from, name, text, sentAt }: ChatMessage, selfId: string | undefined): ChatEntry {
  return { key: id, from, name, text, sentAt, status: 'sent', mine: from === selfId };
}

/**
 * The server's history with what we have that it did not send, once each: older messages
 * loaded earlier go before it, our own it does not have (a restart lost them) after.
 */
function mergeHistory(local: ChatEntry[], history: ChatMessage[], selfId: string): ChatEntry[] {
  const fromServer = history.map((message) => toEntry(message, selfId));
  const ids = new Set(fromServer.map((entry) => entry.key));
  const first = history[0]?.sentAt ?? Number.POSITIVE_INFINITY;
  const missing = local.filter((entry) => !ids.has(entry.key));
  const older = missing.filter((entry) => entry.status === 'sent' && entry.sentAt < first);
  return [...older, ...fromServer, ...missing.filter((entry) => !older.includes(entry))];
}

/** The actions the UI may call; components get this, tests can hand them a fake. */
export type CallActions = Pick<
  CallSession,
  | 'join'
  | 'leave'
  | 'setName'
  | 'setAudio'
  | 'setVideo'
  | 'sendChat'
  | 'retryChat'
  | 'loadEarlierMessages'
  | 'startScreenShare'
  | 'stopScreenShare'
  | 'selectDevice'
  | 'setRemoteView'
>;
