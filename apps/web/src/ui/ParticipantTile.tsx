import type { ReactNode } from 'react';
import type { LinkState } from '../call/peer-link';
import { CameraOffIcon, MicOffIcon } from './icons';
import { Video } from './Video';

interface Props {
  name: string;
  /** The local participant: labelled "(you)", mirrored and muted. */
  isSelf?: boolean;
  stream: MediaStream | null;
  audio: boolean;
  video: boolean;
  /** The media connection; absent for the local tile. */
  connection?: LinkState;
}

/** "Ada Lovelace" -> "AL", "cher" -> "C". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => Array.from(word ?? '')[0]?.toUpperCase() ?? '').join('');
}

/** A labelled indicator: an icon for the eye, its name for everything else. */
function Indicator({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className="indicator" role="img" aria-label={label} title={label}>
      {children}
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

export function ParticipantTile({ name, isSelf = false, stream, audio, video, connection }: Props) {
  const label = isSelf ? `${name} (you)` : name;
  return (
    <figure className="tile" aria-label={label}>
      <Video stream={stream} muted={isSelf} mirrored={isSelf} hidden={!video} />
      {!video && (
        <div className="tile-placeholder">
          <span className="avatar">{initials(name)}</span>
        </div>
      )}
      {connection === 'connecting' && <p className="tile-status">Connecting…</p>}
      {connection === 'lost' && <p className="tile-status tile-status-bad">Connection lost</p>}
      <figcaption className="tile-caption">
        {!audio && (
          <Indicator label="Microphone off">
            <MicOffIcon />
          </Indicator>
        )}
        {!video && (
          <Indicator label="Camera off">
            <CameraOffIcon />
          </Indicator>
        )}
        <span className="tile-name">
          <bdi>{name}</bdi>
          {isSelf && ' (you)'}
        </span>
      </figcaption>
    </figure>
  );
}
