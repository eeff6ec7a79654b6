import { useEffect, useRef } from 'react';

interface VideoProps {
  stream: MediaStream | null;
  /** The local preview is muted so nobody hears themselves. */
  muted?: boolean;
  mirrored?: boolean;
  label?: string;
  hidden?: boolean;
}

/** A `<video>` playing a MediaStream; the stream is attached as a property, not an attribute. */
export function Video({ stream, muted = false, mirrored = false, label, hidden = false }: VideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.muted = muted;
    if (video.srcObject !== stream) video.srcObject = stream;
    // Autoplay can be refused before any user gesture; the element retries on its own
    // once it may (the Join click counts as one).
    if (stream) video.play().catch(() => {});
  }, [stream, muted]);
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
