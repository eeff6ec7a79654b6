import { type RefObject, useEffect, useId, useRef } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { useT } from './i18n';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'cancelKnock'>;
  /** Where the focus goes once the wait is over here (the button that asked). */
  returnFocus: RefObject<HTMLElement | null>;
}

/**
 * While the host of a locked room has not answered: a `status` saying so, with **Cancel**,
 * which takes the focus from the (now busy) button that asked.
 */
export function KnockWaiting({ store, actions, returnFocus }: Props) {
  const knocking = useStore(store, (state) => state.knocking);
  return knocking ? <Waiting actions={actions} returnFocus={returnFocus} /> : null;
}

function Waiting({ actions, returnFocus }: Omit<Props, 'store'>) {
  const t = useT();
  const cancel = useRef<HTMLButtonElement>(null);
  const textId = useId();
  useEffect(() => {
    cancel.current?.focus();
    const target = returnFocus;
    return () => {
      if (!document.activeElement || document.activeElement === document.body) target.current?.focus();
    };
  }, [returnFocus]);
  return (
    <div role="status" aria-label={t('lobby.waitingForHost')} className="knock-status">
      <p className="knock-status-text" id={textId}>
        <span className="knock-pulse" aria-hidden="true" />
        {t('lobby.waitingForHost')}
      </p>
      <p className="field-note">{t('lobby.waitingLead')}</p>
      <button
        type="button"
        className="button"
        ref={cancel}
        aria-describedby={textId}
        onClick={() => actions.cancelKnock()}
      >
        {t('lobby.cancelKnock')}
      </button>
    </div>
  );
}
