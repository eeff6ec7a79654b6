import { type CSSProperties, memo, useCallback, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { useT } from './i18n';
import { arrangeStage, type LayoutMode, placeTiles, viewsOf } from './layout';
import { RemoteTile, SelfTile } from './StageTiles';
import { useElementSize } from './useElementSize';
import { useHeldSpeaker, useStartOrder } from './useHeldSpeaker';
import { useRemoteViews } from './useRemoteViews';
import './stage.css';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'setRemoteView' | 'setVerified'>;
  /** Grid or speaker view, as the viewer chose (a pin or a shared screen comes first). */
  mode: LayoutMode;
}

const GAP = 12;
/** Phones keep more of their few pixels for the videos. */
const NARROW_GAP = 8;
const NARROW = 520;

/** Nobody sharing: the same (empty) list each time, so the selector does not re-render. */
const sharingIds = (state: ReturnType<CallStore['getState']>) => {
  const ids = state.remotes.filter((remote) => remote.screen).map((remote) => remote.id);
  if (state.media.sharing && state.self) ids.unshift(state.self.id);
  return ids;
};

/**
 * Region Participants: every tile, laid out by layout.ts (arrangeStage, placeTiles) in
 * the stage's measured size. Tiles stay in one order in the document, whatever their
 * place, so no `<video>` is ever re-created when the stage changes: each is moved where
 * its place is. Tells the session how each remote is shown (useRemoteViews).
 */
export const Stage = memo(function Stage({ store, actions, mode }: Props) {
  const t = useT();
  const selfId = useStore(store, (state) => state.self?.id ?? null);
  const remoteIds = useStore(
    store,
    useShallow((state) => state.remotes.map((remote) => remote.id)),
  );
  const screens = useStartOrder(useStore(store, useShallow(sharingIds)));
  const [pinnedId, setPinnedId] = useState<string | null>(null);
  const [selfFloat, setSelfFloat] = useState<boolean | null>(null);
  // Remote tiles the viewer minimised: their senders stop sending us their video.
  const [minimisedIds, setMinimisedIds] = useState<ReadonlySet<string>>(() => new Set());
  const pinned = pinnedId !== null && (remoteIds.includes(pinnedId) || pinnedId === selfId) ? pinnedId : null;
  const collapsedKey = remoteIds.filter((id) => minimisedIds.has(id) && id !== pinned).join('\n');
  const collapsed = useMemo<ReadonlySet<string>>(
    () => new Set(collapsedKey ? collapsedKey.split('\n') : []),
    [collapsedKey],
  );
  const candidates = useMemo(
    () => (mode === 'speaker' ? remoteIds.filter((id) => !collapsed.has(id)) : null),
    [mode, remoteIds, collapsed],
  );
  const speaker = useHeldSpeaker(store, candidates);
  const arrangement = useMemo(
    () => arrangeStage({ selfId, remoteIds, mode, pinned, screens, speaker, selfFloat, collapsed }),
    [selfId, remoteIds, mode, pinned, screens, speaker, selfFloat, collapsed],
  );
  const stageRef = useRef<HTMLElement>(null);
  const { width, height } = useElementSize(stageRef);
  const gap = Math.min(width, height) < NARROW ? NARROW_GAP : GAP;
  const rects = useMemo(() => placeTiles(arrangement, width, height, gap), [arrangement, width, height, gap]);
  const laid = Object.keys(rects).length > 0;
  const views = useMemo(
    () => viewsOf(arrangement, remoteIds, collapsed),
    [arrangement, remoteIds, collapsed],
  );
  useRemoteViews(stageRef, views, actions.setRemoteView);

  const floating = useRef(false);
  floating.current = arrangement.float !== null;
  const togglePin = useCallback((id: string) => setPinnedId((current) => (current === id ? null : id)), []);
  const toggleSelfFloat = useCallback(() => setSelfFloat(!floating.current), []);
  const toggleMinimised = useCallback(
    (id: string) =>
      setMinimisedIds((ids) => {
        const next = new Set(ids);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );
  const kind = arrangement.main !== null ? 'spotlight' : 'grid';
  return (
    <section
      className={`stage${laid ? ' stage-laid' : ''}`}
      aria-label={t('call.participants')}
      ref={stageRef}
      data-layout={kind}
      style={{ '--gap': `${gap}px` } as CSSProperties}
    >
      {selfId && (
        <SelfTile
          store={store}
          pinned={pinned === selfId}
          onPin={togglePin}
          minimised={arrangement.float === selfId}
          onMinimise={toggleSelfFloat}
          place={arrangement.places[selfId]}
          frame={rects[selfId]}
        />
      )}
      {remoteIds.map((id) => (
        <RemoteTile
          key={id}
          store={store}
          id={id}
          pinned={pinned === id}
          onPin={togglePin}
          minimised={collapsed.has(id)}
          onMinimiseRemote={toggleMinimised}
          onVerifiedChange={actions.setVerified}
          place={arrangement.places[id]}
          frame={rects[id]}
        />
      ))}
    </section>
  );
});
