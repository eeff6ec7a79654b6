import { type CSSProperties, useRef, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import { describeMediaProblems } from '../call/local-media';
import type { CallStore } from '../call/store';
import { ChatPanel } from './ChatPanel';
import { ChatIcon, LeaveIcon, LinkIcon } from './icons';
import { fitGrid } from './layout';
import { MediaToggles } from './MediaToggles';
import { ParticipantTile } from './ParticipantTile';
import { SoundGate, SoundGateContext } from './sound-gate';
import { useElementSize } from './useElementSize';

interface Props {
  store: CallStore;
  actions: CallActions;
}

const TILE_GAP = 12;

/** Why a connection never came up, in words for the person in the call, not the admin. */
export function unreachableText(names: string[]): string {
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return (
    `Could not connect to ${who}. A firewall or network between you may be blocking direct ` +
    'connections; the person who runs this server can add a TURN relay to get through. Still trying…'
  );
}

export function CallScreen({ store, actions }: Props) {
  const roomId = useStore(store, (state) => state.roomId);
  const self = useStore(store, (state) => state.self);
  const remotes = useStore(store, (state) => state.remotes);
  const localStream = useStore(store, (state) => state.localStream);
  const audio = useStore(store, (state) => state.audio);
  const video = useStore(store, (state) => state.video);
  const problems = useStore(store, (state) => state.mediaProblems);
  const server = useStore(store, (state) => state.server);
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
  const { tileWidth } = fitGrid(tiles, stageSize.width, stageSize.height, TILE_GAP);

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
            className="stage"
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
              <ParticipantTile name={self.name} isSelf stream={localStream} audio={audio} video={video} />
            )}
            {remotes.map((remote) => (
              <ParticipantTile
                key={remote.id}
                name={remote.name}
                stream={remote.stream}
                audio={remote.audio}
                video={remote.video}
                connection={remote.connection}
              />
            ))}
          </section>
          {chatOpen && <ChatPanel store={store} actions={actions} id="chat-panel" />}
        </div>
        <footer className="controls">
          <MediaToggles store={store} actions={actions} />
          <button
            type="button"
            className="control"
            aria-expanded={chatOpen}
            aria-controls="chat-panel"
            onClick={() => setChatOpen((open) => !open)}
          >
            <ChatIcon />
            <span className="control-label">Chat</span>
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
