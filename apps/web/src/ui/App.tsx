import { HomePage } from './HomePage';
import { RoomPage } from './RoomPage';
import { usePathname } from './router';

export function App() {
  const pathname = usePathname();
  const room = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (room?.[1]) return <RoomPage key={room[1]} rawRoomId={decodeURIComponent(room[1])} />;
  return <HomePage />;
}
