import { useEffect, useRef, useState } from 'react';
import type { CallStore } from '../call/store';
import { type HeldSpeaker, holdSpeaker, SPEAKER_HOLD_MS } from './layout';

/**
 * The speaker to show large in speaker view, among `candidates` (null: speaker view is off,
 * nothing is watched). Follows the store's `speaking` with a hold (see layout.ts
 * `holdSpeaker`), and re-renders only when the shown speaker changes, not at each word.
 */
export function useHeldSpeaker(
  store: CallStore,
  candidates: readonly string[] | null,
  holdMs = SPEAKER_HOLD_MS,
): string | null {
  const [speaker, setSpeaker] = useState<string | null>(null);
  // Kept across changes of the candidates: someone joining does not move the stage.
  const held = useRef<HeldSpeaker>({ id: null, at: Number.NEGATIVE_INFINITY });
  const key = candidates === null ? null : candidates.join('\n');
  useEffect(() => {
    if (key === null) {
      setSpeaker(null);
      return;
    }
    const ids = key === '' ? [] : key.split('\n');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(timer);
      const next = holdSpeaker(held.current, store.getState().speaking, ids, Date.now(), holdMs);
      held.current = next.held;
      setSpeaker(next.held.id);
      if (next.recheckIn !== null) timer = setTimeout(update, next.recheckIn);
    };
    update();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.speaking !== previous.speaking) update();
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, key, holdMs]);
  return key === null ? null : speaker;
}

/** The ids in the order they first appeared in `now` (kept while they stay): who started sharing when. */
export function useStartOrder(now: readonly string[]): string[] {
  const [order, setOrder] = useState<string[]>([]);
  const next = [...order.filter((id) => now.includes(id)), ...now.filter((id) => !order.includes(id))];
  const changed = next.length !== order.length || next.some((id, index) => order[index] !== id);
  // Derived state, set during render as React allows: the next render sees it at once.
  if (changed) setOrder(next);
  return changed ? next : order;
}
