import type { Knock } from '@moim/protocol';
import { useEffect, useId, useLayoutEffect, useRef } from 'react';
import { keepTabInside } from './focus';
import { useT } from './i18n';

interface Props {
  /** The first one waiting, whom the dialog asks about. */
  knock: Knock;
  /** How many more wait after them. */
  more: number;
  onAdmit: (id: string) => void;
  onDeny: (id: string) => void;
  /** Escape: not now (the knock stays, and the header's button brings the dialog back). */
  onDismiss: () => void;
}

/**
 * The host's answer to someone knocking at a locked room: a modal `alertdialog` naming
 * them, with **Admit** and **Deny**, one knocker at a time (the next one follows at once).
 * It takes the focus on its heading as Settings does, keeps Tab inside, and gives the focus
 * back to what had it when it goes.
 */
export function KnockDialog({ knock, more, onAdmit, onDeny, onDismiss }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  const leadId = useId();
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // jsdom has no showModal: there the dialog is simply open.
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    return () => {
      const back = before?.isConnected ? before : document.querySelector<HTMLElement>('h1');
      back?.focus({ preventScroll: true });
    };
  }, []);
  // Each knocker in turn: the focus goes to the heading that names them.
  useEffect(() => {
    if (knock.id) title.current?.focus();
  }, [knock.id]);

  return (
    <dialog
      ref={ref}
      role="alertdialog"
      className="dialog knock-dialog"
      aria-labelledby={titleId}
      aria-describedby={leadId}
      onCancel={(event) => {
        event.preventDefault();
        onDismiss();
      }}
      onKeyDown={(event) => keepTabInside(event, ref.current, title.current)}
    >
      <h2 id={titleId} className="dialog-title" tabIndex={-1} ref={title}>
        {t('knock.title', { name: knock.name })}
      </h2>
      <p id={leadId} className="lead">
        {t('knock.lead')}
      </p>
      {more > 0 && <p className="field-note">{t('knock.more', { count: more })}</p>}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => onDeny(knock.id)}>
          {t('knock.deny')}
        </button>
        <button type="button" className="button primary" onClick={() => onAdmit(knock.id)}>
          {t('knock.admit')}
        </button>
      </div>
    </dialog>
  );
}
