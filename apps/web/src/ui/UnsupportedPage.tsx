import type { Unsupported } from '../support';
import { type MessageId, useT } from './i18n';

const REASONS: Record<Unsupported, MessageId> = {
  insecure: 'unsupported.insecure',
  'no-webrtc': 'unsupported.noWebrtc',
  'no-camera-api': 'unsupported.noCameraApi',
};

/** Shown instead of the room when the browser cannot take part in a call. */
export function UnsupportedPage({ reason }: { reason: Unsupported }) {
  const t = useT();
  return (
    <main className="home">
      <div className="home-card">
        <h1>{t('unsupported.title')}</h1>
        <p role="alert" className="alert">
          {t(REASONS[reason])}
        </p>
        <p className="lead">{t('unsupported.browsers')}</p>
      </div>
    </main>
  );
}
