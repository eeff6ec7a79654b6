import { type GetUserMedia, openDevice, type VideoSize, videoSizeConstraints } from './local-media';
import type { Notice } from './notices';

/** The kinds of device a person can choose. */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

/** The browser's device APIs this needs; tests hand in fakes. */
export interface DeviceApi {
  enumerateDevices(): Promise<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[]>;
  getDisplayMedia?(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  /** Calls back when a device is plugged in or out; returns how to stop listening. */
  onDeviceChange?(listener: () => void): () => void;
}

export interface MediaControllerOptions {
  getUserMedia: GetUserMedia;
  devices?: DeviceApi;
  /** Builds the stream the local tile shows; MediaStream in a browser. */
  newStream(tracks: MediaStreamTrack[]): MediaStream;
  /** The stream to show locally changed. */
  onStream(stream: MediaStream | null): void;
  /** What goes to the others changed: every link should send `track` for `kind`. */
  onOutgoing(kind: 'audio' | 'video', track: MediaStreamTrack | null): void;
  /** Something the person should know, in one sentence. */
  onNotice(notice: Notice): void;
  onDevices(devices: Record<DeviceKind, DeviceOption[]>): void;
  /** Screen sharing started or stopped (also from the browser's own "Stop sharing"). */
  onSharing(sharing: boolean): void;
}

/** Turning the camera off releases it (its light goes out) after this long. */
export const CAMERA_RELEASE_MS = 3000;

/**
 * The local tracks: microphone, camera, screen. Turning a source off disables its track
 * at once (nothing is sent); the camera is also released after a moment. Devices and
 * screen sharing swap the outgoing track on every peer (replaceTrack, no renegotiation).
 */
export class MediaController {
  readonly #options: MediaControllerOptions;
  #audio: MediaStreamTrack | null = null;
  #video: MediaStreamTrack | null = null;
  #screen: MediaStreamTrack | null = null;
  #videoOn = true;
  #audioOn = true;
  #release: ReturnType<typeof setTimeout> | undefined;
  #stopWatching: (() => void) | undefined;
  /** The camera size the sending ladder asked for; null: the default (1280x720). */
  #size: VideoSize | null = null;
  /** The devices chosen, by kind; remembered by the session. */
  readonly selected: Partial<Record<DeviceKind, string>> = {};

  constructor(options: MediaControllerOptions) {
    this.#options = options;
  }

  /** Adopts what `acquireLocalMedia` opened, and starts following device changes. */
  adopt(stream: MediaStream | null, audioOn: boolean, videoOn: boolean) {
    this.#audio =
      stream?.getAudioTracks?.()[0] ?? stream?.getTracks().find((t) => t.kind === 'audio') ?? null;
    this.#video =
      stream?.getVideoTracks?.()[0] ?? stream?.getTracks().find((t) => t.kind === 'video') ?? null;
    this.#audioOn = audioOn;
    this.#videoOn = videoOn;
    if (this.#audio) this.#audio.enabled = audioOn;
    if (this.#video) this.#video.enabled = videoOn;
    this.#stopWatching = this.#options.devices?.onDeviceChange?.(() => void this.#devicesChanged());
    void this.refreshDevices();
  }

  get outgoingVideo() {
    return this.#screen ?? this.#video;
  }

  get sharing() {
    return this.#screen !== null;
  }

  setAudio(on: boolean) {
    this.#audioOn = on;
    if (this.#audio) this.#audio.enabled = on;
  }

  /** Camera off: nothing sent at once, camera released shortly after. On: reopened if released. */
  async setVideo(on: boolean): Promise<boolean> {
    this.#videoOn = on;
    clearTimeout(this.#release);
    if (!on) {
      if (this.#video) this.#video.enabled = false;
      this.#release = setTimeout(() => {
        if (this.#videoOn || !this.#video) return;
        this.#video.stop();
        this.#video = null;
        this.#publish();
      }, CAMERA_RELEASE_MS);
      return true;
    }
    if (this.#video) {
      this.#video.enabled = true;
      return true;
    }
    const opened = await openDevice(
      this.#options.getUserMedia,
      'video',
      this.selected.videoinput,
      false,
      this.#size ?? undefined,
    );
    if ('problem' in opened) {
      this.#options.onNotice({ type: 'camera-restart-failed', reason: opened.problem.reason });
      this.#videoOn = false;
      return false;
    }
    if (!this.#videoOn) {
      opened.track.stop();
      return false;
    }
    this.#video = opened.track;
    this.#publish();
    return true;
  }

  /** Switches to another camera, microphone or speaker; the speaker is the UI's to apply. */
  async selectDevice(kind: DeviceKind, deviceId: string) {
    this.selected[kind] = deviceId;
    if (kind === 'audiooutput') return;
    const source = kind === 'audioinput' ? 'audio' : 'video';
    if (source === 'video' && !this.#video) return; // Released: the next setVideo(true) opens it.
    const size = source === 'video' ? (this.#size ?? undefined) : undefined;
    const opened = await openDevice(this.#options.getUserMedia, source, deviceId, true, size);
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
    let track: MediaStreamTrack | undefined;
    try {
      track = (await getDisplayMedia({ video: true, audio: false })).getVideoTracks()[0];
    } catch {
      return; // The person cancelled the browser's picker.
    }
    if (!track) return;
    // The browser's own "Stop sharing" ends the track.
    track.addEventListener('ended', () => this.stopScreenShare());
    this.#screen = track;
    this.#publish();
    this.#options.onSharing(true);
  }

  /** Ends sharing: the camera comes back (if it is on), or nothing. */
  stopScreenShare() {
    if (!this.#screen) return;
    this.#screen.stop();
    this.#screen = null;
    this.#publish();
    this.#options.onSharing(false);
  }

  async refreshDevices() {
    const all = (await this.#options.devices?.enumerateDevices().catch(() => [])) ?? [];
    const of = (kind: DeviceKind) =>
      all
        .filter((device) => device.kind === kind && device.deviceId)
        .map((device, index) => ({
          deviceId: device.deviceId,
          label: device.label || `${kind} ${index + 1}`,
        }));
    this.#options.onDevices({
      audioinput: of('audioinput'),
      videoinput: of('videoinput'),
      audiooutput: of('audiooutput'),
    });
    return all;
  }

  stop() {
    clearTimeout(this.#release);
    this.#stopWatching?.();
    for (const track of [this.#audio, this.#video, this.#screen]) track?.stop();
    this.#audio = this.#video = this.#screen = null;
  }

  /** A device went away: a track that ended falls back to the default device, and says so. */
  async #devicesChanged() {
    await this.refreshDevices();
    for (const source of ['audio', 'video'] as const) {
      const track = source === 'audio' ? this.#audio : this.#video;
      if (track?.readyState !== 'ended') continue;
      const opened = await openDevice(
        this.#options.getUserMedia,
        source,
        undefined,
        false,
        source === 'video' ? (this.#size ?? undefined) : undefined,
      );
      if ('problem' in opened) {
        this.#options.onNotice({ type: 'device-lost', source });
        this.#replace(source, null);
      } else {
        delete this.selected[source === 'audio' ? 'audioinput' : 'videoinput'];
        this.#options.onNotice({ type: 'device-fallback', source });
        this.#replace(source, opened.track);
      }
    }
  }

  #replace(source: 'audio' | 'video', track: MediaStreamTrack | null) {
    const old = source === 'audio' ? this.#audio : this.#video;
    if (track) track.enabled = source === 'audio' ? this.#audioOn : this.#videoOn;
    if (source === 'audio') this.#audio = track;
    else this.#video = track;
    old?.stop();
    this.#publish();
  }

  #publish() {
    const tracks = [this.#audio, this.outgoingVideo].filter(
      (track): track is MediaStreamTrack => track !== null,
    );
    this.#options.onStream(tracks.length > 0 ? this.#options.newStream(tracks) : null);
    this.#options.onOutgoing('audio', this.#audio);
    this.#options.onOutgoing('video', this.outgoingVideo);
  }
}
