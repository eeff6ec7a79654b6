import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';

import type { CallStore } from '../call/store';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons';

/** The keys that toggle microphone and camera, as Google Meet has them. */
export const SHORTCUTS = { audio: 'Ctrl+D', video: 'Ctrl+E' } as const;

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'setAudio' | 'setVideo'>;
}

/**
 * The Microphone and Camera toggles. `aria-pressed="true"` means the source is on; a
 * source the browser could not open stays off and cannot be turned on.
 */
export function MediaToggles({ store, actions }: Props) {
  const audio = useStore(store, (state) => state.media.audio);
  const video = useStore(store, (state) => state.media.video);
  const canAudio = useStore(store, (state) => state.media.canAudio);
  const canVideo = useStore(store, (state) => state.media.canVideo);
  return (
    <>
      <button
        type="button"
        className="control media"
        aria-pressed={audio}
        disabled={!canAudio}
        title={`${audio ? 'Turn microphone off' : 'Turn microphone on'} (${SHORTCUTS.audio})`}
        aria-keyshortcuts="Control+D Meta+D"
        onClick={() => actions.setAudio(!audio)}
      >
        {audio ? <MicIcon /> : <MicOffIcon />}
        <span className="control-label">Microphone</span>
      </button>
      <button
        type="button"
        className="control media"
        aria-pressed={video}
        disabled={!canVideo}
        title={`${video ? 'Turn camera off' : 'Turn camera on'} (${SHORTCUTS.video})`}
        aria-keyshortcuts="Control+E Meta+E"
        onClick={() => actions.setVideo(!video)}
      >
        {video ? <CameraIcon /> : <CameraOffIcon />}
        <span className="control-label">Camera</span>
      </button>
    </>
  );
}
