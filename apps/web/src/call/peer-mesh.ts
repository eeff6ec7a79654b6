import type { SignalData } from '@moim/protocol';
import type { VideoEncoding } from './ladder';
import type { Logger } from './logger';
import type {
  AppliedDescriptions,
  LinkState,
  PeerLink,
  PeerLinkFactory,
  PeerLinkOptions,
} from './peer-link-types';
import { markMoment } from './timeline';

/** How long to wait for the other side's offer before making one ourselves. */
export const WAIT_FOR_OFFER_MS = 4000;
/** Delay before the next attempt to replace a lost link: 1 s, 2 s, 4 s, … up to 10 s. */
export const retryDelay = (attempt: number) => Math.min(1000 * 2 ** attempt, 10_000);

export interface PeerMeshOptions {
  createPeerLink: PeerLinkFactory;
  /** Our participant id: the smaller id of a pair wins when both sides offer at once. */
  selfId(): string | null;
  localStream(): MediaStream | null;
  rtcConfig(): PeerLinkOptions['rtcConfig'];
  /** Whether signals can be relayed now; attempts wait while the server is away. */
  canSignal(): boolean;
  sendSignal(to: string, link: string, data: SignalData): void;
  onStream(remoteId: string, stream: MediaStream): void;
  onState(remoteId: string, state: LinkState): void;
  /** The link's data channel opened: messages can go both ways. */
  onOpen(remoteId: string): void;
  /** A data-channel message arrived on the current link (not yet validated). */
  onData(remoteId: string, text: string): void;
  /** The current link's DTLS is up, with its descriptions as applied (for the safety code). */
  onSecured?(remoteId: string, descriptions: AppliedDescriptions | null): void;
  /** A new link to `remoteId` replaces any before it (whose safety code no longer applies). */
  onNewLink?(remoteId: string): void;
  /** The remote opened an extra data channel on the current link (PeerLink.openChannel). */
  onChannel?(remoteId: string, channel: RTCDataChannel): void;
  /** Handed to every link, for its errors. */
  log?: Logger;
}

interface Entry {
  /** Names this connection in every signal, so a replaced one's leftovers are dropped. */
  id: string;
  initiator: boolean;
  state: LinkState;
  link: PeerLink;
}

const newLinkId = () => crypto.randomUUID();

const isJoinSignal = (
  data: SignalData,
): data is Extract<SignalData, { type: 'offer' | 'answer' | 'candidate' }> =>
  data.type === 'offer' || data.type === 'answer' || data.type === 'candidate';

/** Whether a signal is a TURN relay's candidate (the timeline marks the first each way). */
const isRelayCandidate = (data: SignalData) =>
  data.type === 'candidate' && / typ relay( |$)/.test(data.candidate.candidate);

/**
 * One peer link per remote participant, kept alive: a lost link is replaced by a new
 * one (simple-peer has no ICE restart). The side that offered the lost link offers the
 * replacement; the other side waits for it, and offers itself only if none comes. When both
 * offer at once, the smaller participant id keeps offering and the other answers.
 */
export class PeerMesh {
  readonly #options: PeerMeshOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #attempts = new Map<string, number>();

  constructor(options: PeerMeshOptions) {
    this.#options = options;
  }

  /** Offers a new connection to `remoteId`, replacing any we had. */
  connect(remoteId: string) {
    this.#open(remoteId, true, newLinkId());
  }

  /** `remoteId` will offer (a newcomer does); if no offer comes in time, we offer. */
  expect(remoteId: string) {
    this.#close(remoteId);
    this.#schedule(remoteId, WAIT_FOR_OFFER_MS);
  }

  /** Keeps a working connection; otherwise offers a new one. */
  ensure(remoteId: string) {
    if (this.#entries.get(remoteId)?.state !== 'connected') this.connect(remoteId);
  }

  /** Keeps a working connection; otherwise waits for the remote's offer. */
  ensureExpected(remoteId: string) {
    if (this.#entries.get(remoteId)?.state !== 'connected') this.expect(remoteId);
  }

  /** Routes a relayed signal to its link; an offer for a new link replaces ours. */
  receive(from: string, linkId: string, data: SignalData) {
    if (isJoinSignal(data)) markMoment(`${data.type}-received`, from);
    if (isRelayCandidate(data)) markMoment('relay-candidate-received', from);
    const entry = this.#entries.get(from);
    if (entry?.id === linkId) {
      entry.link.signal(data);
      return;
    }
    // Anything but an offer belongs to a link we have already replaced.
    if (data.type !== 'offer') return;
    const selfId = this.#options.selfId();
    const glare = entry?.initiator && entry.state === 'connecting';
    if (glare && selfId !== null && selfId < from) return; // Our offer stands; they will answer it.
    this.#open(from, false, linkId);
    this.#entries.get(from)?.link.signal(data);
  }

  /** Sends `track` on every link in place of what they send of that kind. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
    for (const entry of this.#entries.values()) entry.link.replaceTrack(kind, track);
  }

  /** Sends a data-channel message on the link to `remoteId`; false if it cannot now. */
  send(remoteId: string, text: string): boolean {
    return this.#entries.get(remoteId)?.link.send(text) ?? false;
  }

  /** An extra data channel on the connected link to `remoteId`; null when it is not up. */
  openChannel(remoteId: string, name: string): RTCDataChannel | null {
    const entry = this.#entries.get(remoteId);
    return entry?.state === 'connected' ? entry.link.openChannel(name) : null;
  }

  /** Sets how the link to `remoteId` encodes our video. */
  setVideoEncoding(remoteId: string, encoding: VideoEncoding) {
    this.#entries.get(remoteId)?.link.setVideoEncoding(encoding);
  }

  /** Each connected link's statistics, by remote participant. */
  async stats(): Promise<Map<string, RTCStatsReport>> {
    const reports = new Map<string, RTCStatsReport>();
    for (const [remoteId, entry] of this.#entries) {
      if (entry.state !== 'connected') continue;
      const report = await entry.link.getStats();
      if (report) reports.set(remoteId, report);
    }
    return reports;
  }

  /** Our microphone's level, from the audio sender of one connected link; null with none. */
  async sentAudioLevel(): Promise<number | null> {
    for (const entry of this.#entries.values()) {
      if (entry.state === 'connected') return entry.link.sentAudioLevel();
    }
    return null;
  }

  remove(remoteId: string) {
    this.#close(remoteId);
    this.#attempts.delete(remoteId);
  }

  closeAll() {
    for (const remoteId of [...this.#entries.keys(), ...this.#timers.keys()]) this.remove(remoteId);
  }

  #open(remoteId: string, initiator: boolean, id: string) {
    this.#close(remoteId);
    const entry: Entry = {
      id,
      initiator,
      state: 'connecting',
      link: this.#options.createPeerLink({
        initiator,
        stream: this.#options.localStream(),
        rtcConfig: this.#options.rtcConfig(),
        ...(this.#options.log ? { log: this.#options.log } : {}),
        events: {
          signal: (data) => {
            if (isJoinSignal(data)) markMoment(`${data.type}-sent`, remoteId);
            if (isRelayCandidate(data)) markMoment('relay-candidate-sent', remoteId);
            this.#options.sendSignal(remoteId, id, data);
          },
          stream: (stream) => {
            markMoment('track-received', remoteId);
            this.#options.onStream(remoteId, stream);
          },
          state: (state) => {
            if (state === 'connected') markMoment('ice-connected', remoteId);
            this.#onState(remoteId, entry, state);
          },
          secured: (descriptions) => {
            markMoment('dtls-connected', remoteId);
            if (this.#entries.get(remoteId) === entry) this.#options.onSecured?.(remoteId, descriptions);
          },
          open: () => {
            markMoment('channel-open', remoteId);
            if (this.#entries.get(remoteId) === entry) this.#options.onOpen(remoteId);
          },
          data: (text) => {
            if (this.#entries.get(remoteId) === entry) this.#options.onData(remoteId, text);
          },
          channel: (channel) => {
            if (this.#entries.get(remoteId) === entry && this.#options.onChannel) {
              this.#options.onChannel(remoteId, channel);
            } else channel.close();
          },
        },
      }),
    };
    this.#entries.set(remoteId, entry);
    markMoment('link-created', remoteId);
    this.#options.onNewLink?.(remoteId);
  }

  #onState(remoteId: string, entry: Entry, state: LinkState) {
    if (this.#entries.get(remoteId) !== entry) return; // A replaced link's last words.
    entry.state = state;
    this.#options.onState(remoteId, state);
    if (state === 'connected') {
      this.#attempts.delete(remoteId);
    } else if (state === 'lost') {
      const attempt = this.#attempts.get(remoteId) ?? 0;
      this.#attempts.set(remoteId, attempt + 1);
      const wait = entry.initiator ? retryDelay(attempt) : WAIT_FOR_OFFER_MS + retryDelay(attempt);
      this.#schedule(remoteId, wait);
    }
  }

  /** After `ms`, offers a new link unless one came up meanwhile. */
  #schedule(remoteId: string, ms: number) {
    clearTimeout(this.#timers.get(remoteId));
    this.#timers.set(
      remoteId,
      setTimeout(() => {
        this.#timers.delete(remoteId);
        const state = this.#entries.get(remoteId)?.state;
        if (state === 'connected') return;
        if (!this.#options.canSignal()) {
          this.#schedule(remoteId, ms);
          return;
        }
        this.connect(remoteId);
      }, ms),
    );
  }

  #close(remoteId: string) {
    clearTimeout(this.#timers.get(remoteId));
    this.#timers.delete(remoteId);
    this.#entries.get(remoteId)?.link.close();
    this.#entries.delete(remoteId);
  }
}
