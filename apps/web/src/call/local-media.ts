/** Why a source is not available. */
export type MediaProblemReason =
  /** The person or the browser refused permission. */
  | 'blocked'
  /** No such device on this machine. */
  | 'missing'
  /** The device exists but could not be started (in use elsewhere, hardware error). */
  | 'unavailable';

export interface MediaProblem {
  kind: 'audio' | 'video';
  reason: MediaProblemReason;
}

export interface LocalMedia {
  /** Whatever could be had; null when neither microphone nor camera could. */
  stream: MediaStream | null;
  problems: MediaProblem[];
}

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

/** A camera size to ask for (the sending ladder's capture size). */
export interface VideoSize {
  width: number;
  height: number;
  frameRate: number;
}

/** Ideals, never exact: a camera that cannot do the size gives the nearest it can. */
export function videoSizeConstraints({ width, height, frameRate }: VideoSize): MediaTrackConstraints {
  return { width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: frameRate } };
}

/**
 * What we ask of a camera or microphone; a chosen device is asked for as the ideal, so an
 * unplugged one falls back to the default, or as `exact` when the person just picked it.
 */
export function constraintsFor(
  kind: 'audio' | 'video',
  deviceId?: string,
  strict = false,
  size?: VideoSize,
): MediaTrackConstraints {
  const base: MediaTrackConstraints =
    kind === 'video'
      ? size
        ? videoSizeConstraints(size)
        : { width: { ideal: 1280 }, height: { ideal: 720 } }
      : { echoCancellation: true, noiseSuppression: true };
  return deviceId ? { ...base, deviceId: strict ? { exact: deviceId } : { ideal: deviceId } } : base;
}

/** Opens one camera or microphone; resolves with its track, or the reason it could not. */
export async function openDevice(
  getUserMedia: GetUserMedia,
  kind: 'audio' | 'video',
  deviceId?: string,
  strict = false,
  size?: VideoSize,
): Promise<{ track: MediaStreamTrack } | { problem: MediaProblem }> {
  try {
    const stream = await getUserMedia({ [kind]: constraintsFor(kind, deviceId, strict, size) });
    const track = stream.getTracks().find((candidate) => candidate.kind === kind);
    return track ? { track } : { problem: { kind, reason: 'missing' } };
  } catch (error) {
    return { problem: { kind, reason: reasonOf(error) } };
  }
}

function reasonOf(error: unknown): MediaProblemReason {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  return 'unavailable';
}

/**
 * Opens the microphone and camera. Asks for both at once (one permission prompt); if
 * that fails, tries each alone, so a refused camera still leaves the microphone, and the
 * person can join with whatever works.
 */
export async function acquireLocalMedia(
  getUserMedia: GetUserMedia | undefined,
  preferred: { audio?: string; video?: string } = {},
): Promise<LocalMedia> {
  const AUDIO = constraintsFor('audio', preferred.audio);
  const VIDEO = constraintsFor('video', preferred.video);
  if (!getUserMedia) {
    return {
      stream: null,
      problems: [
        { kind: 'audio', reason: 'unavailable' },
        { kind: 'video', reason: 'unavailable' },
      ],
    };
  }
  try {
    return { stream: await getUserMedia({ audio: AUDIO, video: VIDEO }), problems: [] };
  } catch {
    const [audio, video] = await Promise.allSettled([
      getUserMedia({ audio: AUDIO }),
      getUserMedia({ video: VIDEO }),
    ]);
    const problems: MediaProblem[] = [];
    const tracks: MediaStreamTrack[] = [];
    if (audio.status === 'fulfilled') tracks.push(...audio.value.getTracks());
    else problems.push({ kind: 'audio', reason: reasonOf(audio.reason) });
    if (video.status === 'fulfilled') tracks.push(...video.value.getTracks());
    else problems.push({ kind: 'video', reason: reasonOf(video.reason) });
    return { stream: tracks.length > 0 ? new MediaStream(tracks) : null, problems };
  }
}

export function hasTrack(stream: MediaStream | null, kind: 'audio' | 'video') {
  return stream?.getTracks().some((track) => track.kind === kind) ?? false;
}

export function stopTracks(stream: MediaStream | null) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
