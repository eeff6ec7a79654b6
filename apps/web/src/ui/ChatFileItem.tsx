import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import { PREVIEW_TYPES, RECEIVED_FILES_MAX_BYTES } from '../call/file-transfers';
import {
  type CallStore,
  type ChatEntry,
  type FileFailure,
  type FileTransfer,
  transferKey,
} from '../call/store';
import { formatSize } from './chat-files-words';
import { safeDownloadName } from './file-names';
import { t, useT } from './i18n';

const FAILURE: Record<Exclude<FileFailure, 'too-large'>, string> = {
  cancelled: 'cancelled',
  'cancelled-by-peer': 'cancelledByPeer',
  'peer-left': 'peerLeft',
  'link-lost': 'linkLost',
  'hash-mismatch': 'hashMismatch',
  unreadable: 'unreadable',
  protocol: 'protocol',
  'not-announced': 'notAnnounced',
};

/** Why a transfer failed (a code from the engine, in words); `other` is the person at the other end. */
export function failureReason(failure: FileFailure, other: string, direction: 'send' | 'receive'): string {
  const who = other || t('files.someone');
  const code =
    failure === 'too-large'
      ? direction === 'receive'
        ? 'tooLargeReceive'
        : 'tooLargeSend'
      : FAILURE[failure];
  return t('files.failure', { failure: code, who, size: formatSize(RECEIVED_FILES_MAX_BYTES) });
}

interface Props {
  store: CallStore;
  entry: ChatEntry & { file: NonNullable<ChatEntry['file']> };
  actions: Pick<CallActions, 'cancelFile' | 'requestFile'>;
}

/**
 * A file in the chat: its name and size, then how its transfer goes (a progress bar and
 * Cancel while it moves), and once here a download link, and a preview for an image.
 * The name is rendered as text, and cleaned for the `download` attribute.
 */
export function ChatFileBody({ store, entry, actions }: Props) {
  const t = useT();
  const { file } = entry;
  const key = transferKey(entry.from, file.id);
  const transfer = useStore(store, (state) => state.transfers[key]);
  const sender = useStore(store, (state) => state.remotes.find((remote) => remote.id === entry.from));
  const senderHere = sender?.connection === 'connected';
  const moving = transfer?.state === 'moving';
  const done = transfer?.state === 'done';
  const preview = done && transfer.url && PREVIEW_TYPES.has(file.type);
  return (
    <div className="chat-file">
      {preview && <img className="chat-file-preview" src={transfer.url ?? undefined} alt={file.name} />}
      <p className="chat-file-line">
        <bdi className="chat-file-name">{file.name}</bdi>
        <span className="chat-file-size">{formatSize(file.size)}</span>
      </p>
      {moving && (
        <div className="chat-file-progress">
          <progress
            aria-label={t('files.progress', { file: file.name })}
            max={Math.max(1, file.size)}
            value={transfer.bytes}
          />
          <button type="button" className="link-button" onClick={() => actions.cancelFile(key)}>
            {t('files.cancel')}
          </button>
        </div>
      )}
      <FileStatus entry={entry} transfer={transfer} senderHere={senderHere} />
      {done && transfer.url && (
        <a
          className="chat-file-download"
          href={transfer.url}
          download={safeDownloadName(file.name)}
          aria-label={t('files.download', { file: file.name })}
        >
          {t('files.download', { file: file.name })}
        </a>
      )}
      {!entry.mine && !moving && !done && senderHere && (
        <button
          type="button"
          className="link-button"
          onClick={() => actions.requestFile(entry.from, file.id)}
        >
          {t('files.getFile')}
        </button>
      )}
    </div>
  );
}

/** One line on how the transfer goes; the reasons it failed, each with who it concerns. */
function FileStatus({
  entry,
  transfer,
  senderHere,
}: {
  entry: Props['entry'];
  transfer: FileTransfer | undefined;
  senderHere: boolean;
}) {
  const t = useT();
  if (entry.mine && entry.status === 'failed') return <p className="chat-failed">{t('files.notSent')}</p>;
  if (!transfer) {
    if (entry.mine) return null;
    return (
      <p className="chat-file-note">
        {t('files.sentBeforeJoined', { sender: entry.name, present: senderHere })}
      </p>
    );
  }
  if (transfer.direction === 'receive') {
    if (transfer.state === 'moving') {
      return (
        <p className="chat-file-note">{transfer.bytes > 0 ? t('files.receiving') : t('files.waiting')}</p>
      );
    }
    if (transfer.state === 'failed' && transfer.failure) {
      return transfer.failure === 'cancelled' ? (
        <p className="chat-file-note">{t('files.cancelled')}</p>
      ) : (
        <p className="chat-failed">
          {t('files.failed')}: {failureReason(transfer.failure, entry.name, 'receive')}
        </p>
      );
    }
    return null;
  }
  const failed = transfer.receivers.filter(
    (receiver) => receiver.state === 'failed' && receiver.failure && receiver.failure !== 'cancelled',
  );
  const cancelled = transfer.receivers.some((receiver) => receiver.failure === 'cancelled');
  const delivered = transfer.receivers.filter((receiver) => receiver.state === 'done').length;
  return (
    <>
      {transfer.state === 'moving' && <p className="chat-file-note">{t('files.sending')}</p>}
      {transfer.state !== 'moving' && delivered > 0 && (
        <p className="chat-file-note">{t('files.sentTo', { count: delivered })}</p>
      )}
      {transfer.state === 'done' && transfer.receivers.length === 0 && (
        <p className="chat-file-note">{t('files.alone')}</p>
      )}
      {transfer.failure === 'not-announced' && (
        <p className="chat-failed">
          {t('files.failed')}: {failureReason('not-announced', '', 'send')}
        </p>
      )}
      {cancelled && <p className="chat-file-note">{t('files.cancelled')}</p>}
      {failed.map((receiver) => (
        <p key={receiver.id} className="chat-failed">
          {t('files.failed')}: {failureReason(receiver.failure ?? 'link-lost', receiver.name, 'send')}
        </p>
      ))}
    </>
  );
}
