import { useCallback } from 'react';
import { roomPath } from '../room-id';
import { t } from './i18n';

/** A room's link, as others open it. */
export const roomLink = (roomId: string) => `${window.location.origin}${roomPath(roomId)}`;

/** The hosts a link made on this computer only opens on this computer. */
export function isLocalOnlyHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** How long the link stays on screen when it has to be copied by hand. */
const BY_HAND_MS = 12_000;

/**
 * Copies the room link to the clipboard and says so with `show`; where the clipboard is
 * refused, shows the link to copy by hand.
 */
export function useCopyLink(roomId: string, show: (text: string, ms?: number) => void) {
  return useCallback(async () => {
    const link = roomLink(roomId);
    try {
      await navigator.clipboard.writeText(link);
      show(t('notice.linkCopied'));
    } catch {
      show(t('notice.copyThisLink', { link }), BY_HAND_MS);
    }
  }, [roomId, show]);
}
