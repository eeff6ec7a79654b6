import type { RemoteView } from '@moim/protocol';
import { type RefObject, useEffect, useRef } from 'react';

/** Marks a remote tile inside the stage, so its visibility can be watched. */
export const REMOTE_ID_ATTRIBUTE = 'data-remote-id';

interface Inputs {
  ids: string[];
  pinned: string | null;
  minimised: ReadonlySet<string>;
}

/** How a tile shows a remote: what its sender needs to send us. */
export function viewOf(id: string, { ids, pinned, minimised }: Inputs, onScreen: boolean): RemoteView {
  if (!onScreen || (minimised.has(id) && pinned !== id)) return 'hidden';
  return pinned === id || ids.length === 1 ? 'large' : 'small';
}

/**
 * Tells the session how each remote tile is shown: pinned or the only other person is
 * large, a tile in the grid small, a minimised tile or one scrolled out of the viewport
 * (IntersectionObserver) hidden. Works through refs: nothing here re-renders the call.
 */
export function useRemoteViews(
  stage: RefObject<HTMLElement | null>,
  inputs: Inputs,
  setRemoteView: (remoteId: string, view: RemoteView) => void,
) {
  const latest = useRef(inputs);
  latest.current = inputs;
  const offScreen = useRef(new Set<string>());
  const report = useRef(() => {});
  report.current = () => {
    for (const id of latest.current.ids) {
      setRemoteView(id, viewOf(id, latest.current, !offScreen.current.has(id)));
    }
  };

  const { ids, pinned, minimised } = inputs;
  const idsKey = ids.join(' ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: report when what it reads changes.
  useEffect(() => report.current(), [idsKey, pinned, minimised]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the tiles to watch change with the ids.
  useEffect(() => {
    const root = stage.current;
    if (!root || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const id = entry.target.getAttribute(REMOTE_ID_ATTRIBUTE);
        if (!id) continue;
        const had = offScreen.current.has(id);
        if (entry.isIntersecting === had) {
          changed = true;
          if (entry.isIntersecting) offScreen.current.delete(id);
          else offScreen.current.add(id);
        }
      }
      if (changed) report.current();
    });
    for (const tile of root.querySelectorAll(`[${REMOTE_ID_ATTRIBUTE}]`)) observer.observe(tile);
    return () => observer.disconnect();
  }, [stage, idsKey]);
}
