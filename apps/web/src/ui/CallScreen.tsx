import { memo, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { CallControls } from './CallControls';
import { ChatAnnouncer } from './ChatAnnouncer';
import { ChatPanel as ChatPanelAlways } from './ChatPanel';
import { useCopyLink } from './copy-link';
import { useFocusOnMount } from './focus';
import { InviteCard } from './InviteCard';
import { useT } from './i18n';
import { LinkIcon, LockIcon } from './icons';
import { Knocks } from './Knocks';
import { LayoutToggle } from './LayoutToggle';
import type { LayoutMode } from './layout';
import { PeoplePanel } from './PeoplePanel';
import { PresentingBanner } from './PresentingBanner';
import { SettingsDialog } from './SettingsDialog';
import { Stage } from './Stage';
import { SoundGate, SoundGateContext } from './sound-gate';
import { Notices, useToasts } from './toasts';
import { useRoomTitle } from './useRoomTitle';
import { describeMediaProblems, noticeText, unreachableText } from './words';

interface Props {
  store: CallStore;
  actions: CallActions;
}

// The chat reads the store itself: a notice or a new tile must not re-render it.
const ChatPanel = memo(ChatPanelAlways);

/** Messages from others that arrived after the first `seen`. */
function chatOpenUnread(messages: { mine: boolean }[], seen: number) {
  return messages.slice(seen).filter((message) => !message.mine).length;
}

/** On a phone a panel opens over the videos: one at a time, and none at first. */
const narrow = () => !!window.matchMedia?.('(max-width: 760px)').matches;

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
  const notice = useStore(store, (state) => state.notice);
  const messages = useStore(store, (state) => state.messages);
  const locked = useStore(store, (state) => state.locked);
  const [layout, setLayout] = useState<LayoutMode>('grid');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [peopleOpen, setPeopleOpen] = useState(false);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const { toasts, show } = useToasts();
  const copyLink = useCopyLink(roomId, show);
  // Messages seen while the chat was open; the rest, from others, are unread.
  const [seen, setSeen] = useState(messages.length);
  const unread = chatOpenUnread(messages, seen);
  // On a phone the chat opens over the videos, so it starts closed there.
  const [chatOpen, setChatOpen] = useState(() => !narrow());
  const [gate] = useState(() => new SoundGate());
  const soundBlocked = useSyncExternalStore(gate.subscribe, () => gate.blocked);
  const mediaText = describeMediaProblems(problems);
  useRoomTitle(roomId, unread);
  const tiles = remoteCount + 1;

  useEffect(() => {
    if (chatOpen) setSeen(messages.length);
  }, [chatOpen, messages.length]);

  // Each notice shows for a few seconds in the status region.
  useEffect(() => {
    if (notice) show(noticeText(notice.notice));
  }, [notice, show]);

  // Closing Settings (Escape, Close) gives the focus back to its button, once the modal
  // dialog (which makes the rest of the page inert) is gone.
  const closeSettings = useCallback(() => setSettingsOpen(false), []);
  const settingsWasOpen = useRef(false);
  useEffect(() => {
    if (settingsWasOpen.current && !settingsOpen) settingsButton.current?.focus();
    settingsWasOpen.current = settingsOpen;
  }, [settingsOpen]);
  const toggleChat = () => {
    if (!chatOpen && narrow()) setPeopleOpen(false);
    setChatOpen(!chatOpen);
  };
  const togglePeople = () => {
    if (!peopleOpen && narrow()) setChatOpen(false);
    setPeopleOpen(!peopleOpen);
  };

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

  const alone = remoteCount === 0;
  return (
    <SoundGateContext value={gate}>
      <div className="call">
        <header className="call-header">
          <h1 className="call-title" tabIndex={-1} ref={heading}>
            <span className="brand-mark" aria-hidden="true" />
            <span className="room-name">{roomId}</span>
            <span className="call-count">{t('call.people', { count: tiles })}</span>
          </h1>
          {locked && (
            <span
              className="room-locked"
              role="img"
              aria-label={t('host.roomLocked')}
              title={t('host.roomLocked')}
            >
              <LockIcon />
            </span>
          )}
          <Knocks store={store} actions={actions} />
          <LayoutToggle mode={layout} onChange={setLayout} />
          {/* Alone, the invitation has the one Copy room link. */}
          {!alone && (
            <button
              type="button"
              className="button ghost"
              aria-label={t('call.copyLink')}
              title={t('call.copyLink')}
              onClick={() => void copyLink()}
            >
              <LinkIcon />
              <span aria-hidden="true">{t('call.copyLink')}</span>
            </button>
          )}
        </header>
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
        <main className="call-body">
          <div className="stage-column">
            {alone && <InviteCard roomId={roomId} onCopy={() => void copyLink()} />}
            <Stage store={store} actions={actions} mode={layout} />
          </div>
          {(peopleOpen || chatOpen) && (
            <div className="side">
              {peopleOpen && <PeoplePanel store={store} actions={actions} id="people-panel" />}
              {chatOpen && <ChatPanel store={store} actions={actions} id="chat-panel" />}
            </div>
          )}
          <ChatAnnouncer store={store} active={!chatOpen} />
        </main>
        <footer className="controls">
          <Notices toasts={toasts} banner={server === 'offline' ? t('notice.reconnecting') : null} />
          <CallControls
            store={store}
            actions={actions}
            chatOpen={chatOpen}
            unread={unread}
            onChat={toggleChat}
            peopleOpen={peopleOpen}
            onPeople={togglePeople}
            onSettings={() => setSettingsOpen(true)}
            settingsButton={settingsButton}
          />
        </footer>
        {settingsOpen && <SettingsDialog store={store} actions={actions} onClose={closeSettings} />}
      </div>
    </SoundGateContext>
  );
}
