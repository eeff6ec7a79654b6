import { CHAT_TEXT_MAX_LENGTH, cleanName } from '@moim/protocol';
import { type DragEvent, type FormEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { ChatFileBody } from './ChatFileOnDemand';
import { fileTooLarge, typingStatus } from './chat-files-words';
import { chatSegments } from './chat-text';
import { useLocale, useT } from './i18n';
import { AttachIcon, SendIcon } from './icons';

interface Props {
  store: CallStore;
  actions: Pick<
    CallActions,
    | 'sendChat'
    | 'retryChat'
    | 'loadEarlierMessages'
    | 'setChatDraft'
    | 'sendFile'
    | 'cancelFile'
    | 'requestFile'
  >;
  id?: string;
}

/** The room's text chat. Messages are rendered as text, never as HTML. */
export function ChatPanel({ store, actions, id }: Props) {
  const t = useT();
  const locale = useLocale();
  const timeFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
    [locale],
  );
  const messages = useStore(store, (state) => state.messages);
  const moreHistory = useStore(store, (state) => state.moreHistory);
  const [draft, setDraft] = useState('');
  const [loading, setLoading] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const logRef = useRef<HTMLDivElement>(null);
  /** Distance from the log's bottom to keep while older messages appear above. */
  const anchor = useRef<number | null>(null);

  const firstKey = messages[0]?.key;
  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log || anchor.current === null || firstKey === undefined) return;
    log.scrollTop = log.scrollHeight - anchor.current;
    anchor.current = null;
  }, [firstKey]);

  async function loadEarlier() {
    const log = logRef.current;
    anchor.current = log ? log.scrollHeight - log.scrollTop : null;
    setLoading(true);
    try {
      await actions.loadEarlierMessages();
    } finally {
      setLoading(false);
    }
  }

  // Follow new messages, unless the reader has scrolled up to read older ones.
  const lastKey = messages.at(-1)?.key;
  useEffect(() => {
    const log = logRef.current;
    if (!log || lastKey === undefined) return;
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 120;
    if (nearBottom || messages.at(-1)?.mine) log.scrollTop = log.scrollHeight;
  }, [lastKey, messages]);

  function send(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    void actions.sendChat(text);
  }

  async function sendFiles(files: FileList | null) {
    setFileProblem(null);
    for (const file of files ?? []) {
      const result = await actions.sendFile(file);
      if (result === 'too-large') setFileProblem(fileTooLarge());
      else if (result === 'not-sent') setFileProblem(t('files.couldNotSend'));
    }
  }

  // A file dropped anywhere on the chat goes to everyone, as if attached.
  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  const dropHandlers = {
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave(event: DragEvent) {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      void sendFiles(event.dataTransfer.files);
    },
  };

  return (
    <aside
      className={`chat${dragging ? ' dragging' : ''}`}
      aria-label={t('chat.title')}
      id={id}
      {...dropHandlers}
    >
      {dragging && (
        <p className="chat-drop" aria-hidden="true">
          {t('files.dropHere')}
        </p>
      )}
      <h2 className="chat-title">{t('chat.title')}</h2>
      <div className="chat-log" role="log" aria-label={t('chat.messages')} ref={logRef}>
        {moreHistory && (
          <button
            type="button"
            className="link-button chat-earlier"
            disabled={loading}
            onClick={() => void loadEarlier()}
          >
            {t('chat.loadEarlier')}
          </button>
        )}
        {messages.length === 0 ? (
          <p className="chat-empty">{t('chat.empty')}</p>
        ) : (
          <ol className="chat-list">
            {messages.map((message) => (
              <li key={message.key} className={`chat-message${message.mine ? ' mine' : ''}`}>
                <div className="chat-meta">
                  <bdi className="chat-name">{cleanName(message.name)}</bdi>
                  <time dateTime={new Date(message.sentAt).toISOString()}>
                    {timeFormat.format(message.sentAt)}
                  </time>
                </div>
                {message.file ? (
                  <ChatFileBody store={store} entry={{ ...message, file: message.file }} actions={actions} />
                ) : (
                  <p className={`chat-text${message.status === 'sending' ? ' pending' : ''}`} dir="auto">
                    {chatSegments(message.text).map((segment, index) =>
                      segment.href ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: segments of one message never move.
                        <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer">
                          {segment.text}
                        </a>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: segments of one message never move.
                        <span key={index}>{segment.text}</span>
                      ),
                    )}
                  </p>
                )}
                {message.status === 'failed' && !message.file && (
                  <p className="chat-failed">
                    <span>{t('chat.notSent')}</span>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => void actions.retryChat(message.key)}
                    >
                      {t('chat.retry')}
                    </button>
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
      <TypingStatus store={store} />
      {fileProblem && (
        <p className="chat-failed chat-file-problem" role="alert">
          {fileProblem}
        </p>
      )}
      <form className="chat-form" onSubmit={send}>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          onChange={(event) => {
            void sendFiles(event.target.files);
            event.target.value = '';
          }}
        />
        <button
          type="button"
          className="button icon-button"
          aria-label={t('files.attach')}
          title={t('files.attach')}
          onClick={() => fileInput.current?.click()}
        >
          <AttachIcon />
        </button>
        <input
          className="input"
          aria-label={t('chat.message')}
          placeholder={t('chat.messagePlaceholder')}
          value={draft}
          maxLength={CHAT_TEXT_MAX_LENGTH}
          autoComplete="off"
          onChange={(event) => {
            setDraft(event.target.value);
            actions.setChatDraft(event.target.value);
          }}
        />
        <button
          type="submit"
          className="button icon-button"
          aria-label={t('chat.send')}
          title={t('chat.sendTitle')}
        >
          <SendIcon />
        </button>
      </form>
    </aside>
  );
}

/** Who else is typing, among those still in the call. */
function TypingStatus({ store }: { store: CallStore }) {
  useT();
  const names = useStore(
    store,
    useShallow((state) =>
      state.typing.flatMap((id) => {
        const remote = state.remotes.find((other) => other.id === id);
        return remote ? [cleanName(remote.name)] : [];
      }),
    ),
  );
  // Only while someone types: an empty status would stand beside the call's notices.
  if (names.length === 0) return null;
  return (
    <p className="chat-typing" role="status">
      {typingStatus(names)}
    </p>
  );
}
