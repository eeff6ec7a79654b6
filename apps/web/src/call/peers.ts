import { encodePeerMessage, parsePeerMessage, type RemoteView, type SignalData } from '@moim/protocol';
import { AdaptiveSending, type CaptureSize } from './adaptive-sending';
import type { VideoSource } from './ladder';
import type { Logger } from './logger';
import { CallMonitors, type PageVisibility } from './monitors';
import type { PeerLinkFactory, PeerLinkOptions } from './peer-link-types';
import { PeerMesh } from './peer-mesh';
import type { RosterLinks } from './roster';
import type { SafetyCodes } from './safety';
import { type LevelSourceFactory, polledLevel } from './speaking';
import { type CallStore, patchRemote } from './store';

export interface PeersOptions {
  createPeerLink: PeerLinkFactory;
  log: Logger;
  rtcConfig(): PeerLinkOptions['rtcConfig'];
  /** Whether signals can be relayed now. */
  canSignal(): boolean;
  sendSignal(to: string, link: string, data: SignalData): void;
  /** The video track we send now, and whether it is the camera or a screen. */
  outgoingVideo(): { track: MediaStreamTrack | null; source: VideoSource };
  setCapture(size: CaptureSize): Promise<void>;
  /** Whether to adapt what each person gets (the benchmark's baseline turns it off). */
  adaptive: boolean;
  visibility: PageVisibility;
  /** How loud our own microphone is; from what our audio sender measures by default. */
  levels?: LevelSourceFactory;
  /** Each link's safety code, shown while it is up. */
  safety: SafetyCodes;
  /** Where files go: their channels, and the links that went away (FileTransfers). */
  files?: {
    incoming(remoteId: string, channel: RTCDataChannel): void;
    gone(remoteId: string, reason: 'peer-left' | 'link-lost'): void;
  };
}

/**
 * The media side of a call: one connection per remote participant (PeerMesh), what each
 * gets of our video (AdaptiveSending), and what we measure of them (CallMonitors), with
 * every link's state, stream and quality written to the store.
 */
export class Peers implements RosterLinks {
  readonly #store: CallStore;
  readonly #mesh: PeerMesh;
  readonly #sending: AdaptiveSending;
  readonly #monitors: CallMonitors;
  readonly #visibility: PageVisibility;
  readonly #safety: SafetyCodes;
  readonly #files: PeersOptions['files'];
  /** Whether we last told the others we are speaking. */
  #speaking = false;
  #unwatchPage = () => {};

  constructor(store: CallStore, options: PeersOptions) {
    this.#store = store;
    this.#visibility = options.visibility;
    this.#safety = options.safety;
    const selfId = () => store.getState().self?.id ?? null;
    this.#mesh = new PeerMesh({
      createPeerLink: options.createPeerLink,
      log: options.log,
      selfId,
      localStream: () => store.getState().media.stream,
      rtcConfig: options.rtcConfig,
      canSignal: options.canSignal,
      sendSignal: options.sendSignal,
      onStream: (id, stream) => patchRemote(store, id, { stream }),
      onState: (id, connection) => {
        if (connection === 'lost') {
          this.#sending.closed(id);
          this.#monitors.forget(id);
          options.files?.gone(id, 'link-lost');
        }
        if (connection !== 'connected') options.safety.lost(id);
        patchRemote(
          store,
          id,
          connection === 'connected'
            ? { connection, everConnected: true }
            : { connection, ...(connection === 'lost' ? { videoPaused: null } : {}) },
        );
      },
      onOpen: (id) => {
        patchRemote(store, id, { videoPaused: null });
        this.#sending.opened(id);
        if (this.#speaking) this.#mesh.send(id, encodePeerMessage({ type: 'speaking', speaking: true }));
      },
      onData: (id, text) => {
        const message = parsePeerMessage(text);
        if (message?.type === 'speaking') this.#monitors.heard(id, message.speaking);
        else this.#sending.received(id, text);
      },
      onSecured: (id, descriptions) => options.safety.secured(id, descriptions),
      onNewLink: (id) => {
        options.safety.lost(id);
        this.#sending.created(id);
      },
      ...(options.files ? { onChannel: options.files.incoming } : {}),
    });
    this.#files = options.files;
    this.#sending = new AdaptiveSending({
      enabled: options.adaptive,
      remoteIds: () => store.getState().remotes.map((remote) => remote.id),
      send: (id, text) => this.#mesh.send(id, text),
      setVideoEncoding: (id, encoding) => this.#mesh.setVideoEncoding(id, encoding),
      outgoingVideo: options.outgoingVideo,
      setCapture: options.setCapture,
      onVideoPaused: (id, videoPaused) => patchRemote(store, id, { videoPaused }),
    });
    this.#monitors = new CallMonitors({
      store,
      visibility: options.visibility,
      // Our level from what our audio sender measures (alone in the call, nobody is there to
      // see us speak); everyone else tells us (see CallMonitors).
      levels: options.levels ?? (() => polledLevel(() => this.#mesh.sentAudioLevel())),
      stats: () => this.#mesh.stats(),
      onReport: (id, report) => this.#sending.sample(id, report),
    });
    store.subscribe((state, previous) => {
      if (state.speaking === previous.speaking || !state.self) return;
      const speaking = state.speaking.includes(state.self.id);
      this.#sending.setSpeaking(speaking);
      if (speaking === this.#speaking) return;
      // Everyone connected hears it at once; a link that opens later, when it opens.
      this.#speaking = speaking;
      const message = encodePeerMessage({ type: 'speaking', speaking });
      for (const remote of state.remotes) this.#mesh.send(remote.id, message);
    });
  }

  connect(id: string) {
    this.#mesh.connect(id);
  }

  ensure(id: string) {
    this.#mesh.ensure(id);
  }

  expect(id: string) {
    this.#mesh.ensureExpected(id);
  }

  remove(id: string) {
    this.#mesh.remove(id);
    this.#monitors.forget(id);
    this.#safety.lost(id);
    this.#sending.remove(id);
    this.#files?.gone(id, 'peer-left');
  }

  /** An extra data channel to `id` (a file's), on the connected link; null if it is not up. */
  openChannel(id: string, name: string): RTCDataChannel | null {
    return this.#mesh.openChannel(id, name);
  }

  /** Someone came or went: what we send to each is planned again. */
  changed() {
    this.#sending.replan();
  }

  /** A signal relayed by the server; only from someone the roster knows. */
  receive(from: string, link: string, data: SignalData) {
    if (this.#store.getState().remotes.some((remote) => remote.id === from))
      this.#mesh.receive(from, link, data);
  }

  /** What we send of `kind` changed (device, screen, camera off): every link sends `track`. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    this.#mesh.replaceTrack(kind, track);
    if (kind === 'video') this.#sending.replan();
  }

  setRemoteView(id: string, view: RemoteView) {
    this.#sending.setRemoteView(id, view);
  }

  /** Sends nothing that nobody sees while our page is in the background (see AdaptiveSending). */
  followPage() {
    const follow = () => this.#sending.setPageHidden(this.#visibility.hidden());
    follow();
    this.#unwatchPage();
    this.#unwatchPage = this.#visibility.onChange(follow);
  }

  dispose() {
    this.closeAll();
    this.#unwatchPage();
  }

  /** In the call: speaking and quality are measured from now on. */
  start() {
    this.#monitors.start();
  }

  /** Hung up: every link closed, nothing measured, the sending plan forgotten. */
  closeAll() {
    this.#monitors.stop();
    this.#speaking = false;
    this.#mesh.closeAll();
    this.#sending.reset();
  }
}
