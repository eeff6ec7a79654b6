import { useEffect } from 'react';
import { useT } from './i18n';

/** The tab's title: the room, after the count of unread messages, in the active language. */
export function useRoomTitle(roomId: string, unread = 0) {
  const t = useT();
  const title = t('app.roomTitle', { room: roomId, unread });
  useEffect(() => {
    document.title = title;
  }, [title]);
  useEffect(
    () => () => {
      document.title = t('app.title');
    },
    [t],
  );
}
