import { memo, type RefObject } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { useT } from './i18n';
import { ChatIcon, HandIcon, LeaveIcon, LockIcon, PeopleIcon, ScreenIcon, SettingsIcon } from './icons';
import { MediaToggles as MediaTogglesAlways } from './MediaToggles';
import { ReactionsMenu } from './ReactionsMenu';

// The toggles read the store themselves: a notice or a new tile must not re-render them.
const MediaToggles = memo(MediaTogglesAlways);

/** Screen sharing needs getDisplayMedia, which phones do not have. */
const canShareScreen = () => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getDisplayMedia;

interface Props {
  store: CallStore;
  actions: Pick<
    CallActions,
    | 'setAudio'
    | 'setVideo'
    | 'startScreenShare'
    | 'stopScreenShare'
    | 'leave'
    | 'raiseHand'
    | 'react'
    | 'setLocked'
  >;
  chatOpen: boolean;
  unread: number;
  onChat: () => void;
  peopleOpen: boolean;
  onPeople: () => void;
  onSettings: () => void;
  settingsButton: RefObject<HTMLButtonElement | null>;
}

/** The call's control bar: what one sends, the panels, Settings and Leave call. */
export function CallControls({
  store,
  actions,
  chatOpen,
  unread,
  onChat,
  peopleOpen,
  onPeople,
  onSettings,
  settingsButton,
}: Props) {
  const t = useT();
  const sharing = useStore(store, (state) => state.media.sharing);
  const handRaised = useStore(store, (state) => state.self !== null && state.hands.includes(state.self.id));
  const amHost = useStore(store, (state) => state.self !== null && state.self.id === state.hostId);
  const locked = useStore(store, (state) => state.locked);
  const showUnread = !chatOpen && unread > 0;
  return (
    <div className="control-row">
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
        aria-pressed={handRaised}
        title={t('hand.raiseTitle', { raised: handRaised })}
        onClick={() => void actions.raiseHand(!handRaised)}
      >
        <HandIcon />
        <span className="control-label">{t('hand.raise')}</span>
      </button>
      <ReactionsMenu onReact={(reaction) => void actions.react(reaction)} />
      {amHost && (
        <button
          type="button"
          className="control"
          aria-pressed={locked}
          title={t('host.lockRoomTitle', { locked })}
          onClick={() => void actions.setLocked(!locked)}
        >
          <LockIcon />
          <span className="control-label">{t('host.lockRoom')}</span>
        </button>
      )}
      <button
        type="button"
        className="control"
        aria-label={t('call.chat')}
        aria-expanded={chatOpen}
        aria-controls={chatOpen ? 'chat-panel' : undefined}
        aria-describedby={showUnread ? 'chat-unread' : undefined}
        onClick={onChat}
      >
        <ChatIcon />
        <span className="control-label">{t('call.chat')}</span>
        {showUnread && (
          <span className="badge" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {showUnread && (
        <span id="chat-unread" className="visually-hidden">
          {t('call.unread', { count: unread })}
        </span>
      )}
      <button
        type="button"
        className="control"
        aria-expanded={peopleOpen}
        aria-controls={peopleOpen ? 'people-panel' : undefined}
        onClick={onPeople}
      >
        <PeopleIcon />
        <span className="control-label">{t('people.title')}</span>
      </button>
      <button
        type="button"
        className="control"
        aria-haspopup="dialog"
        ref={settingsButton}
        onClick={onSettings}
      >
        <SettingsIcon />
        <span className="control-label">{t('call.settings')}</span>
      </button>
      <button type="button" className="control danger" onClick={() => void actions.leave()}>
        <LeaveIcon />
        <span className="control-label">{t('call.leave')}</span>
      </button>
    </div>
  );
}
