import { memo, useCallback } from 'react';
import { useStore } from 'zustand';
import type { CallStore } from '../call/store';
import type { Place, Rect } from './layout';
import { ParticipantTile } from './ParticipantTile';

interface TileProps {
  store: CallStore;
  pinned: boolean;
  /** Stable across renders (a tile re-renders only when what it shows changes). */
  onPin: (id: string) => void;
  /** Where the layout put the tile, and its box in the stage (none before the stage has a size). */
  place?: Place;
  frame?: Rect;
}

/** What the room says of one participant: host, hand raised, a reaction showing (narrow selections). */
function useRoomMarks(store: CallStore, id: string | undefined) {
  const host = useStore(store, (state) => id !== undefined && state.hostId === id);
  const handRaised = useStore(store, (state) => id !== undefined && state.hands.includes(id));
  const reaction = useStore(store, (state) => (id === undefined ? null : (state.reactions[id] ?? null)));
  return { host, handRaised, reaction };
}

/** The local participant's tile, reading only what it shows from the store. */
export const SelfTile = memo(function SelfTile({
  store,
  pinned,
  onPin,
  minimised,
  onMinimise,
  place,
  frame,
}: TileProps & { minimised: boolean; onMinimise: () => void }) {
  const self = useStore(store, (state) => state.self);
  const stream = useStore(store, (state) => state.media.stream);
  const audio = useStore(store, (state) => state.media.audio);
  const video = useStore(store, (state) => state.media.video);
  const sharing = useStore(store, (state) => state.media.sharing);
  const speaking = useStore(store, (state) => state.self !== null && state.speaking.includes(state.self.id));
  const id = self?.id;
  const { host, handRaised, reaction } = useRoomMarks(store, id);
  const pin = useCallback(() => {
    if (id) onPin(id);
  }, [id, onPin]);
  if (!self) return null;
  return (
    <ParticipantTile
      name={self.name}
      isSelf
      stream={stream}
      audio={audio}
      video={video}
      screen={sharing}
      speaking={speaking}
      pinned={pinned}
      onPin={pin}
      minimised={minimised}
      onMinimise={onMinimise}
      place={place}
      frame={frame}
      host={host}
      handRaised={handRaised}
      reaction={reaction}
    />
  );
});

/** One remote participant's tile: re-renders when that participant changes, not when another does. */
export const RemoteTile = memo(function RemoteTile({
  store,
  id,
  pinned,
  onPin,
  minimised,
  onMinimiseRemote,
  onVerifiedChange,
  place,
  frame,
}: TileProps & {
  id: string;
  minimised: boolean;
  onMinimiseRemote: (id: string) => void;
  /** Stable across renders, like `onPin`. */
  onVerifiedChange: (id: string, verified: boolean) => void;
}) {
  const remote = useStore(store, (state) => state.remotes.find((candidate) => candidate.id === id));
  const speaking = useStore(store, (state) => state.speaking.includes(id));
  const sinkId = useStore(store, (state) => state.media.selected.audiooutput);
  const pin = useCallback(() => onPin(id), [id, onPin]);
  const minimise = useCallback(() => onMinimiseRemote(id), [id, onMinimiseRemote]);
  const verify = useCallback((verified: boolean) => onVerifiedChange(id, verified), [id, onVerifiedChange]);
  const { host, handRaised, reaction } = useRoomMarks(store, id);
  if (!remote) return null;
  return (
    <ParticipantTile
      name={remote.name}
      stream={remote.stream}
      audio={remote.audio}
      video={remote.video}
      screen={remote.screen}
      connection={remote.connection}
      quality={remote.quality}
      speaking={speaking}
      sinkId={sinkId}
      pinned={pinned}
      onPin={pin}
      remoteId={remote.id}
      videoPaused={remote.videoPaused}
      minimised={minimised}
      onMinimise={minimise}
      safetyCode={remote.safetyCode ?? null}
      verifiedCode={remote.verifiedCode ?? null}
      onVerifiedChange={verify}
      place={place}
      frame={frame}
      host={host}
      handRaised={handRaised}
      reaction={reaction}
    />
  );
});
