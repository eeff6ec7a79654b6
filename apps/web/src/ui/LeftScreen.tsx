import { useRef } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { useFocusOnMount } from './focus';
import { useT } from './i18n';
import { KnockWaiting } from './KnockWaiting';
import { JoinAlerts, roomCountText } from './Lobby';
import { navigate } from './router';
import { useRoomTitle } from './useRoomTitle';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'rejoin' | 'cancelKnock'>;
}

/**
 * After **Leave call**, or after the host removed one from the call: the camera and
 * microphone are released; back in (asking the host, once removed), or home.
 */
export function LeftScreen({ store, actions }: Props) {
  const t = useT();
  const roomId = useStore(store, (state) => state.roomId);
  const joining = useStore(store, (state) => state.phase === 'joining');
  const roomCount = useStore(store, (state) => state.roomCount);
  const removed = useStore(store, (state) => state.removed);
  const rejoinButton = useRef<HTMLButtonElement>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  useRoomTitle(roomId);
  return (
    <main className="home">
      <div className="home-card">
        <h1 tabIndex={-1} ref={heading}>
          {removed ? t('removed.title') : t('left.title')}
        </h1>
        {removed && (
          <p role="alert" className="alert">
            {t('error.removed')}
          </p>
        )}
        <p className="lead">
          {removed ? t('removed.lead', { room: roomId }) : t('left.lead', { room: roomId })}
        </p>
        <p className="room-count">
          <span className={`presence-dot${roomCount ? ' active' : ''}`} aria-hidden="true" />
          {roomCountText(roomCount)}
        </p>
        <button
          type="button"
          className="button primary wide"
          ref={rejoinButton}
          disabled={joining}
          aria-busy={joining}
          onClick={() => void actions.rejoin()}
        >
          {t('left.rejoin')}
        </button>
        <KnockWaiting store={store} actions={actions} returnFocus={rejoinButton} />
        <button type="button" className="button wide" onClick={() => navigate('/')}>
          {t('left.home')}
        </button>
        <JoinAlerts store={store} />
      </div>
    </main>
  );
}
