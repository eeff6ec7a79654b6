import { useT } from './i18n';
import './stage.css';
import type { LayoutMode } from './layout';

/** A large tile over a row of small ones. */
const SpeakerViewIcon = () => (
  <svg
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <rect x="3" y="3" width="18" height="12" rx="2" />
    <path d="M3 20h4M10 20h4M17 20h4" />
  </svg>
);

/** The toggle between grid view and speaker view: **Speaker view**, pressed while it is on. */
export function LayoutToggle({ mode, onChange }: { mode: LayoutMode; onChange: (mode: LayoutMode) => void }) {
  const t = useT();
  const on = mode === 'speaker';
  return (
    <button
      type="button"
      className="button ghost layout-toggle"
      aria-label={t('call.speakerView')}
      aria-pressed={on}
      title={t('call.speakerViewTitle', { on })}
      onClick={() => onChange(on ? 'grid' : 'speaker')}
    >
      <SpeakerViewIcon />
      <span aria-hidden="true">{t('call.speakerView')}</span>
    </button>
  );
}
