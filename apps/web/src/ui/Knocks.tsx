import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { KnockDialog, preloadHostTools } from './HostOnDemand';
import { useT } from './i18n';

/**
 * For the host: whoever knocks at the locked room, asked about one at a time in a dialog;
 * dismissed (Escape), a button in the header says how many wait and brings it back. A
 * new knock brings it back too.
 */
export function Knocks({
  store,
  actions,
}: {
  store: CallStore;
  actions: Pick<CallActions, 'admit' | 'deny'>;
}) {
  const t = useT();
  const amHost = useStore(store, (state) => state.self !== null && state.self.id === state.hostId);
  const knocks = useStore(store, (state) => (state.self?.id === state.hostId ? state.knocks : NONE));
  useEffect(() => {
    if (amHost) void preloadHostTools();
  }, [amHost]);
  const [dismissed, setDismissed] = useState<readonly string[]>(NONE_IDS);
  const asking = knocks.filter((knock) => !dismissed.includes(knock.id));
  const first = asking[0];
  return (
    <>
      {knocks.length > 0 && !first && (
        <button type="button" className="button ghost knock-waiting" onClick={() => setDismissed(NONE_IDS)}>
          {t('knock.waiting', { count: knocks.length })}
        </button>
      )}
      {first && (
        <KnockDialog
          knock={first}
          more={knocks.length - 1}
          onAdmit={(id) => void actions.admit(id)}
          onDeny={(id) => void actions.deny(id)}
          onDismiss={() => setDismissed(knocks.map((knock) => knock.id))}
        />
      )}
    </>
  );
}

const NONE: never[] = [];
const NONE_IDS: readonly string[] = [];
