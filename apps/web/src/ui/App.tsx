import { lazy, Suspense } from 'react';
import type { CataloguePart } from '../locales/parts';
import { HomePage } from './HomePage';
import { loadWords } from './i18n';
import { usePathname } from './router';

/** The room code (call engine, socket.io, simple-peer, lobby, call screen): loaded for a room only. */
const loadRoomPage = () => import('./RoomPage');
const RoomPage = lazy(async () => {
  const [module] = await Promise.all([loadRoomPage(), loadWords('room')]);
  return { default: module.RoomPage };
});

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

/**
 * On a room's path, starts fetching the room code now, alongside the language's words;
 * says which part of the words the page shows.
 */
export function preloadRoute(pathname: string): CataloguePart {
  if (!roomIdOf(pathname)) return 'home';
  void loadRoomPage();
  return 'room';
}

export function App() {
  const roomId = roomIdOf(usePathname());
  return (
    <Suspense fallback={null}>
      {roomId ? <RoomPage key={roomId} rawRoomId={roomId} /> : <HomePage />}
    </Suspense>
  );
}
