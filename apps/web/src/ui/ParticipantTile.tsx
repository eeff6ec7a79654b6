import { type ReactNode, useId, useRef, useState } from 'react';
import type { LinkState } from '../call/peer-link-types';
import type { Quality } from '../call/quality';
import type { RemoteParticipant, ShownReaction } from '../call/store';
import { DetailsButton, DetailsPanel } from './ConnectionDetails';
import { t, useT } from './i18n';
import {
  CameraOffIcon,
  HandIcon,
  MicOffIcon,
  MinimiseIcon,
  PinIcon,
  ScreenIcon,
  ShieldCheckIcon,
  SignalIcon,
} from './icons';
import type { Place, Rect } from './layout';
import { reactionOf } from './reactions';
import { Video } from './Video';

interface Props {
  name: string;
  /** The local participant: labelled "(you)", mirrored and muted. */
  isSelf?: boolean;
  stream: MediaStream | null;
  audio: boolean;
  video: boolean;
  /**
   * Sharing a screen: shown whole, never cropped or mirrored. One's own tile then shows a
   * placeholder, not the screen: a whole screen shown inside itself would repeat forever.
   */
  screen?: boolean;
  /** The media connection; absent for the local tile. */
  connection?: LinkState;
  quality?: Quality | null;
  speaking?: boolean;
  /** The speaker to play this participant's sound on, where the browser lets us choose. */
  sinkId?: string;
  pinned?: boolean;
  onPin?: () => void;
  /** The local tile can be made small, to leave the stage to the others; a remote one stops its video. */
  minimised?: boolean;
  onMinimise?: () => void;
  /** A remote tile's participant id, so the call can tell whether it is on screen. */
  remoteId?: string;
  /** The sender paused its video to us (audio goes on). */
  videoPaused?: RemoteParticipant['videoPaused'];
  /** A remote tile's connection's safety code while it is up, and the one marked verified here. */
  safetyCode?: string | null;
  verifiedCode?: string | null;
  onVerifiedChange?: (verified: boolean) => void;
  /** Where the stage's layout put the tile, and its box there (see layout.ts). */
  place?: Place;
  frame?: Rect;
  /** The room's host. */
  host?: boolean;
  handRaised?: boolean;
  /** The reaction this participant sent, for the few seconds it shows. */
  reaction?: ShownReaction | null;
}

/** A reaction over the tile, its emoji for the eye, its name for everything else. */
function TileReaction({ reaction }: { reaction: ShownReaction }) {
  const t = useT();
  const { emoji, name } = reactionOf(reaction.reaction);
  return (
    <span className="tile-reaction" role="img" aria-label={t(name)}>
      {emoji}
    </span>
  );
}

/** "Ada Lovelace" -> "AL", "cher" -> "C". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => Array.from(word ?? '')[0]?.toUpperCase() ?? '').join('');
}

/** A labelled indicator: an icon for the eye, its name for everything else. */
export function Indicator({
  label,
  good = false,
  hand = false,
  children,
}: {
  label: string;
  good?: boolean;
  /** A raised hand: it stands out. */
  hand?: boolean;
  children: ReactNode;
}) {
  return (
    <span
      className={`indicator${good ? ' indicator-good' : ''}${hand ? ' indicator-hand' : ''}`}
      role="img"
      aria-label={label}
      title={label}
    >
      {children}
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

/** "Round trip 42 ms, 0.5 % lost, 30 fps", with what is known. */
export function qualityFigures({ rttMs, lossPercent, fps }: Quality): string {
  return [
    rttMs !== null && t('tile.roundTrip', { ms: rttMs }),
    lossPercent !== null && t('tile.lost', { percent: lossPercent }),
    fps !== null && t('tile.fps', { fps }),
  ]
    .filter(Boolean)
    .join(', ');
}

/** Good, fair or poor, with the figures on hover and on keyboard focus. */
function QualityIndicator({ quality }: { quality: Quality }) {
  useT();
  const figures = qualityFigures(quality);
  const connection = t('tile.connection', { level: quality.level });
  const label = figures ? t('tile.connectionFigures', { connection, figures }) : connection;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can read the figures.
    <span className={`quality quality-${quality.level}`} role="img" aria-label={label} tabIndex={0}>
      <SignalIcon level={quality.level} />
      <span className="quality-tip" aria-hidden="true">
        {label}
      </span>
    </span>
  );
}

/**
 * The video, or the avatar in its place: while the picture is not wanted (camera off, link
 * down, paused, minimised) and until a real frame arrives, never a black frame. The element
 * stays either way, so the person is still heard.
 */
function TileVideo({
  wanted,
  name,
  presenting,
  ...video
}: {
  wanted: boolean;
  name: string;
  /** One's own screen is being shared: say so in place of the picture. */
  presenting: boolean;
  stream: MediaStream | null;
  muted: boolean;
  mirrored: boolean;
  sinkId?: string;
}) {
  const [picture, setPicture] = useState(false);
  const showing = wanted && picture;
  return (
    <>
      <Video {...video} hidden={!showing} onPicture={setPicture} />
      {!showing && (
        <div className={`tile-placeholder${presenting ? ' tile-presenting' : ''}`}>
          {presenting ? (
            <>
              <ScreenIcon />
              <span>{t('tile.presentingSelf')}</span>
            </>
          ) : (
            <span className="avatar">{initials(name)}</span>
          )}
        </div>
      )}
    </>
  );
}

export function ParticipantTile({
  name,
  isSelf = false,
  stream,
  audio,
  video,
  screen = false,
  connection,
  quality,
  speaking = false,
  sinkId,
  pinned = false,
  onPin,
  minimised = false,
  onMinimise,
  remoteId,
  videoPaused,
  safetyCode = null,
  verifiedCode = null,
  onVerifiedChange,
  place,
  frame,
  host = false,
  handRaised = false,
  reaction = null,
}: Props) {
  const t = useT();
  const label = isSelf ? t('tile.you', { name }) : name;
  // A minimised remote tile shows its avatar: its sender stops sending it video.
  const collapsed = minimised && !isSelf;
  const linked = connection === undefined || connection === 'connected';
  const presenting = isSelf && screen;
  const wanted = (video || screen) && !collapsed && !videoPaused && linked && !presenting;
  const sizeClass = minimised ? (isSelf ? ' minimised' : ' collapsed') : '';
  const code = connection === 'connected' ? safetyCode : null;
  const verified = code !== null && code === verifiedCode;
  const changed = code !== null && verifiedCode !== null && !verified;
  const [detailsOpen, setDetailsOpen] = useState(false);
  const detailsId = useId();
  const detailsButton = useRef<HTMLButtonElement>(null);
  const details = code !== null && onVerifiedChange !== undefined;
  // The details go with the connection: a remade one starts with them closed.
  if (!details && detailsOpen) setDetailsOpen(false);
  const closeDetails = () => {
    setDetailsOpen(false);
    detailsButton.current?.focus();
  };
  return (
    <figure
      className={`tile${speaking ? ' speaking' : ''}${screen ? ' screen' : ''}${pinned ? ' pinned' : ''}${sizeClass}`}
      aria-label={label}
      data-speaking={speaking || undefined}
      data-remote-id={remoteId}
      data-place={place}
      style={
        frame && {
          transform: `translate(${frame.x}px, ${frame.y}px)`,
          width: frame.width,
          height: frame.height,
        }
      }
    >
      <TileVideo
        presenting={presenting}
        stream={stream}
        muted={isSelf}
        mirrored={isSelf && !screen}
        wanted={wanted}
        sinkId={sinkId}
        name={name}
      />
      {connection === 'connecting' && <p className="tile-status">{t('tile.connecting')}</p>}
      {connection === 'lost' && <p className="tile-status tile-status-bad">{t('tile.connectionLost')}</p>}
      {connection === 'connected' && videoPaused === 'poor-connection' && (video || screen) && (
        <p className="tile-status">{t('tile.videoPaused')}</p>
      )}
      {changed && (
        <p className="tile-status tile-status-bad tile-status-below">{t('safety.changed', { name })}</p>
      )}
      <div className="tile-tools">
        {quality && connection === 'connected' && <QualityIndicator quality={quality} />}
        {onPin && (
          <button
            type="button"
            className="tile-button"
            aria-label={t('tile.pin', { name: label })}
            aria-pressed={pinned}
            title={t('tile.pinTitle', { pinned })}
            onClick={onPin}
          >
            <PinIcon />
          </button>
        )}
        {onMinimise && (
          <button
            type="button"
            className="tile-button"
            aria-label={isSelf ? t('tile.minimiseSelf') : t('tile.minimise', { name })}
            aria-pressed={minimised}
            title={
              isSelf
                ? t('tile.minimiseSelfTitle', { minimised })
                : t('tile.minimiseTitle', { minimised, name })
            }
            onClick={onMinimise}
          >
            <MinimiseIcon />
          </button>
        )}
        {/* Last of the tools: the panel it opens comes next in the keyboard order. */}
        {details && (
          <DetailsButton
            open={detailsOpen}
            panelId={detailsId}
            onToggle={() => setDetailsOpen((open) => !open)}
            onClose={closeDetails}
            buttonRef={detailsButton}
          />
        )}
      </div>
      {details && (
        <DetailsPanel
          id={detailsId}
          open={detailsOpen}
          name={name}
          code={code}
          verified={verified}
          onVerifiedChange={onVerifiedChange}
          onClose={closeDetails}
        />
      )}
      {reaction && <TileReaction key={reaction.key} reaction={reaction} />}
      <figcaption className="tile-caption">
        {handRaised && (
          <Indicator label={t('hand.raised')} hand>
            <HandIcon />
          </Indicator>
        )}
        {!audio && (
          <Indicator label={t('tile.microphoneOff')}>
            <MicOffIcon />
          </Indicator>
        )}
        {!video && (
          <Indicator label={t('tile.cameraOff')}>
            <CameraOffIcon />
          </Indicator>
        )}
        {verified && (
          <Indicator label={t('safety.verified')} good>
            <ShieldCheckIcon />
          </Indicator>
        )}
        <span className="tile-name">
          <bdi>{name}</bdi>
          {isSelf && t('tile.youSuffix')}
          {screen && t('tile.sharingSuffix')}
        </span>
        {host && <span className="host-label">{t('host.label')}</span>}
      </figcaption>
    </figure>
  );
}
