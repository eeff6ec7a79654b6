import { type FormEvent, useState } from 'react';
import { normaliseRoomId, randomRoomId } from '../room-id';
import { navigate } from './router';

export function HomePage() {
  const [roomName, setRoomName] = useState('');
  const [error, setError] = useState<string | null>(null);

  function goToRoom(event: FormEvent) {
    event.preventDefault();
    const roomId = normaliseRoomId(roomName);
    if (!roomId) {
      setError('Room names use letters, digits and dashes. Try "team-standup".');
      return;
    }
    navigate(`/r/${roomId}`);
  }

  return (
    <main className="home">
      <div className="home-card">
        <p className="brand" aria-hidden="true">
          <span className="brand-mark" /> moim
        </p>
        <h1>Video calls in your browser</h1>
        <p className="lead">
          Start a room, share its link, and talk. No account, nothing to install: video, sound and chat go
          straight between the people in the call.
        </p>
        <button
          type="button"
          className="button primary wide"
          onClick={() => navigate(`/r/${randomRoomId()}`)}
        >
          New room
        </button>
        <div className="divider">
          <span>or join one by name</span>
        </div>
        <form className="row" onSubmit={goToRoom}>
          <label className="visually-hidden" htmlFor="room-name">
            Room name
          </label>
          <input
            id="room-name"
            className="input"
            value={roomName}
            placeholder="team-standup"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => {
              setRoomName(event.target.value);
              setError(null);
            }}
          />
          <button type="submit" className="button">
            Go to room
          </button>
        </form>
        {error && (
          <p role="alert" className="alert">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}
