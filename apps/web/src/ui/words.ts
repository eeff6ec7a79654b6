import { type AckError, ErrorCode, NAME_MAX_LENGTH } from '@moim/protocol';
import type { DeviceKind } from '../call/devices';
import type { MediaProblem, MediaProblemReason } from '../call/local-media';
import type { JoinError, Notice } from '../call/notices';

/*
 * Every sentence the call engine's codes and notices become. The engine speaks in data
 * (call/notices.ts, MediaProblem, error codes); this is the one place that words them, and
 * the place a translation replaces.
 */

const DEVICE = { audio: 'microphone', video: 'camera' } as const;

function whatHappened(reason: MediaProblemReason, kinds: MediaProblem['kind'][]): string {
  const both = kinds.length > 1;
  const devices = kinds.map((kind) => DEVICE[kind]).join(both && reason === 'missing' ? ' or ' : ' and ');
  if (reason === 'blocked') return `your ${devices} ${both ? 'are' : 'is'} blocked`;
  if (reason === 'missing') return `no ${devices} was found`;
  return `your ${devices} could not be started`;
}

/**
 * What `acquireLocalMedia` found, in words a person can act on.
 *
 * @example describeMediaProblems([{ kind: 'video', reason: 'blocked' }])
 * // "Your camera is blocked. You can still join: the others will hear you but not see you. …"
 */
export function describeMediaProblems(problems: MediaProblem[]): string | null {
  if (problems.length === 0) return null;
  const reasons = [...new Set(problems.map((problem) => problem.reason))];
  const facts = reasons.map((reason) =>
    whatHappened(
      reason,
      problems.filter((problem) => problem.reason === reason).map((problem) => problem.kind),
    ),
  );
  const sentence = facts.join(' and ');
  const audio = problems.some((problem) => problem.kind === 'audio');
  const video = problems.some((problem) => problem.kind === 'video');
  const consequence =
    audio && video
      ? 'You can still join, see and hear the others, and chat.'
      : audio
        ? 'You can still join: the others will see you but not hear you.'
        : 'You can still join: the others will hear you but not see you.';
  const fix = reasons.includes('blocked')
    ? ' To allow it, use the camera icon in the address bar, then reload.'
    : '';
  return `${sentence[0]?.toUpperCase()}${sentence.slice(1)}. ${consequence}${fix}`;
}

const REASON: Record<MediaProblemReason, string> = {
  blocked: 'it is blocked',
  missing: 'it was not found',
  unavailable: 'it is in use or not working',
};

/** A notice from the engine, as the status region says it. */
export function noticeText(notice: Notice): string {
  switch (notice.type) {
    case 'participant-joined':
      return `${notice.name} joined`;
    case 'participant-left':
      return `${notice.name} left`;
    case 'camera-restart-failed':
      return `Your camera could not be started again (${REASON[notice.reason]}).`;
    case 'device-start-failed':
      return `That ${DEVICE[notice.source]} could not be started (${REASON[notice.reason]}).`;
    case 'device-lost':
      return `Your ${DEVICE[notice.source]} was disconnected.`;
    case 'device-fallback':
      return `Your ${DEVICE[notice.source]} was disconnected: using the default one now.`;
  }
}

/** A refused acknowledgement, in words a person can act on. */
export function errorText(error: AckError): string {
  switch (error.code) {
    case ErrorCode.RoomFull:
      return 'This room is full: nobody else can join it right now.';
    case ErrorCode.RateLimited:
      return 'Too many tries in a short time. Wait a moment and try again.';
    case ErrorCode.NoAnswer:
      return 'The server did not answer. Check your connection.';
    case ErrorCode.AlreadyInRoom:
      return 'You are already in this call.';
    case ErrorCode.InvalidPayload:
      return 'The server could not accept that. Reload the page and try again.';
    default:
      return 'Something went wrong on the server. Try again.';
  }
}

/** Why the lobby could not take the person into the call. */
export function joinErrorText(error: JoinError): string {
  switch (error.type) {
    case 'invalid-name':
      return `Please choose another name: 1 to ${NAME_MAX_LENGTH} characters, not only spaces.`;
    case 'refused':
      return errorText(error.error);
    case 'rejoin-failed':
      return `You were disconnected and could not rejoin: ${errorText(error.error)}`;
  }
}

const DEVICE_KIND = { audioinput: 'Microphone', videoinput: 'Camera', audiooutput: 'Speaker' } as const;

/** A device's name in a list: its label, or (before permission reveals labels) its kind and place. */
export function deviceName(kind: DeviceKind, label: string, index: number): string {
  return label || `${DEVICE_KIND[kind]} ${index + 1}`;
}

/** Why a connection never came up, in words for the person in the call, not the admin. */
export function unreachableText(names: string[]): string {
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return (
    `Could not connect to ${who}. A firewall or network between you may be blocking direct ` +
    'connections; the person who runs this server can add a TURN relay to get through. Still trying…'
  );
}
