import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { useT } from './i18n';
import './stage.css';
import { ScreenIcon } from './icons';

/**
 * While one's own screen is shared: a bar that says so for as long as it lasts, with the
 * way to stop it (the same as turning **Share screen** off).
 */
export function PresentingBanner({
  store,
  actions,
}: {
  store: CallStore;
  actions: Pick<CallActions, 'stopScreenShare'>;
}) {
  const t = useT();
  const sharing = useStore(store, (state) => state.media.sharing);
  if (!sharing) return null;
  return (
    <div role="status" aria-label={t('presenting.status')} className="presenting-banner">
      <ScreenIcon />
      <span className="presenting-text">{t('presenting.status')}</span>
      <button type="button" className="button presenting-stop" onClick={() => actions.stopScreenShare()}>
        {t('presenting.stop')}
      </button>
    </div>
  );
}
