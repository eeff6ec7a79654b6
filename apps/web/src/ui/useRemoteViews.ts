import type { RemoteView } from '@moim/protocol';
import { type RefObject, useEffect, useRef } from 'react';

/** Marks a remote tile inside the stage, so its visibility can be watched. */
export const REMOTE_ID_ATTRIBUTE = 'data-remote-id';

/** How a tile shows a remote, given where the layout put it: nothing at all if it is off screen. */
export function viewOf(view: RemoteView, onScreen: boolean): RemoteView {
  return onScreen ? view : 'hidden';
}

/**
 * Tells the session how each remote tile is shown: `views` says what the layout made of it
 * (large on the stage, small in a grid or strip, hidden when minimised, see layout.ts
 * `viewsOf`), and a tile scrolled out of the viewport (IntersectionObserver) is hidden.
 * Works through refs: nothing here re-renders the call.
 */
export function useRemoteViews(
  stage: RefObject<HTMLElement | null>,
  views: Readonly<Record<string, RemoteView>>,
  setRemoteView: (remoteId: string, view: RemoteView) => void,
) {
  const latest = useRef(views);
  latest.current = views;
  const offScreen = useRef(new Set<string>());
  const report = useRef(() => {});
  report.current = () => {
    for (const [id, view] of Object.entries(latest.current)) {
      setRemoteView(id, viewOf(view, !offScreen.current.has(id)));
    }
  };

  const ids = Object.keys(views);
  const idsKey = ids.join('\n');
  const viewsKey = ids.map((id) => `${id}=${views[id]}`).join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: report when what it reads changes.
  useEffect(() => report.current(), [viewsKey]);

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
