import { encodePeerMessage, parsePeerMessage, type RemoteView, type VideoPauseReason } from '@moim/protocol';
import {
  captureFor,
  encodingFor,
  type LinkDemand,
  planRungs,
  sizeRungs,
  startRung,
  type VideoEncoding,
  type VideoSource,
} from './ladder';
import { LinkAdapter, linkSampleFromStats } from './link-adapter';

/** The localStorage key and value that turn adaptation off (the benchmark's baseline). */
export const ADAPTATION_KEY = 'moim:adaptation';
export const ADAPTATION_OFF = 'off';

/** Once we stop speaking, our links keep the better rung this long: no flapping per word. */
export const SPEAKING_HOLD_MS = 4000;

export interface CaptureSize {
  width: number;
  height: number;
  frameRate: number;
}

export interface AdaptiveSendingOptions {
  /** False: send as before adaptation (full size to everyone, no messages acted on). */
  enabled: boolean;
  /** Every remote participant in the call, connected or not: the room size. */
  remoteIds(): string[];
  send(remoteId: string, text: string): boolean;
  setVideoEncoding(remoteId: string, encoding: VideoEncoding): void;
  /** The video we send now, and whether it is a camera or a screen. */
  outgoingVideo(): { track: MediaStreamTrack | null; source: VideoSource };
  /** Asks the camera for this size (applyConstraints on the open track); resolves when done. */
  setCapture(size: CaptureSize): Promise<void>;
  /** A sender told us it paused its video to us (a reason) or resumed (null). */
  onVideoPaused(remoteId: string, reason: VideoPauseReason | null): void;
}

/**
 * What we send on each link and what we ask each sender for: the receiver side reports how
 * it shows each remote ('hidden', 'small', 'large') on the link's data channel; the sender
 * side combines the room size, those views, whether we speak, and each link's own
 * measurements (LinkAdapter) into the ladder's encodings, one per link.
 */
export class AdaptiveSending {
  readonly #options: AdaptiveSendingOptions;
  /** Links whose data channel is open. */
  readonly #open = new Set<string>();
  /** How each remote shows us, as they last told us. */
  readonly #theirViews = new Map<string, RemoteView>();
  /** How we show each remote, as the UI last said. */
  readonly #ourViews = new Map<string, RemoteView>();
  /** The view each remote last heard from us on its current link. */
  readonly #told = new Map<string, RemoteView>();
  readonly #adapters = new Map<string, LinkAdapter>();
  readonly #planned = new Map<string, VideoEncoding>();
  /** Whether each remote was last told our video to it is paused. */
  readonly #toldPaused = new Map<string, boolean>();
  #pageHidden = false;
  #speaking = false;
  #speakingTimer: ReturnType<typeof setTimeout> | undefined;
  #capture: string | null = null;

  constructor(options: AdaptiveSendingOptions) {
    this.#options = options;
  }

  get enabled() {
    return this.#options.enabled;
  }

  /**
   * A link to `remoteId` is being made (new or replaced): its video starts at the start rung
   * from the first frame, before any bandwidth estimate, rather than at the camera's whole
   * size until its data channel opens. Its first key frame is then a small one: quicker to
   * arrive, and it does not flood a narrow uplink the other links' audio shares.
   */
  created(remoteId: string) {
    if (!this.enabled) return;
    const { track, source } = this.#options.outgoingVideo();
    const height = track?.getSettings?.().height ?? null;
    this.#options.setVideoEncoding(
      remoteId,
      encodingFor(startRung(this.#options.remoteIds().length), source, height),
    );
  }

  /** The link to `remoteId` (new or replaced) opened its data channel. */
  opened(remoteId: string) {
    if (!this.enabled) return;
    this.#open.add(remoteId);
    this.#told.delete(remoteId);
    this.#toldPaused.delete(remoteId);
    this.#adapters.set(remoteId, new LinkAdapter(startRung(this.#options.remoteIds().length)));
    this.#tell(remoteId);
    this.replan();
  }

  /** The link to `remoteId` went away (lost, or replaced next). */
  closed(remoteId: string) {
    this.#open.delete(remoteId);
    this.#told.delete(remoteId);
    this.#toldPaused.delete(remoteId);
    this.#theirViews.delete(remoteId);
    this.#adapters.delete(remoteId);
    this.#planned.delete(remoteId);
  }

  /** `remoteId` left the call. */
  remove(remoteId: string) {
    this.closed(remoteId);
    this.#ourViews.delete(remoteId);
    this.replan();
  }

  /** Leaves nothing behind: the call ended. */
  reset() {
    for (const id of [...this.#open, ...this.#ourViews.keys()]) this.closed(id);
    this.#ourViews.clear();
    clearTimeout(this.#speakingTimer);
    this.#speaking = false;
  }

  /** A data-channel message from `remoteId`; anything invalid is dropped. */
  received(remoteId: string, text: string) {
    if (!this.enabled) return;
    const message = parsePeerMessage(text);
    if (!message) return;
    if (message.type === 'view') {
      if (this.#theirViews.get(remoteId) === message.view) return;
      this.#theirViews.set(remoteId, message.view);
      this.replan();
    } else if (message.type === 'video') {
      this.#options.onVideoPaused(remoteId, message.paused);
    }
  }

  /** How the UI shows `remoteId` now; they hear it if it changed. */
  setRemoteView(remoteId: string, view: RemoteView) {
    if (!this.enabled || this.#ourViews.get(remoteId) === view) return;
    this.#ourViews.set(remoteId, view);
    this.#tell(remoteId);
  }

  /** The page went to the background (or came back): nothing of it is seen meanwhile. */
  setPageHidden(hidden: boolean) {
    if (!this.enabled || this.#pageHidden === hidden) return;
    this.#pageHidden = hidden;
    for (const id of this.#open) this.#tell(id);
  }

  /** We speak: the others are likely to look at us. Stopping counts after SPEAKING_HOLD_MS. */
  setSpeaking(speaking: boolean) {
    if (!this.enabled) return;
    clearTimeout(this.#speakingTimer);
    if (speaking) {
      if (this.#speaking) return;
      this.#speaking = true;
      this.replan();
    } else if (this.#speaking) {
      this.#speakingTimer = setTimeout(() => {
        this.#speaking = false;
        this.replan();
      }, SPEAKING_HOLD_MS);
    }
  }

  /** One stats report of the link to `remoteId`: its adapter may move it on the ladder. */
  sample(remoteId: string, report: RTCStatsReport) {
    if (!this.enabled) return;
    const adapter = this.#adapters.get(remoteId);
    const planned = this.#planned.get(remoteId);
    if (!adapter || !planned) return;
    // A link that sends nothing because it is not watched says nothing about the network.
    if (planned.rung === null && !adapter.paused) return;
    const sample = linkSampleFromStats(report);
    if (!sample) return;
    if (adapter.sample(sample, planned.rung ?? adapter.cap)) this.replan();
  }

  /** Works out every link's encoding again, and the camera's capture size. */
  replan() {
    if (!this.enabled) return;
    const peers = this.#options.remoteIds().length;
    const ids = [...this.#open];
    const demands: LinkDemand[] = ids.map((id) => ({
      view: this.#theirViews.get(id) ?? (peers <= 1 ? 'large' : 'small'),
      emphasised: this.#speaking,
      cap: this.#adapters.get(id)?.cap ?? 0,
    }));
    const { track, source } = this.#options.outgoingVideo();
    const height = track?.getSettings?.().height ?? null;
    const rungs = planRungs(peers, demands);
    const sizes = sizeRungs(peers, demands, rungs);
    // Capture what the best link needs; for a camera only (a shared screen keeps its size).
    if (peers > 0 && source === 'camera') this.#applyCapture(captureFor(peers, rungs, sizes));
    const encodings = rungs.map((rung, index) => encodingFor(rung, source, height, sizes[index] ?? rung));
    for (const [index, id] of ids.entries()) {
      const encoding = encodings[index];
      if (!encoding) continue;
      this.#planned.set(id, encoding);
      this.#options.setVideoEncoding(id, encoding);
      const paused = this.#adapters.get(id)?.paused === true && demands[index]?.view !== 'hidden';
      if ((this.#toldPaused.get(id) ?? false) !== paused) {
        const sent = this.#options.send(
          id,
          encodePeerMessage({ type: 'video', paused: paused ? 'poor-connection' : null }),
        );
        if (sent) this.#toldPaused.set(id, paused);
      }
    }
  }

  #tell(remoteId: string) {
    if (!this.#open.has(remoteId)) return;
    const view = this.#pageHidden ? 'hidden' : this.#ourViews.get(remoteId);
    if (!view || this.#told.get(remoteId) === view) return;
    if (this.#options.send(remoteId, encodePeerMessage({ type: 'view', view })))
      this.#told.set(remoteId, view);
  }

  #applyCapture(size: CaptureSize) {
    const key = `${size.width}x${size.height}@${size.frameRate}`;
    if (key === this.#capture) return;
    this.#capture = key;
    // The encodings scale from the captured size: plan again once the camera has it.
    void this.#options.setCapture(size).then(
      () => this.replan(),
      () => {},
    );
  }
}
