import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { useFocusOnMount } from './focus';
import { useT } from './i18n';
import { JoinAlerts, roomCountText } from './Lobby';
import { navigate } from './router';
import { useRoomTitle } from './useRoomTitle';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'rejoin'>;
}

/** After **Leave call**: the camera and microphone are released; back in, or home. */
export function LeftScreen({ store, actions }: Props) {
  const t = useT();
  const roomId = useStore(store, (state) => state.roomId);
  const joining = useStore(store, (state) => state.phase === 'joining');
  const roomCount = useStore(store, (state) => state.roomCount);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  useRoomTitle(roomId);
  return (
    <main className="home">
      <div className="home-card">
        <h1 tabIndex={-1} ref={heading}>
          {t('left.title')}
        </h1>
        <p className="lead">{t('left.lead', { room: roomId })}</p>
        <p className="room-count">
          <span className={`presence-dot${roomCount ? ' active' : ''}`} aria-hidden="true" />
          {roomCountText(roomCount)}
        </p>
        <button
          type="button"
          className="button primary wide"
          disabled={joining}
          aria-busy={joining}
          onClick={() => void actions.rejoin()}
        >
          {t('left.rejoin')}
        </button>
        <button type="button" className="button wide" onClick={() => navigate('/')}>
          {t('left.home')}
        </button>
        <JoinAlerts store={store} />
      </div>
    </main>
  );
}
