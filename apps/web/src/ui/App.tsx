import { HomePage } from './HomePage';
import { RoomPage } from './RoomPage';
import { usePathname } from './router';

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

export function App() {
  const roomId = roomIdOf(usePathname());
  if (roomId) return <RoomPage key={roomId} rawRoomId={roomId} />;
  return <HomePage />;
}
