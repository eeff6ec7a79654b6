import { useT } from './i18n';
import { SpeakerViewIcon } from './icons';
import './stage.css';
import type { LayoutMode } from './layout';

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
