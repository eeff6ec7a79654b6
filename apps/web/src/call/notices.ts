import type { AckError } from '@moim/protocol';
import type { MediaProblemReason } from './local-media';

/** Which of our devices a notice is about. */
export type DeviceSource = 'audio' | 'video';

/**
 * What the call engine tells the person, as data: the UI words each one (ui/words.ts), so
 * no sentence lives in the engine and a translation touches only the UI.
 */
export type Notice =
  | { type: 'participant-joined'; name: string }
  | { type: 'participant-left'; name: string }
  /** Turning the camera back on failed. */
  | { type: 'camera-restart-failed'; reason: MediaProblemReason }
  /** A device the person picked in the settings could not be started. */
  | { type: 'device-start-failed'; source: DeviceSource; reason: MediaProblemReason }
  /** A device was unplugged and no other could replace it. */
  | { type: 'device-lost'; source: DeviceSource }
  /** A device was unplugged and the default one took over. */
  | { type: 'device-fallback'; source: DeviceSource }
  /** The host turned our microphone off; only we can turn it on again. */
  | { type: 'muted-by-host' }
  /** Someone else became the room's host (`name`), or we did (`name` null). */
  | { type: 'host-changed'; name: string | null }
  /** The host locked or unlocked the room. */
  | { type: 'room-locked'; locked: boolean };

/** Why joining (or rejoining after a drop) did not work. */
export type JoinError =
  /** The name is not one the server takes (empty after cleaning, or too long). */
  | { type: 'invalid-name' }
  /** The server refused the join, or never answered (`no_answer`). */
  | { type: 'refused'; error: AckError }
  /** We were in the call, lost the connection, and coming back was refused. */
  | { type: 'rejoin-failed'; error: AckError };
