import { NAME_MAX_LENGTH } from '@moim/protocol';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import { hasTrack } from '../call/local-media';
import type { CallStore } from '../call/store';
import { DeviceSettings } from './DeviceSettings';
import { t, useT } from './i18n';
import { MediaToggles } from './MediaToggles';
import { initials } from './ParticipantTile';
import { useRoomTitle } from './useRoomTitle';
import { Video } from './Video';
import { describeMediaProblems, joinErrorText } from './words';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'join' | 'setName' | 'setAudio' | 'setVideo' | 'selectDevice'>;
}

export function roomCountText(count: number | null): string {
  return count === null ? t('lobby.checkingWhoIsHere') : t('lobby.roomCount', { count });
}

/** Before joining: preview, name, what to join with, who is already there. */
export function Lobby({ store, actions }: Props) {
  const t = useT();
  const roomId = useStore(store, (state) => state.roomId);
  const name = useStore(store, (state) => state.name);
  const guestName = useStore(store, (state) => state.guestName);
  const phase = useStore(store, (state) => state.phase);
  const server = useStore(store, (state) => state.server);
  const roomCount = useStore(store, (state) => state.roomCount);
  const joinError = useStore(store, (state) => state.joinError);
  const media = useStore(store, (state) => state.media.status);
  const stream = useStore(store, (state) => state.media.stream);
  const video = useStore(store, (state) => state.media.video);
  const problems = useStore(store, (state) => state.media.problems);
  const canVideo = useStore(store, (state) => state.media.canVideo);
  const showPreview = video && hasTrack(stream, 'video');
  const mediaText = describeMediaProblems(problems);
  useRoomTitle(roomId);

  function join(event: FormEvent) {
    event.preventDefault();
    void actions.join();
  }

  return (
    <main className="lobby">
      <h1 className="lobby-title">
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
          <DeviceSettings store={store} actions={actions} />
          <p className="room-count">
            <span className={`presence-dot${roomCount ? ' active' : ''}`} aria-hidden="true" />
            {roomCountText(roomCount)}
          </p>
          <button
            type="submit"
            className="button primary wide"
            disabled={phase === 'joining'}
            aria-busy={phase === 'joining'}
          >
            {t('lobby.joinCall')}
          </button>
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
