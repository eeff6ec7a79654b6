import {
  type DeviceApi,
  type DeviceKind,
  type DeviceLists,
  listDevices,
  NO_DEVICES,
  type SelectedDevices,
} from './devices';
import type { VideoSource } from './ladder';
import {
  acquireLocalMedia,
  type GetUserMedia,
  type MediaProblem,
  openDevice,
  type VideoSize,
  videoSizeConstraints,
} from './local-media';
import type { Notice } from './notices';

/** Everything about our own media that the UI shows: one snapshot, replaced on each change. */
export interface LocalMediaState {
  /** `pending` until the browser has answered for the camera and microphone. */
  status: 'pending' | 'ready';
  /** What we send (or will join with): the Microphone and Camera toggles. */
  audio: boolean;
  video: boolean;
  /** Whether a microphone and a camera could be opened at all. */
  canAudio: boolean;
  canVideo: boolean;
  /** Sharing a screen instead of the camera. */
  sharing: boolean;
  /** What the local tile and the lobby preview show; null with no track at all. */
  stream: MediaStream | null;
  problems: MediaProblem[];
  /** Cameras, microphones and speakers to choose from, and the ones chosen. */
  devices: DeviceLists;
  /** Whether `devices` has been listed yet: until then the lobby keeps their room. */
  devicesListed: boolean;
  selected: SelectedDevices;
}

export function initialMedia(initial: Partial<Pick<LocalMediaState, 'audio' | 'video' | 'selected'>> = {}) {
  const media: LocalMediaState = {
    status: 'pending',
    audio: true,
    video: true,
    canAudio: false,
    canVideo: false,
    sharing: false,
    stream: null,
    problems: [],
    devices: NO_DEVICES,
    devicesListed: false,
    selected: {},
  };
  return { ...media, ...initial };
}

export interface MediaControllerOptions {
  getUserMedia: GetUserMedia | undefined;
  devices?: DeviceApi;
  /** Builds the stream the local tile shows; MediaStream in a browser. */
  newStream(tracks: MediaStreamTrack[]): MediaStream;
  /** The toggles and devices to start with (a reload, a remembered choice). */
  initial?: Partial<Pick<LocalMediaState, 'audio' | 'video' | 'selected'>>;
  /** The snapshot changed. */
  onChange(state: LocalMediaState, previous: LocalMediaState): void;
  /** What goes to the others changed: every link should send `track` for `kind`. */
  onOutgoing(kind: 'audio' | 'video', track: MediaStreamTrack | null): void;
  /** Something the person should know. */
  onNotice(notice: Notice): void;
}

/** Turning the camera off releases it (its light goes out) after this long. */
export const CAMERA_RELEASE_MS = 3000;

const firstTrack = (stream: MediaStream | null, kind: 'audio' | 'video') =>
  stream?.getTracks().find((track) => track.kind === kind) ?? null;

/**
 * The only owner of local media: it opens the microphone and camera, switches devices,
 * shares the screen and releases everything, and publishes what it holds as one
 * `LocalMediaState`. Turning a source off disables its track at once (nothing is sent);
 * the camera is also released after a moment. Devices and screen sharing swap the outgoing
 * track on every peer (replaceTrack, no renegotiation).
 */
export class MediaController {
  readonly #options: MediaControllerOptions;
  #state: LocalMediaState;
  #audio: MediaStreamTrack | null = null;
  #video: MediaStreamTrack | null = null;
  #screen: MediaStreamTrack | null = null;
  #release: ReturnType<typeof setTimeout> | undefined;
  #stopWatching: (() => void) | undefined;
  #stopped = false;
  /** Bumped by each release: work begun before it (an open in flight) must not land after it. */
  #epoch = 0;
  /** Between release() and the next start(): toggles are remembered, nothing is opened. */
  #released = false;
  /** The camera size the sending ladder asked for; null: the default (1280x720). */
  #size: VideoSize | null = null;

  constructor(options: MediaControllerOptions) {
    this.#options = options;
    this.#state = initialMedia(options.initial);
  }

  get state(): LocalMediaState {
    return this.#state;
  }

  /** The video track we send now, and whether it is the camera or a screen. */
  get outgoingVideo(): { track: MediaStreamTrack | null; source: VideoSource } {
    return { track: this.#screen ?? this.#video, source: this.#screen ? 'screen' : 'camera' };
  }

  /** Opens the microphone and camera (what can be had of them), and follows device changes. */
  async start() {
    if (this.#stopped) return;
    this.#released = false;
    const epoch = this.#epoch;
    const { selected } = this.#state;
    const { stream, problems } = await acquireLocalMedia(this.#options.getUserMedia, {
      audio: selected.audioinput,
      video: selected.videoinput,
    });
    if (this.#gone(epoch)) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      return;
    }
    this.#audio = firstTrack(stream, 'audio');
    this.#video = firstTrack(stream, 'video');
    const canAudio = !problems.some((problem) => problem.kind === 'audio');
    const canVideo = !problems.some((problem) => problem.kind === 'video');
    const audio = this.#state.audio && canAudio;
    const video = this.#state.video && canVideo;
    if (this.#audio) this.#audio.enabled = audio;
    if (this.#video) this.#video.enabled = video;
    this.#set({ status: 'ready', stream, problems, canAudio, canVideo, audio, video });
    // Joining (or rejoining) with the camera off: its light goes out as after a toggle.
    if (this.#video && !video) void this.setVideo(false);
    this.#stopWatching = this.#options.devices?.onDeviceChange?.(() => void this.#devicesChanged());
    await this.refreshDevices();
  }

  setAudio(on: boolean) {
    if (!this.#state.canAudio) return;
    if (this.#audio) this.#audio.enabled = on;
    this.#set({ audio: on });
  }

  /** Camera off: nothing sent at once, camera released shortly after. On: reopened if released. */
  async setVideo(on: boolean) {
    if (!this.#state.canVideo) return;
    this.#set({ video: on });
    clearTimeout(this.#release);
    if (this.#released) return;
    if (!on) {
      if (this.#video) this.#video.enabled = false;
      this.#release = setTimeout(() => {
        if (this.#state.video || !this.#video) return;
        this.#video.stop();
        this.#video = null;
        this.#publish();
      }, CAMERA_RELEASE_MS);
      return;
    }
    if (this.#video) {
      this.#video.enabled = true;
      return;
    }
    const epoch = this.#epoch;
    const opened = await this.#open('video', this.#state.selected.videoinput, false);
    if (this.#gone(epoch)) {
      if ('track' in opened) opened.track.stop();
      return;
    }
    if ('problem' in opened) {
      this.#options.onNotice({ type: 'camera-restart-failed', reason: opened.problem.reason });
      if (this.#state.video) this.#set({ video: false });
      return;
    }
    if (!this.#state.video || this.#video) {
      opened.track.stop(); // Turned off again (or reopened) while this one was opening.
      return;
    }
    this.#video = opened.track;
    this.#publish();
  }

  /** Switches to another camera, microphone or speaker; the speaker is the UI's to apply. */
  async selectDevice(kind: DeviceKind, deviceId: string) {
    this.#set({ selected: { ...this.#state.selected, [kind]: deviceId } });
    if (kind === 'audiooutput') return;
    const source = kind === 'audioinput' ? 'audio' : 'video';
    if (source === 'video' && !this.#video) return; // Released: the next setVideo(true) opens it.
    if (this.#released) return; // Left the call: the next start() opens the chosen one.
    const epoch = this.#epoch;
    const opened = await this.#open(source, deviceId, true);
    if (this.#gone(epoch)) {
      if ('track' in opened) opened.track.stop();
      return;
    }
    if ('problem' in opened) {
      this.#options.onNotice({ type: 'device-start-failed', source, reason: opened.problem.reason });
      return;
    }
    this.#replace(source, opened.track);
  }

  /**
   * Asks the camera for another size: the open track is changed in place (applyConstraints),
   * never reopened, and a camera opened later gets the same size.
   */
  async setCaptureSize(size: VideoSize) {
    this.#size = size;
    await this.#video?.applyConstraints?.(videoSizeConstraints(size)).catch(() => {});
  }

  async startScreenShare() {
    const getDisplayMedia = this.#options.devices?.getDisplayMedia;
    if (!getDisplayMedia || this.#screen) return;
    const epoch = this.#epoch;
    let track: MediaStreamTrack | undefined;
    try {
      track = (await getDisplayMedia({ video: true, audio: false })).getVideoTracks()[0];
    } catch {
      return; // The person cancelled the browser's picker.
    }
    if (!track) return;
    if (this.#gone(epoch) || this.#screen) {
      track.stop();
      return;
    }
    // The browser's own "Stop sharing" ends the track.
    track.addEventListener('ended', () => this.stopScreenShare());
    this.#screen = track;
    this.#publish({ sharing: true });
  }

  /** Ends sharing: the camera comes back (if it is on), or nothing. */
  stopScreenShare() {
    if (!this.#screen) return;
    this.#screen.stop();
    this.#screen = null;
    this.#publish({ sharing: false });
  }

  async refreshDevices() {
    const devices = await listDevices(this.#options.devices);
    if (!this.#stopped) this.#set({ devices, devicesListed: true });
  }

  /**
   * Releases every track (camera and microphone lights go out), keeping the toggles:
   * `start()` opens them again. What was opening when this ran is stopped on arrival.
   */
  release() {
    this.#epoch++;
    this.#released = true;
    clearTimeout(this.#release);
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    for (const track of [this.#audio, this.#video, this.#screen]) track?.stop();
    this.#audio = this.#video = this.#screen = null;
    this.#set({ status: 'pending', stream: null, sharing: false });
  }

  /** Releases every track, once; nothing is opened after this. */
  stop() {
    this.#stopped = true;
    this.release();
  }

  /** A device went away: a track that ended falls back to the default device, and says so. */
  async #devicesChanged() {
    await this.refreshDevices();
    for (const source of ['audio', 'video'] as const) {
      const track = source === 'audio' ? this.#audio : this.#video;
      if (track?.readyState !== 'ended') continue;
      const epoch = this.#epoch;
      const opened = await this.#open(source, undefined, false);
      if (this.#gone(epoch)) {
        if ('track' in opened) opened.track.stop();
        return;
      }
      if ('problem' in opened) {
        this.#options.onNotice({ type: 'device-lost', source });
        this.#replace(source, null);
      } else {
        const { [source === 'audio' ? 'audioinput' : 'videoinput']: _gone, ...selected } =
          this.#state.selected;
        this.#set({ selected });
        this.#options.onNotice({ type: 'device-fallback', source });
        this.#replace(source, opened.track);
      }
    }
  }

  #gone(epoch: number) {
    return this.#stopped || epoch !== this.#epoch;
  }

  #open(source: 'audio' | 'video', deviceId: string | undefined, strict: boolean) {
    const getUserMedia =
      this.#options.getUserMedia ??
      (() => Promise.reject(new DOMException('no camera API', 'NotFoundError')));
    const size = source === 'video' ? (this.#size ?? undefined) : undefined;
    return openDevice(getUserMedia, source, deviceId, strict, size);
  }

  #replace(source: 'audio' | 'video', track: MediaStreamTrack | null) {
    const old = source === 'audio' ? this.#audio : this.#video;
    if (track) track.enabled = source === 'audio' ? this.#state.audio : this.#state.video;
    if (source === 'audio') this.#audio = track;
    else this.#video = track;
    old?.stop();
    this.#publish();
  }

  /** The tracks changed: a new stream for the local tile, and the outgoing tracks for every link. */
  #publish(patch: Partial<LocalMediaState> = {}) {
    const video = this.outgoingVideo.track;
    const tracks = [this.#audio, video].filter((track): track is MediaStreamTrack => track !== null);
    this.#set({ ...patch, stream: tracks.length > 0 ? this.#options.newStream(tracks) : null });
    this.#options.onOutgoing('audio', this.#audio);
    this.#options.onOutgoing('video', video);
  }

  #set(patch: Partial<LocalMediaState>) {
    const previous = this.#state;
    this.#state = { ...previous, ...patch };
    this.#options.onChange(this.#state, previous);
  }
}
