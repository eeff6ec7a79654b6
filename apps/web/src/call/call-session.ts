import {
  type AckError,
  DisplayNameSchema,
  ErrorCode,
  type JoinResult,
  parsePayload,
  type Reaction,
  type RemoteView,
} from '@moim/protocol';
import { ADAPTATION_KEY, ADAPTATION_OFF } from './adaptive-sending';
import { Conversation } from './conversation';
import type { DeviceKind } from './devices';
import type { SendFileResult } from './file-transfers';
import { Hosting } from './hosting';
import { IceRenewal } from './ice-renewal';
import { type Logger, silentLogger } from './logger';
import { type LocalMediaState, MediaController } from './media-controller';
import { documentVisibility, type PageVisibility } from './monitors';
import type { Notice } from './notices';
import type { PeerLinkOptions } from './peer-link-types';
import { Peers } from './peers';
import { Roster } from './roster';
import { SafetyCodes } from './safety';
import type { CallSessionDeps } from './session-types';
import { type RequestOptions, request, type SignalingSocket } from './signaling-client';
import { CallStorage, type Seat } from './storage';
import { type CallStore, createCallStore } from './store';
import { markMoment } from './timeline';

export type { CallActions, CallSessionDeps } from './session-types';

/**
 * One person's presence in one room, from lobby to call and back: it connects to the
 * server and wires its events to the parts that own each concern: `MediaController`
 * (our microphone, camera, screen), `Roster` (who else is here), `Peers` (a connection to
 * each, what each gets of our video, speaking and quality), `Conversation` (chat, typing,
 * files), `SafetyCodes` and `CallStorage`.
 * React renders `store`.
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
  readonly #log: Logger;
  /** Refusals of what we ask the server are logged with their code. */
  readonly #asking: RequestOptions;
  readonly #storage: CallStorage;
  readonly #media: MediaController;
  readonly #peers: Peers;
  readonly #roster: Roster;
  readonly #talk: Conversation;
  readonly #safety: SafetyCodes;
  readonly #hosting: Hosting;
  readonly #visibility: PageVisibility;
  #socket: SignalingSocket | null = null;
  #rtcConfig: PeerLinkOptions['rtcConfig'] = { iceServers: [], iceTransportPolicy: 'all' };
  #seat: Seat | null = null;
  /** Fresh TURN credentials before the join's expire, for links made later in a long call. */
  readonly #iceRenewal = new IceRenewal({
    refresh: () => (this.#socket ? request(this.#socket, 'ice:refresh', {}, this.#asking) : null),
    apply: ({ iceServers, iceTransportPolicy }) => {
      this.#rtcConfig = { iceServers, iceTransportPolicy };
    },
  });
  #mediaReady: Promise<void> = Promise.resolve();
  #rejoinAfterReload = false;
  /** The name of the join in progress (kept while a knock waits). */
  #joinName = '';
  #disposed = false;
  #noticeKey = 0;

  constructor(deps: CallSessionDeps) {
    this.#deps = deps;
    this.#log = deps.log ?? silentLogger;
    this.#asking = { log: this.#log };
    this.#storage = new CallStorage(deps.storage, deps.tabStorage);
    this.#visibility = deps.visibility ?? documentVisibility();
    const name = deps.initialName?.trim() || this.#storage.name();
    const guestName = deps.guestName ?? String(Math.floor(1000 + Math.random() * 9000));
    this.store = createCallStore(deps.roomId, { name, guestName });
    // After a reload during a call: the seat, and what we were sending, to join again at once.
    const saved = this.#storage.takeSeat(deps.roomId);
    if (saved) {
      this.#seat = { id: saved.id, token: saved.token };
      this.store.setState({ guestName: saved.name });
      this.#rejoinAfterReload = true;
    }
    this.#media = new MediaController({
      getUserMedia: deps.getUserMedia,
      devices: deps.devices,
      newStream: deps.newStream ?? ((tracks) => new MediaStream(tracks)),
      initial: {
        selected: this.#storage.devices(),
        ...(saved ? { audio: saved.audio, video: saved.video } : {}),
      },
      onChange: (media, previous) => this.#mediaChanged(media, previous),
      onOutgoing: (kind, track) => this.#peers.replaceTrack(kind, track),
      onNotice: (notice) => this.#notify(notice),
    });
    this.store.setState({ media: this.#media.state });
    this.#safety = new SafetyCodes(this.store, this.#storage);
    this.#peers = new Peers(this.store, {
      createPeerLink: deps.createPeerLink,
      log: this.#log,
      rtcConfig: () => ({ ...this.#rtcConfig, ...this.#safety.certificates() }),
      safety: this.#safety,
      canSignal: () => this.#socket?.connected === true,
      sendSignal: (to, link, data) => {
        if (this.#socket?.connected)
          void request(this.#socket, 'signal:send', { to, link, data }, this.#asking);
      },
      outgoingVideo: () => this.#media.outgoingVideo,
      setCapture: (size) => this.#media.setCaptureSize(size),
      // Read once per session: the benchmark's baseline turns adaptation off this way.
      adaptive: this.#storage.setting(ADAPTATION_KEY) !== ADAPTATION_OFF,
      visibility: this.#visibility,
      ...(deps.createLevelSource ? { levels: deps.createLevelSource } : {}),
      files: {
        incoming: (id, channel) => this.#talk.files.incoming(id, channel),
        gone: (id, reason) => this.#talk.files.gone(id, reason),
      },
    });
    this.#roster = new Roster(this.store, {
      links: this.#peers,
      notify: (notice) => this.#notify(notice),
      changed: () => this.#peers.changed(),
    });
    this.#talk = new Conversation({
      store: this.store,
      socket: () => this.#socket,
      log: this.#log,
      asking: this.#asking,
      openChannel: (id, name) => this.#peers.openChannel(id, name),
    });
    this.#hosting = new Hosting({
      store: this.store,
      socket: () => this.#socket,
      asking: this.#asking,
      notify: (notice) => this.#notify(notice),
      mutedByHost: () => this.#media.setAudio(false),
    });
  }

  /** Opens the camera and microphone for the preview and connects to the server. */
  start() {
    this.#mediaReady = this.#media.start();
    this.#safety.prepare(this.#deps.generateCertificate, this.#log);
    // After the camera is open (both compete for the same cores), and never in the way of a join.
    void this.#mediaReady.then(() => (this.#disposed ? undefined : this.#deps.warmUpPeerLinks?.()));
    this.#peers.followPage();

    const socket = this.#deps.connect();
    this.#socket = socket;
    socket.on('connect', () => {
      this.store.setState({ server: 'online' });
      const { phase, knocking } = this.store.getState();
      if (phase === 'in-call') void this.#rejoin(socket);
      // A knock ends with its connection: knock again.
      else if (knocking) void this.#knock(socket);
      else void this.#peek();
      if (this.#rejoinAfterReload) {
        this.#rejoinAfterReload = false;
        void this.join();
      }
    });
    socket.on('connect_error', () => this.store.setState({ server: 'offline' }));
    socket.on('disconnect', (reason) => {
      // The server closes a removed person's connection; the lobby still needs one, at once.
      if (reason === 'io server disconnect' && this.store.getState().removed) socket.connect();
      else this.store.setState({ server: 'offline' });
    });
    socket.on('room:count', ({ roomId, count }) => {
      if (roomId === this.#deps.roomId) this.store.setState({ roomCount: count });
    });
    socket.on('participant:joined', (participant) => this.#roster.joined(participant));
    socket.on('participant:updated', (participant) => this.#roster.updated(participant));
    socket.on('participant:left', ({ id }) => this.#roster.left(id));
    socket.on('signal:receive', ({ from, link, data }) => this.#peers.receive(from, link, data));
    this.#talk.listen(socket);
    this.#hosting.listen(socket);
    socket.on('knock:answer', (answer) => {
      if (!this.store.getState().knocking) return;
      if (answer.admitted) {
        void this.#knock(socket);
        return;
      }
      const code = answer.reason === 'timeout' ? ErrorCode.KnockTimeout : ErrorCode.KnockDenied;
      this.store.setState({
        knocking: false,
        phase: 'lobby',
        joinError: { type: 'refused', error: { code, message: '' } },
      });
    });
    socket.on('room:removed', () => this.#removed());
  }

  setName(name: string) {
    this.store.setState({ name });
  }

  /** Joins the call with the current name and toggles; failures land in `joinError`. */
  async join() {
    markMoment('join-click');
    const socket = this.#socket;
    const state = this.store.getState();
    if (!socket || state.phase !== 'lobby') return;
    const name = parsePayload(DisplayNameSchema, state.name.trim() || state.guestName);
    if (!name.ok) {
      this.store.setState({ joinError: { type: 'invalid-name' } });
      return;
    }
    this.store.setState({ phase: 'joining', joinError: null });
    await Promise.all([this.#mediaReady, this.#safety.ready]);
    this.#joinName = name.value;
    await this.#knock(socket);
  }

  /** Stops waiting for the host of a locked room to let us in. */
  cancelKnock() {
    if (!this.store.getState().knocking) return;
    this.store.setState({ knocking: false, phase: 'lobby' });
    if (this.#socket?.connected) void request(this.#socket, 'knock:cancel', {}, this.#asking);
  }

  /**
   * Hangs up and releases the camera and microphone (their lights go out): the page then
   * shows that the person left, with `rejoin()` to come back. The toggles are kept.
   */
  async leave() {
    if (this.store.getState().phase === 'lobby') return;
    this.#hangUp();
    this.#seat = null;
    this.#media.release();
    this.store.setState({ phase: 'lobby', self: null, left: true });
    if (this.#socket?.connected) {
      await request(this.#socket, 'room:leave', {}, this.#asking);
      await this.#peek();
    }
  }

  /** After `leave()`: opens the camera and microphone again and joins the same room's call. */
  async rejoin() {
    const { left, phase } = this.store.getState();
    if (!left || phase !== 'lobby') return;
    this.#mediaReady = this.#media.start();
    await this.join();
  }

  /**
   * A new display name during the call: everyone sees it at once, and it is remembered on
   * this device. Resolves with what became of it.
   */
  async rename(name: string): Promise<'renamed' | 'invalid' | 'refused'> {
    const parsed = parsePayload(DisplayNameSchema, name.trim());
    if (!parsed.ok) return 'invalid';
    const socket = this.#socket;
    if (this.store.getState().phase !== 'in-call' || !socket?.connected) return 'refused';
    const response = await request(socket, 'participant:update', { name: parsed.value }, this.#asking);
    if (!response.ok) return response.error.code === ErrorCode.InvalidPayload ? 'invalid' : 'refused';
    this.store.setState({ self: response.self, name: parsed.value });
    this.#storage.saveName(parsed.value);
    return 'renamed';
  }

  // What the UI's controls do, handed to the part that owns it.
  readonly setAudio = (on: boolean) => this.#media.setAudio(on);
  readonly setVideo = (on: boolean) => this.#media.setVideo(on);
  /** Shares a screen (or window, or tab) in place of the camera, to everyone. */
  readonly startScreenShare = () => this.#media.startScreenShare();
  readonly stopScreenShare = () => this.#media.stopScreenShare();
  /**
   * How the UI shows `remoteId`: hidden (minimised, scrolled away), small (in a grid) or
   * large (pinned, two people). Their app then sends us only what that needs.
   */
  readonly setRemoteView = (remoteId: string, view: RemoteView) => this.#peers.setRemoteView(remoteId, view);
  readonly sendChat = (text: string) => this.#talk.send(text);
  /** What is in the chat's box now: the others see that we type (throttled). */
  readonly setChatDraft = (text: string) => this.#talk.typing.draft(text);
  /** Sends a file to everyone in the call, straight between browsers. */
  readonly sendFile = (file: File): Promise<SendFileResult> => this.#talk.sendFile(file);
  /** Stops a file on its way, ours or theirs (by `transferKey`). */
  readonly cancelFile = (key: string) => this.#talk.files.cancel(key);
  /** Asks the sender of a file that did not reach us for it. */
  readonly requestFile = (from: string, fileId: string) => this.#talk.files.request(from, fileId);
  readonly retryChat = (key: string) => this.#talk.chat.retry(key);
  readonly loadEarlierMessages = () => this.#talk.chat.loadEarlier();
  // Hosting (call/hosting.ts): the host's actions, refused by the server from anyone else.
  readonly setLocked = (locked: boolean) => this.#hosting.setLocked(locked);
  readonly admit = (knockId: string) => this.#hosting.admit(knockId);
  readonly deny = (knockId: string) => this.#hosting.deny(knockId);
  /** Turns that person's microphone off (their app obeys; only they can turn it on again). */
  readonly mute = (id: string) => this.#hosting.mute(id);
  /** Ends that person's call; coming back, they must knock. */
  readonly remove = (id: string) => this.#hosting.remove(id);
  readonly makeHost = (id: string) => this.#hosting.makeHost(id);
  readonly lowerHand = (id: string) => this.#hosting.lowerHand(id);
  readonly raiseHand = (raised: boolean) => this.#hosting.raiseHand(raised);
  readonly react = (reaction: Reaction) => this.#hosting.react(reaction);
  /** The person compared `remoteId`'s safety code and it matches (remembered on this device). */
  readonly setVerified = (remoteId: string, verified: boolean) =>
    this.#safety.setVerified(remoteId, verified);

  /** Switches camera, microphone or speaker, during the call or before; remembered here. */
  async selectDevice(kind: DeviceKind, deviceId: string) {
    await this.#media.selectDevice(kind, deviceId);
    this.#storage.saveDevices(this.#media.state.selected);
  }

  /** Ends the session when the page goes away; a reload comes back to the same seat. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    const { phase, self, media } = this.store.getState();
    if (phase === 'in-call' && this.#seat && self) {
      this.#storage.saveSeat(this.#deps.roomId, {
        ...this.#seat,
        name: self.name,
        audio: media.audio,
        video: media.video,
      });
    }
    this.#hangUp();
    this.#peers.dispose();
    this.#media.stop();
    this.#socket?.removeAllListeners();
    // A deliberate disconnect: the server lets the seat go at once, with no grace period.
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Joins on the server and connects to everyone; resolves with null or the reason it failed. */
  async #enter(socket: SignalingSocket, name: string): Promise<AckError | null> {
    const { audio, video } = this.store.getState().media;
    // Removed by the host, we present that seat again: the server then has us knock.
    const resume = this.#seat ?? this.#storage.removedSeat(this.#deps.roomId);
    const response = await request(
      socket,
      'room:join',
      { roomId: this.#deps.roomId, name, audio, video, ...(resume ? { resume } : {}) },
      this.#asking,
    );
    if (this.#disposed) return null;
    if (!response.ok) return response.error;
    markMoment('join-ack');
    const phase = this.store.getState().phase;
    if (phase === 'lobby') {
      // Left while the join was in flight.
      void request(socket, 'room:leave', {}, this.#asking);
      return null;
    }
    this.#seat = { id: response.self.id, token: response.token };
    this.#rtcConfig = { iceServers: response.iceServers, iceTransportPolicy: response.iceTransportPolicy };
    this.#iceRenewal.schedule(response.iceExpiresInMs);
    if (phase === 'in-call') this.#rejoined(response);
    else this.#entered(response);
    this.#talk.chat.flushOutbox();
    return null;
  }

  /**
   * Asks to join: in, refused, or (the room is locked, or we were removed) parked until
   * the host answers, which `knock:answer` brings.
   */
  async #knock(socket: SignalingSocket) {
    const error = await this.#enter(socket, this.#joinName);
    if (this.#disposed || this.store.getState().phase !== 'joining') return;
    if (error?.code === ErrorCode.WaitingForHost) {
      this.store.setState({ knocking: true });
      return;
    }
    this.store.setState({ knocking: false });
    if (error !== null) this.store.setState({ phase: 'lobby', joinError: { type: 'refused', error } });
  }

  #entered(response: JoinResult) {
    if (this.store.getState().name.trim()) this.#storage.saveName(response.self.name);
    if (this.store.getState().removed || this.#storage.removedSeat(this.#deps.roomId))
      this.#storage.saveRemovedSeat(this.#deps.roomId, null);
    this.store.setState({
      phase: 'in-call',
      self: response.self,
      left: false,
      removed: false,
      knocking: false,
    });
    this.#hosting.start(response);
    this.#talk.chat.start(response.history, response.moreHistory, response.self.id);
    this.#roster.start(response);
    this.#peers.start();
  }

  #rejoined(response: JoinResult) {
    this.store.setState({ self: response.self });
    this.#hosting.start(response);
    this.#talk.chat.rejoined(response.history, response.moreHistory, response.self.id);
    this.#roster.rejoined(response);
  }

  /** The signaling connection came back while in the call: take our seat again. */
  async #rejoin(socket: SignalingSocket) {
    const self = this.store.getState().self;
    if (!self) return;
    const error = await this.#enter(socket, self.name);
    if (error !== null) {
      this.#hangUp();
      this.store.setState({ phase: 'lobby', self: null, joinError: { type: 'rejoin-failed', error } });
    }
  }

  /** Stops everything of the call itself; the lobby's preview and the connection stay. */
  #hangUp() {
    this.#iceRenewal.stop();
    this.#peers.closeAll();
    this.#roster.clear();
    this.#talk.clear();
    this.#hosting.clear();
  }

  /** The host removed us: the call ends at once, and coming back means knocking. */
  #removed() {
    if (this.store.getState().phase !== 'in-call') return;
    this.#storage.saveRemovedSeat(this.#deps.roomId, this.#seat);
    this.#hangUp();
    this.#seat = null;
    this.#media.release();
    this.store.setState({ phase: 'lobby', self: null, left: true, removed: true });
    void this.#peek();
  }

  /** Our toggles and screen changed: tell the room (a reconnect sends them again with the join). */
  #mediaChanged(media: LocalMediaState, previous: LocalMediaState) {
    this.store.setState({ media });
    const update: { audio?: boolean; video?: boolean; screen?: boolean } = {};
    if (media.audio !== previous.audio) update.audio = media.audio;
    if (media.video !== previous.video) update.video = media.video;
    if (media.sharing !== previous.sharing) update.screen = media.sharing;
    if (
      Object.keys(update).length > 0 &&
      this.store.getState().phase === 'in-call' &&
      this.#socket?.connected
    ) {
      void request(this.#socket, 'participant:update', update, this.#asking);
    }
  }

  #notify(notice: Notice) {
    this.store.setState({ notice: { key: ++this.#noticeKey, notice } });
  }

  async #peek() {
    if (!this.#socket) return;
    const response = await request(this.#socket, 'room:peek', { roomId: this.#deps.roomId }, this.#asking);
    if (response.ok) this.store.setState({ roomCount: response.count });
  }
}
