import { memo, useEffect, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { CallActions } from '../call/call-session';
import type { Notice } from '../call/notices';
import type { CallStore } from '../call/store';
import { roomPath } from '../room-id';
import { ChatPanel as ChatPanelAlways } from './ChatPanel';
import { DeviceSettings as DeviceSettingsAlways } from './DeviceSettings';
import { useT } from './i18n';
import { ChatIcon, LeaveIcon, LinkIcon, ScreenIcon, SettingsIcon } from './icons';
import { LanguageChoice } from './LanguageChoice';
import { LayoutToggle } from './LayoutToggle';
import type { LayoutMode } from './layout';
import { MediaToggles as MediaTogglesAlways } from './MediaToggles';
import { PresentingBanner } from './PresentingBanner';
import { Stage } from './Stage';
import { SoundGate, SoundGateContext } from './sound-gate';
import { useRoomTitle } from './useRoomTitle';
import { describeMediaProblems, noticeText, unreachableText } from './words';

interface Props {
  store: CallStore;
  actions: CallActions;
}

// The panels read the store themselves: a notice or a new tile must not re-render them.
const ChatPanel = memo(ChatPanelAlways);
const DeviceSettings = memo(DeviceSettingsAlways);
const MediaToggles = memo(MediaTogglesAlways);

const NOTICE_MS = 4000;

/** Messages from others that arrived after the first `seen`. */
function chatOpenUnread(messages: { mine: boolean }[], seen: number) {
  return messages.slice(seen).filter((message) => !message.mine).length;
}

/** Screen sharing needs getDisplayMedia, which phones do not have. */
const canShareScreen = () => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getDisplayMedia;

export function CallScreen({ store, actions }: Props) {
  const t = useT();
  // Only what the screen as a whole shows: each tile reads its own participant, so a change
  // to one person (quality, speaking, camera) re-renders that tile and nothing else.
  const roomId = useStore(store, (state) => state.roomId);
  const remoteCount = useStore(store, (state) => state.remotes.length);
  const unreachable = useStore(
    store,
    useShallow((state) =>
      state.remotes
        .filter((remote) => remote.connection === 'lost' && !remote.everConnected)
        .map((r) => r.name),
    ),
  );
  const problems = useStore(store, (state) => state.media.problems);
  const server = useStore(store, (state) => state.server);
  const sharing = useStore(store, (state) => state.media.sharing);
  const notice = useStore(store, (state) => state.notice);
  const messages = useStore(store, (state) => state.messages);
  const [layout, setLayout] = useState<LayoutMode>('grid');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shownNotice, setShownNotice] = useState<Notice | null>(null);
  // Messages seen while the chat was open; the rest, from others, are unread.
  const [seen, setSeen] = useState(messages.length);
  const unread = chatOpenUnread(messages, seen);
  // On a phone the chat opens over the videos, so it starts closed there.
  const [chatOpen, setChatOpen] = useState(() => !window.matchMedia?.('(max-width: 760px)').matches);
  const [gate] = useState(() => new SoundGate());
  const soundBlocked = useSyncExternalStore(gate.subscribe, () => gate.blocked);
  const [copyNotice, setCopyNotice] = useState<{ copied: boolean; link: string } | null>(null);
  const mediaText = describeMediaProblems(problems);
  useRoomTitle(roomId, unread);
  const tiles = remoteCount + 1;

  useEffect(() => {
    if (chatOpen) setSeen(messages.length);
  }, [chatOpen, messages.length]);

  // Each notice shows for a few seconds in the status region.
  useEffect(() => {
    if (!notice) return;
    setShownNotice(notice.notice);
    const timer = setTimeout(() => setShownNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  // Ctrl+D / Ctrl+E (⌘ on a Mac) toggle microphone and camera, as in Google Meet.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key !== 'd' && key !== 'e') return;
      event.preventDefault();
      const state = store.getState();
      if (key === 'd') actions.setAudio(!state.media.audio);
      else void actions.setVideo(!state.media.video);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, actions]);

  async function copyLink() {
    const link = `${window.location.origin}${roomPath(roomId)}`;
    try {
      await navigator.clipboard.writeText(link);
      setCopyNotice({ copied: true, link });
    } catch {
      setCopyNotice({ copied: false, link });
    }
  }

  return (
    <SoundGateContext value={gate}>
      <div className="call">
        <header className="call-header">
          <h1 className="call-title">
            <span className="brand-mark" aria-hidden="true" />
            <span className="room-name">{roomId}</span>
            <span className="call-count">{t('call.people', { count: tiles })}</span>
          </h1>
          <LayoutToggle mode={layout} onChange={setLayout} />
          <button
            type="button"
            className="button ghost"
            aria-label={t('call.copyLink')}
            title={t('call.copyLink')}
            onClick={copyLink}
          >
            <LinkIcon />
            <span aria-hidden="true">{t('call.copyLink')}</span>
          </button>
        </header>
        <div role="status" className="notices">
          {copyNotice && (
            <p className="notice">
              {copyNotice.copied
                ? t('notice.linkCopied')
                : t('notice.copyThisLink', { link: copyNotice.link })}
            </p>
          )}
          {shownNotice && <p className="notice">{noticeText(shownNotice)}</p>}
          {server === 'offline' && <p className="notice">{t('notice.reconnecting')}</p>}
        </div>
        {mediaText && (
          <p role="alert" className="alert alert-soft call-alert">
            {mediaText}
          </p>
        )}
        {soundBlocked && (
          <button type="button" className="button primary sound-button" onClick={() => gate.unblock()}>
            {t('call.enableSound')}
          </button>
        )}
        {unreachable.length > 0 && (
          <p role="alert" className="alert call-alert">
            {unreachableText(unreachable)}
          </p>
        )}
        <PresentingBanner store={store} actions={actions} />
        <div className="call-body">
          <Stage store={store} actions={actions} mode={layout} />
          {chatOpen && <ChatPanel store={store} actions={actions} id="chat-panel" />}
          {settingsOpen && (
            <section className="settings-panel" id="call-settings" aria-label={t('call.settings')}>
              <DeviceSettings store={store} actions={actions} />
              <LanguageChoice />
            </section>
          )}
        </div>
        <footer className="controls">
          <MediaToggles store={store} actions={actions} />
          {canShareScreen() && (
            <button
              type="button"
              className="control"
              aria-pressed={sharing}
              title={t('call.shareScreenTitle', { sharing })}
              onClick={() => (sharing ? actions.stopScreenShare() : void actions.startScreenShare())}
            >
              <ScreenIcon />
              <span className="control-label">{t('call.shareScreen')}</span>
            </button>
          )}
          <button
            type="button"
            className="control"
            aria-label={t('call.chat')}
            aria-expanded={chatOpen}
            aria-controls="chat-panel"
            aria-describedby={!chatOpen && unread > 0 ? 'chat-unread' : undefined}
            onClick={() => setChatOpen((open) => !open)}
          >
            <ChatIcon />
            <span className="control-label">{t('call.chat')}</span>
            {!chatOpen && unread > 0 && (
              <span className="badge" aria-hidden="true">
                {unread}
              </span>
            )}
          </button>
          {!chatOpen && unread > 0 && (
            <span id="chat-unread" className="visually-hidden">
              {t('call.unread', { count: unread })}
            </span>
          )}
          <button
            type="button"
            className="control"
            aria-label={t('call.settings')}
            aria-expanded={settingsOpen}
            aria-controls="call-settings"
            onClick={() => setSettingsOpen((open) => !open)}
          >
            <SettingsIcon />
            <span className="control-label">{t('call.settings')}</span>
          </button>
          <button type="button" className="control danger" onClick={() => void actions.leave()}>
            <LeaveIcon />
            <span className="control-label">{t('call.leave')}</span>
          </button>
        </footer>
      </div>
    </SoundGateContext>
  );
}
