import { FILE_MAX_BYTES } from '@moim/protocol';
import { RECEIVED_FILES_MAX_BYTES } from '../call/file-transfers';
import type { FileFailure } from '../call/store';

/*
 * Every word of the chat's files and typing indicator, in English. They move into the
 * language catalogues (Korean and English) with the rest of ui/ once those land; until
 * then this is the one place that words them. The engine hands over codes only.
 */

export const ATTACH_FILE = 'Attach file';
export const CANCEL = 'Cancel';
export const GET_FILE = 'Get file';
export const TRANSFER_FAILED = 'Transfer failed';
export const CANCELLED = 'Cancelled';
export const NOT_SENT = 'Not sent';
export const SENDING = 'Sending…';
export const RECEIVING = 'Receiving…';
export const WAITING = 'Waiting for the sender…';
export const DROP_HERE = 'Drop a file to send it to everyone in the call';
export const ALONE = 'Sent to nobody: you are alone in the call.';

export const downloadLabel = (fileName: string) => `Download ${fileName}`;
export const progressLabel = (fileName: string) => `Progress of ${fileName}`;
export const sentTo = (count: number) => (count === 1 ? 'Sent to 1 person' : `Sent to ${count} people`);

/** Someone who came after a file was sent sees this on it. */
export const sentBeforeYouJoined = (sender: string, present: boolean) =>
  present
    ? `Sent before you joined: ${sender} is still here and can send it to you.`
    : `Sent before you joined, and ${sender} has left: files go straight between browsers, so it can no longer be fetched.`;

/** What the chat says when a file cannot be sent at all. */
export const fileTooLarge = () => `Files can be at most ${formatSize(FILE_MAX_BYTES)}.`;
export const fileNotSent = 'The file could not be sent.';

/** Why a transfer failed; `other` is the person at the other end. */
export function failureReason(failure: FileFailure, other: string, direction: 'send' | 'receive'): string {
  const who = other || 'The other person';
  switch (failure) {
    case 'cancelled':
      return 'You cancelled it.';
    case 'cancelled-by-peer':
      return `${who} cancelled it.`;
    case 'peer-left':
      return `${who} left the call.`;
    case 'link-lost':
      return `The connection to ${other || 'them'} dropped.`;
    case 'hash-mismatch':
      return 'What arrived is not the file that was sent (its checksum differs).';
    case 'too-large':
      return direction === 'receive'
        ? `It does not fit in the ${formatSize(RECEIVED_FILES_MAX_BYTES)} this page keeps for received files.`
        : `${who} has no room left for it.`;
    case 'unreadable':
      return 'The file could not be read.';
    case 'protocol':
      return `${who}'s app sent something unexpected.`;
    case 'not-announced':
      return 'The server did not take its announcement, so nothing was sent.';
  }
}

/** "Alice is typing…", "3 people are typing…". */
export function typingStatus(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  return `${names.length} people are typing…`;
}

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** A size for people: "532 bytes", "12 KB", "20.5 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${number.format(bytes / (1024 * 1024))} MB`;
  return `${number.format(bytes / (1024 * 1024 * 1024))} GB`;
}
