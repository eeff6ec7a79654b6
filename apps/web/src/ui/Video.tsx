import { useContext, useEffect, useMemo, useRef } from 'react';
import { SoundGateContext } from './sound-gate';

interface VideoProps {
  stream: MediaStream | null;
  /** The local preview is muted so nobody hears themselves. */
  muted?: boolean;
  mirrored?: boolean;
  label?: string;
  hidden?: boolean;
  /** The audio output to play on (setSinkId), where the browser supports choosing. */
  sinkId?: string;
  /** Whether a frame is there to show: until then (and after the stream empties) the tile shows its avatar. */
  onPicture?: (picture: boolean) => void;
}

/** A `<video>` playing a MediaStream; the stream is attached as a property, not an attribute. */
export function Video({
  stream,
  muted = false,
  mirrored = false,
  label,
  hidden = false,
  sinkId,
  onPicture,
}: VideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const gate = useContext(SoundGateContext);
  // A muted element gets the picture alone: Chromium renders a muted audio track anyway, an
  // audio output stream per self view playing silence (measured in bench/README.md).
  const videoTrack = stream?.getVideoTracks()[0] ?? null;
  const shown = useMemo(
    () =>
      muted && stream && typeof MediaStream === 'function' && stream.getAudioTracks().length > 0
        ? new MediaStream(videoTrack ? [videoTrack] : [])
        : stream,
    [stream, muted, videoTrack],
  );
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.muted = muted;
    if (video.srcObject !== shown) video.srcObject = shown;
    if (!shown) return;
    if (gate) gate.play(video, muted);
    else video.play().catch(() => {});
    return () => gate?.forget(video);
  }, [shown, muted, gate]);
  useEffect(() => {
    const video = ref.current;
    if (!video || !onPicture) return;
    // A connection that never came up still "plays": a 2×2 black frame. Only a real size counts.
    const check = () =>
      onPicture(video.videoWidth > 2 && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA);
    const events = ['loadeddata', 'resize', 'emptied'] as const;
    for (const event of events) video.addEventListener(event, check);
    check();
    return () => {
      for (const event of events) video.removeEventListener(event, check);
    };
  }, [onPicture]);
  useEffect(() => {
    const video = ref.current as
      | (HTMLVideoElement & { sinkId?: string; setSinkId?(id: string): Promise<void> })
      | null;
    // Only a change: a new element already plays on the default output (''). (Dropped together
    // with the self view's audio, this made the extra audio output cost go; see bench/README.md.)
    if (video?.setSinkId && sinkId !== undefined && (video.sinkId ?? '') !== sinkId)
      video.setSinkId(sinkId).catch(() => {});
  }, [sinkId]);
  return (
    <video
      ref={ref}
      className={`video${mirrored ? ' video-mirrored' : ''}${hidden ? ' video-hidden' : ''}`}
      autoPlay
      playsInline
      muted={muted}
      aria-label={label}
    />
  );
}
