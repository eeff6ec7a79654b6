import { type KeyboardEvent, type RefObject, useId } from 'react';
import { useT } from './i18n';
import { ShieldIcon } from './icons';

/*
 * A remote tile's connection details: a button among the tile's tools that opens a panel
 * over the tile with the connection's safety code, what comparing it proves, and the choice
 * to mark it verified. Two pieces, because the button sits in the tools' corner and the
 * panel covers the whole tile; the tile holds whether it is open. No message but
 * `safety.code` may contain the words "safety code": the UI contract finds the code as the
 * text right after them.
 */

interface ButtonProps {
  open: boolean;
  panelId: string;
  onToggle: () => void;
  /** Escape on the button closes an open panel too. */
  onClose: () => void;
  buttonRef: RefObject<HTMLButtonElement | null>;
}

export function DetailsButton({ open, panelId, onToggle, onClose, buttonRef }: ButtonProps) {
  const t = useT();
  return (
    <button
      ref={buttonRef}
      type="button"
      className="tile-button"
      aria-label={t('safety.details')}
      aria-expanded={open}
      aria-controls={panelId}
      title={t('safety.details')}
      onClick={onToggle}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        event.stopPropagation();
        onClose();
      }}
    >
      <ShieldIcon />
    </button>
  );
}

interface PanelProps {
  id: string;
  open: boolean;
  /** The remote participant's display name. */
  name: string;
  /** This connection's safety code (call/safety-code.ts). */
  code: string;
  /** Whether this device was told `code` is the right one for this person. */
  verified: boolean;
  onVerifiedChange: (verified: boolean) => void;
  /** Escape pressed inside: the tile closes the panel and puts focus back on the button. */
  onClose: () => void;
}

/** Stays in the page while closed (hidden), so the code is part of the tile's text. */
export function DetailsPanel({ id, open, name, code, verified, onVerifiedChange, onClose }: PanelProps) {
  const t = useT();
  const checkboxId = useId();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  };
  return (
    // A fieldset: the group of the code and its one choice (role group, named below).
    <fieldset
      id={id}
      className="details-panel"
      aria-label={t('safety.details')}
      hidden={!open}
      onKeyDown={onKeyDown}
    >
      <p className="safety-code">
        <span className="safety-code-label">{t('safety.code')}</span>{' '}
        <span className="safety-code-digits" dir="ltr" translate="no">
          {code}
        </span>
      </p>
      <p className="details-text">{t('safety.meaning', { name })}</p>
      <label className="details-check" htmlFor={checkboxId}>
        <input
          id={checkboxId}
          type="checkbox"
          checked={verified}
          onChange={(event) => onVerifiedChange(event.target.checked)}
        />
        {t('safety.markVerified')}
      </label>
      {verified && <p className="details-text">{t('safety.verifiedSince', { name })}</p>}
    </fieldset>
  );
}
