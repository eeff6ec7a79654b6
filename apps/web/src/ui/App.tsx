import { lazy, Suspense } from 'react';
import { HomePage } from './HomePage';
import { usePathname } from './router';

/** The room code (call engine, socket.io, simple-peer, lobby, call screen): loaded for a room only. */
const loadRoomPage = () => import('./RoomPage');
const RoomPage = lazy(() => loadRoomPage().then((module) => ({ default: module.RoomPage })));

/** The room id in a path, percent-decoded; a malformed escape is kept as typed (and refused). */
function roomIdOf(pathname: string): string | null {
  const raw = /^\/r\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** On a room's path, starts fetching the room code now, alongside the language's words. */
export function preloadRoute(pathname: string) {
  if (roomIdOf(pathname)) void loadRoomPage();
}

export function App() {
  const roomId = roomIdOf(usePathname());
  if (roomId) {
    return (
      <Suspense fallback={null}>
        <RoomPage key={roomId} rawRoomId={roomId} />
      </Suspense>
    );
  }
  return <HomePage />;
}
