import { NAME_MAX_LENGTH } from '@moim/protocol';
import { type FormEvent, useRef } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import { hasTrack } from '../call/local-media';
import type { CallStore } from '../call/store';
import { useCopyLink } from './copy-link';
import { DeviceSettings } from './DeviceSettings';
import { useFocusOnMount } from './focus';
import { t, useT } from './i18n';
import { LinkIcon } from './icons';
import { KnockWaiting } from './KnockWaiting';
import { MediaToggles } from './MediaToggles';
import { MicLevel } from './MicLevel';
import { initials } from './ParticipantTile';
import { Notices, useToasts } from './toasts';
import { useRoomTitle } from './useRoomTitle';
import { Video } from './Video';
import { describeMediaProblems, joinErrorText } from './words';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'join' | 'setName' | 'setAudio' | 'setVideo' | 'selectDevice' | 'cancelKnock'>;
}

export function roomCountText(count: number | null): string {
  return count === null ? t('lobby.checkingWhoIsHere') : t('lobby.roomCount', { count });
}

/** Before joining: preview, name, what to join with, how many are already there, the link. */
export function Lobby({ store, actions }: Props) {
  const t = useT();
  const roomId = useStore(store, (state) => state.roomId);
  const name = useStore(store, (state) => state.name);
  const guestName = useStore(store, (state) => state.guestName);
  const phase = useStore(store, (state) => state.phase);
  const roomCount = useStore(store, (state) => state.roomCount);
  const media = useStore(store, (state) => state.media.status);
  const stream = useStore(store, (state) => state.media.stream);
  const video = useStore(store, (state) => state.media.video);
  const problems = useStore(store, (state) => state.media.problems);
  const canVideo = useStore(store, (state) => state.media.canVideo);
  const audio = useStore(store, (state) => state.media.audio);
  const { toasts, show } = useToasts();
  const copyLink = useCopyLink(roomId, show);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const joinButton = useRef<HTMLButtonElement>(null);
  const showPreview = video && hasTrack(stream, 'video');
  const mediaText = describeMediaProblems(problems);
  useRoomTitle(roomId);

  function join(event: FormEvent) {
    event.preventDefault();
    void actions.join();
  }

  return (
    <main className="lobby">
      <h1 className="lobby-title" tabIndex={-1} ref={heading}>
        <span className="lobby-kicker">{t('lobby.readyToJoin')}</span>
        <span className="room-name">{roomId}</span>
      </h1>
      <div className="lobby-layout">
        <div className="preview">
          {showPreview ? (
            <Video stream={stream} muted mirrored label={t('lobby.cameraPreview')} />
          ) : (
            <div className="preview-off">
              <span className="avatar" aria-hidden="true">
                {initials(name || guestName)}
              </span>
              <p>
                {media === 'pending'
                  ? t('lobby.startingCamera')
                  : canVideo
                    ? t('lobby.cameraOff')
                    : t('lobby.noCamera')}
              </p>
            </div>
          )}
          <div className="preview-controls">
            <MediaToggles store={store} actions={actions} />
          </div>
        </div>
        <form className="lobby-form" onSubmit={join}>
          <label className="field-label" htmlFor="display-name">
            {t('lobby.yourName')}
          </label>
          <input
            id="display-name"
            className="input"
            value={name}
            placeholder={guestName}
            maxLength={NAME_MAX_LENGTH}
            autoComplete="nickname"
            onChange={(event) => actions.setName(event.target.value)}
          />
          {audio && <MicLevel stream={stream} />}
          <DeviceSettings store={store} actions={actions} />
          <div className="lobby-room">
            <p className="room-count">
              <span className={`presence-dot${roomCount ? ' active' : ''}`} aria-hidden="true" />
              {roomCountText(roomCount)}
            </p>
            <button type="button" className="button ghost" onClick={() => void copyLink()}>
              <LinkIcon />
              {t('call.copyLink')}
            </button>
          </div>
          <Notices toasts={toasts} />
          <button
            type="submit"
            className="button primary wide"
            ref={joinButton}
            disabled={phase === 'joining'}
            aria-busy={phase === 'joining'}
          >
            {t('lobby.joinCall')}
          </button>
          <KnockWaiting store={store} actions={actions} returnFocus={joinButton} />
          <JoinAlerts store={store} />
          {mediaText && (
            <p role="alert" className="alert alert-soft">
              {mediaText}
            </p>
          )}
        </form>
      </div>
    </main>
  );
}

/** Why a join cannot go ahead: the server is unreachable, or it refused the join. */
export function JoinAlerts({ store }: { store: CallStore }) {
  const t = useT();
  const server = useStore(store, (state) => state.server);
  const joinError = useStore(store, (state) => state.joinError);
  return (
    <>
      {server === 'offline' && (
        <p role="alert" className="alert">
          {t('lobby.serverOffline')}
        </p>
      )}
      {joinError && (
        <p role="alert" className="alert">
          {joinErrorText(joinError)}
        </p>
      )}
    </>
  );
}
