import { type CSSProperties, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import { describeMediaProblems } from '../call/local-media';
import type { CallStore } from '../call/store';
import { ChatPanel } from './ChatPanel';
import { DeviceSettings } from './DeviceSettings';
import { ChatIcon, LeaveIcon, LinkIcon, ScreenIcon, SettingsIcon } from './icons';
import { fitGrid } from './layout';
import { MediaToggles } from './MediaToggles';
import { ParticipantTile } from './ParticipantTile';
import { SoundGate, SoundGateContext } from './sound-gate';
import { useElementSize } from './useElementSize';
import { useRemoteViews } from './useRemoteViews';

interface Props {
  store: CallStore;
  actions: CallActions;
}

const TILE_GAP = 12;
/** Height kept under a pinned tile for the others' small tiles. */
const STRIP_HEIGHT = 110;
const NOTICE_MS = 4000;

/** Messages from others that arrived after the first `seen`. */
function chatOpenUnread(messages: { mine: boolean }[], seen: number) {
  return messages.slice(seen).filter((message) => !message.mine).length;
}

/** Why a connection never came up, in words for the person in the call, not the admin. */
export function unreachableText(names: string[]): string {
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return (
    `Could not connect to ${who}. A firewall or network between you may be blocking direct ` +
    'connections; the person who runs this server can add a TURN relay to get through. Still trying…'
  );
}

/** Screen sharing needs getDisplayMedia, which phones do not have. */
const canShareScreen = () => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getDisplayMedia;

export function CallScreen({ store, actions }: Props) {
  const roomId = useStore(store, (state) => state.roomId);
  const self = useStore(store, (state) => state.self);
  const remotes = useStore(store, (state) => state.remotes);
  const localStream = useStore(store, (state) => state.localStream);
  const audio = useStore(store, (state) => state.audio);
  const video = useStore(store, (state) => state.video);
  const problems = useStore(store, (state) => state.mediaProblems);
  const server = useStore(store, (state) => state.server);
  const sharing = useStore(store, (state) => state.sharing);
  const speaking = useStore(store, (state) => state.speaking);
  const notice = useStore(store, (state) => state.notice);
  const messages = useStore(store, (state) => state.messages);
  const speakerId = useStore(store, (state) => state.selected.audiooutput);
  const [pinnedId, setPinnedId] = useState<string | null>(null);
  const [selfSmall, setSelfSmall] = useState(false);
  // Remote tiles the viewer minimised: their senders stop sending us their video.
  const [minimisedIds, setMinimisedIds] = useState<ReadonlySet<string>>(() => new Set());
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shownNotice, setShownNotice] = useState<string | null>(null);
  // Messages seen while the chat was open; the rest, from others, are unread.
  const [seen, setSeen] = useState(messages.length);
  const unread = chatOpenUnread(messages, seen);
  // On a phone the chat opens over the videos, so it starts closed there.
  const [chatOpen, setChatOpen] = useState(() => !window.matchMedia?.('(max-width: 760px)').matches);
  const [gate] = useState(() => new SoundGate());
  const soundBlocked = useSyncExternalStore(gate.subscribe, () => gate.blocked);
  const [copyNotice, setCopyNotice] = useState('');
  const mediaText = describeMediaProblems(problems);
  const unreachable = remotes.filter((remote) => remote.connection === 'lost' && !remote.everConnected);
  const tiles = remotes.length + 1;
  const stageRef = useRef<HTMLElement>(null);
  const stageSize = useElementSize(stageRef);
  const pinned = remotes.some((remote) => remote.id === pinnedId) || pinnedId === self?.id ? pinnedId : null;
  // A pinned tile takes the stage; the others line up small beneath it.
  const { tileWidth } = pinned
    ? fitGrid(1, stageSize.width, stageSize.height - STRIP_HEIGHT, TILE_GAP)
    : fitGrid(
        tiles - (selfSmall ? 1 : 0) - remotes.filter((remote) => minimisedIds.has(remote.id)).length,
        stageSize.width,
        stageSize.height,
        TILE_GAP,
      );
  useRemoteViews(
    stageRef,
    { ids: remotes.map((remote) => remote.id), pinned, minimised: minimisedIds },
    (id, view) => actions.setRemoteView(id, view),
  );
  const toggleMinimised = (id: string) =>
    setMinimisedIds((ids) => {
      const next = new Set(ids);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  useEffect(() => {
    if (chatOpen) setSeen(messages.length);
  }, [chatOpen, messages.length]);

  // Each notice shows for a few seconds in the status region.
  useEffect(() => {
    if (!notice) return;
    setShownNotice(notice.text);
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
      if (key === 'd') actions.setAudio(!state.audio);
      else void actions.setVideo(!state.video);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, actions]);

  async function copyLink() {
    const link = `${window.location.origin}/r/${roomId}`;
    try {
      await navigator.clipboard.writeText(link);
      setCopyNotice('Room link copied. Send it to the people you want to talk to.');
    } catch {
      setCopyNotice(`Copy this link to invite people: ${link}`);
    }
  }

  return (
    <SoundGateContext value={gate}>
      <div className="call">
        <header className="call-header">
          <h1 className="call-title">
            <span className="brand-mark" aria-hidden="true" />
            <span className="room-name">{roomId}</span>
            <span className="call-count">
              {tiles} {tiles === 1 ? 'person' : 'people'}
            </span>
          </h1>
          <button
            type="button"
            className="button ghost"
            aria-label="Copy room link"
            title="Copy room link"
            onClick={copyLink}
          >
            <LinkIcon />
            <span aria-hidden="true">Copy room link</span>
          </button>
        </header>
        <div role="status" className="notices">
          {copyNotice && <p className="notice">{copyNotice}</p>}
          {shownNotice && <p className="notice">{shownNotice}</p>}
          {server === 'offline' && <p className="notice">Reconnecting…</p>}
        </div>
        {mediaText && (
          <p role="alert" className="alert alert-soft call-alert">
            {mediaText}
          </p>
        )}
        {soundBlocked && (
          <button type="button" className="button primary sound-button" onClick={() => gate.unblock()}>
            Click to enable sound
          </button>
        )}
        {unreachable.length > 0 && (
          <p role="alert" className="alert call-alert">
            {unreachableText(unreachable.map((remote) => remote.name))}
          </p>
        )}
        <div className="call-body">
          <section
            className={`stage${pinned ? ' has-pinned' : ''}`}
            aria-label="Participants"
            ref={stageRef}
            style={
              {
                '--gap': `${TILE_GAP}px`,
                '--tile-width': tileWidth ? `${tileWidth}px` : undefined,
              } as CSSProperties
            }
          >
            {self && (
              <ParticipantTile
                name={self.name}
                isSelf
                stream={localStream}
                audio={audio}
                video={video}
                screen={sharing}
                speaking={speaking.includes(self.id)}
                pinned={pinned === self.id}
                onPin={() => setPinnedId((id) => (id === self.id ? null : self.id))}
                minimised={selfSmall && pinned !== self.id}
                onMinimise={() => setSelfSmall((small) => !small)}
              />
            )}
            {remotes.map((remote) => (
              <ParticipantTile
                key={remote.id}
                name={remote.name}
                stream={remote.stream}
                audio={remote.audio}
                video={remote.video}
                screen={remote.screen}
                connection={remote.connection}
                quality={remote.quality}
                speaking={speaking.includes(remote.id)}
                sinkId={speakerId}
                pinned={pinned === remote.id}
                onPin={() => setPinnedId((id) => (id === remote.id ? null : remote.id))}
                remoteId={remote.id}
                videoPaused={remote.videoPaused}
                minimised={minimisedIds.has(remote.id) && pinned !== remote.id}
                onMinimise={() => toggleMinimised(remote.id)}
              />
            ))}
          </section>
          {chatOpen && <ChatPanel store={store} actions={actions} id="chat-panel" />}
          {settingsOpen && (
            <section className="settings-panel" id="call-settings" aria-label="Settings">
              <DeviceSettings store={store} actions={actions} />
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
              title={sharing ? 'Stop sharing your screen' : 'Share a screen, window or tab'}
              onClick={() => (sharing ? actions.stopScreenShare() : void actions.startScreenShare())}
            >
              <ScreenIcon />
              <span className="control-label">Share screen</span>
            </button>
          )}
          <button
            type="button"
            className="control"
            aria-label="Chat"
            aria-expanded={chatOpen}
            aria-controls="chat-panel"
            aria-describedby={!chatOpen && unread > 0 ? 'chat-unread' : undefined}
            onClick={() => setChatOpen((open) => !open)}
          >
            <ChatIcon />
            <span className="control-label">Chat</span>
            {!chatOpen && unread > 0 && (
              <span className="badge" aria-hidden="true">
                {unread}
              </span>
            )}
          </button>
          {!chatOpen && unread > 0 && (
            <span id="chat-unread" className="visually-hidden">
              {unread} unread
            </span>
          )}
          <button
            type="button"
            className="control"
            aria-label="Settings"
            aria-expanded={settingsOpen}
            aria-controls="call-settings"
            onClick={() => setSettingsOpen((open) => !open)}
          >
            <SettingsIcon />
            <span className="control-label">Settings</span>
          </button>
          <button type="button" className="control danger" onClick={() => void actions.leave()}>
            <LeaveIcon />
            <span className="control-label">Leave call</span>
          </button>
        </footer>
      </div>
    </SoundGateContext>
  );
}
