import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { useT } from './i18n';
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
  const t = useT();
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
        title={t('media.microphoneTitle', { on: audio, shortcut: SHORTCUTS.audio })}
        aria-keyshortcuts="Control+D Meta+D"
        onClick={() => actions.setAudio(!audio)}
      >
        {audio ? <MicIcon /> : <MicOffIcon />}
        <span className="control-label">{t('media.microphone')}</span>
      </button>
      <button
        type="button"
        className="control media"
        aria-pressed={video}
        disabled={!canVideo}
        title={t('media.cameraTitle', { on: video, shortcut: SHORTCUTS.video })}
        aria-keyshortcuts="Control+E Meta+E"
        onClick={() => actions.setVideo(!video)}
      >
        {video ? <CameraIcon /> : <CameraOffIcon />}
        <span className="control-label">{t('media.camera')}</span>
      </button>
    </>
  );
}
