import { isLocalOnlyHost, roomLink } from './copy-link';
import { useT } from './i18n';
import { LinkIcon, ShareIcon } from './icons';

interface Props {
  roomId: string;
  onCopy: () => void;
}

/** The Web Share API, where the browser has it (phones mostly). */
const canShare = () => typeof navigator !== 'undefined' && typeof navigator.share === 'function';

/** While nobody else is in the call: the room's link, to copy or share, and whether it can work. */
export function InviteCard({ roomId, onCopy }: Props) {
  const t = useT();
  const link = roomLink(roomId);
  const { hostname, host } = window.location;
  return (
    <section className="invite" aria-labelledby="invite-title">
      <h2 id="invite-title" className="invite-title">
        {t('invite.title')}
      </h2>
      <p className="invite-lead">{t('invite.lead')}</p>
      <p className="invite-link" dir="ltr">
        {link}
      </p>
      <div className="invite-actions">
        <button type="button" className="button" onClick={onCopy}>
          <LinkIcon />
          {t('call.copyLink')}
        </button>
        {canShare() && (
          <button
            type="button"
            className="button"
            onClick={() =>
              void navigator
                .share({ title: t('invite.shareTitle', { room: roomId }), url: link })
                .catch(() => {
                  // Cancelled, or nothing to share to: the link is on screen and can be copied.
                })
            }
          >
            <ShareIcon />
            {t('invite.share')}
          </button>
        )}
      </div>
      {isLocalOnlyHost(hostname) && <p className="invite-warning">{t('invite.localOnly', { host })}</p>}
    </section>
  );
}
