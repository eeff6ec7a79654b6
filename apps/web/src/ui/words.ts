import { type AckError, ErrorCode, NAME_MAX_LENGTH } from '@moim/protocol';
import type { DeviceKind } from '../call/devices';
import type { MediaProblem, MediaProblemReason } from '../call/local-media';
import type { JoinError, Notice } from '../call/notices';
import { listOf, type MessageId, t } from './i18n';

/*
 * Every sentence the call engine's codes and notices become. The engine speaks in data
 * (call/notices.ts, MediaProblem, error codes); this is the one place that words them, and
 * the place that picks their messages from the language catalogues (src/locales).
 */

/** Which of the two sources a sentence is about: "audio", "video" or both ("other"). */
function sources(kinds: MediaProblem['kind'][]): string {
  return kinds.length > 1 ? 'both' : (kinds[0] ?? 'both');
}

const FACT: Record<MediaProblemReason, MessageId> = {
  blocked: 'media.blocked',
  missing: 'media.missing',
  unavailable: 'media.unavailable',
};

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
    t(FACT[reason], {
      devices: sources(
        problems.filter((problem) => problem.reason === reason).map((problem) => problem.kind),
      ),
    }),
  );
  const lost = sources([...new Set(problems.map((problem) => problem.kind))]);
  const fix = reasons.includes('blocked') ? [t('media.howToAllow')] : [];
  return [...facts, t('media.stillJoin', { lost }), ...fix].join(' ');
}

/** A notice from the engine, as the status region says it. */
export function noticeText(notice: Notice): string {
  switch (notice.type) {
    case 'participant-joined':
      return t('notice.joined', { name: notice.name });
    case 'participant-left':
      return t('notice.left', { name: notice.name });
    case 'camera-restart-failed':
      return t('notice.cameraRestartFailed', { reason: notice.reason });
    case 'device-start-failed':
      return t('notice.deviceStartFailed', { device: notice.source, reason: notice.reason });
    case 'device-lost':
      return t('notice.deviceLost', { device: notice.source });
    case 'device-fallback':
      return t('notice.deviceFallback', { device: notice.source });
    case 'muted-by-host':
      return t('notice.mutedByHost');
    case 'host-changed':
      return t('notice.hostChanged', { self: notice.name === null, name: notice.name ?? '' });
    case 'room-locked':
      return t('notice.roomLocked', { locked: notice.locked });
  }
}

const ERROR: Partial<Record<string, MessageId>> = {
  [ErrorCode.RoomFull]: 'error.roomFull',
  [ErrorCode.RateLimited]: 'error.rateLimited',
  [ErrorCode.NoAnswer]: 'error.noAnswer',
  [ErrorCode.AlreadyInRoom]: 'error.alreadyInRoom',
  [ErrorCode.InvalidPayload]: 'error.invalidPayload',
  [ErrorCode.KnockDenied]: 'error.knockDenied',
  [ErrorCode.KnockTimeout]: 'error.knockTimeout',
  [ErrorCode.NotHost]: 'error.notHost',
  [ErrorCode.Removed]: 'error.removed',
};

/** A refused acknowledgement, in words a person can act on. */
export function errorText(error: AckError): string {
  return t(ERROR[error.code] ?? 'error.internal');
}

/** Why the lobby could not take the person into the call. */
export function joinErrorText(error: JoinError): string {
  switch (error.type) {
    case 'invalid-name':
      return t('error.invalidName', { max: NAME_MAX_LENGTH });
    case 'refused':
      return errorText(error.error);
    case 'rejoin-failed':
      return t('error.rejoinFailed', { reason: errorText(error.error) });
  }
}

/** A device's name in a list: its label, or (before permission reveals labels) its kind and place. */
export function deviceName(kind: DeviceKind, label: string, index: number): string {
  return label || t('devices.unnamed', { kind, number: index + 1 });
}

/** Why a connection never came up, in words for the person in the call, not the admin. */
export function unreachableText(names: string[]): string {
  return t('error.unreachable', { names: listOf(names) });
}
