import { useContext, useEffect, useRef } from 'react';
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
}

/** A `<video>` playing a MediaStream; the stream is attached as a property, not an attribute. */
export function Video({
  stream,
  muted = false,
  mirrored = false,
  label,
  hidden = false,
  sinkId,
}: VideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const gate = useContext(SoundGateContext);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.muted = muted;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) return;
    if (gate) gate.play(video, muted);
    else video.play().catch(() => {});
    return () => gate?.forget(video);
  }, [stream, muted, gate]);
  useEffect(() => {
    const video = ref.current as (HTMLVideoElement & { setSinkId?(id: string): Promise<void> }) | null;
    if (video && sinkId !== undefined && video.setSinkId) video.setSinkId(sinkId).catch(() => {});
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
