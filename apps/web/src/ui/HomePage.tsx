import { type FormEvent, useState } from 'react';
import { isRoomId, randomRoomId, roomFromInput, roomPath } from '../room-id';
import { useFocusOnMount } from './focus';
import { useT, useWords } from './i18n';
import { LanguageChoice } from './LanguageChoice';
import { navigate } from './router';

export function HomePage() {
  // Back from a room, the home page's words may not be here yet.
  useWords('home');
  const t = useT();
  const [roomName, setRoomName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const heading = useFocusOnMount<HTMLHeadingElement>();

  function goToRoom(event: FormEvent) {
    event.preventDefault();
    const roomId = roomFromInput(roomName);
    if (!isRoomId(roomId)) {
      setError(t('home.badRoomName'));
      return;
    }
    navigate(roomPath(roomId));
  }

  return (
    <main className="home">
      <div className="home-card">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark" /> moim
        </p>
        <h1 tabIndex={-1} ref={heading}>
          {t('home.title')}
        </h1>
        <p className="lead">{t('home.lead')}</p>
        <button
          type="button"
          className="button primary wide"
          onClick={() => navigate(roomPath(randomRoomId()))}
        >
          {t('home.newRoom')}
        </button>
        <div className="divider">
          <span>{t('home.orByName')}</span>
        </div>
        <form className="row" onSubmit={goToRoom}>
          <label className="visually-hidden" htmlFor="room-name">
            {t('home.roomName')}
          </label>
          <input
            id="room-name"
            className="input"
            value={roomName}
            placeholder={t('home.roomNameExample')}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setRoomName(event.target.value);
              setError(null);
            }}
          />
          <button type="submit" className="button">
            {t('home.goToRoom')}
          </button>
        </form>
        {error && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
        <LanguageChoice className="home-language" />
      </div>
    </main>
  );
}
