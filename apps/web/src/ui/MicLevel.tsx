import { useEffect, useRef } from 'react';
import { analyserLevel, type LevelSource, watchLevel } from '../call/speaking';
import { useT } from './i18n';
import { MicIcon } from './icons';

interface Props {
  stream: MediaStream | null;
  /** How the level is read; the lobby's Web Audio analyser by default. */
  createLevel?: (stream: MediaStream) => LevelSource | null;
}

/**
 * How loud the microphone is, in the lobby: a `<meter>` that moves as one speaks, so a
 * person sees their microphone works before joining. It writes the element directly, ten times a
 * second, without re-rendering anything.
 */
export function MicLevel({ stream, createLevel = analyserLevel }: Props) {
  const t = useT();
  const meter = useRef<HTMLMeterElement>(null);
  const audioTrack = stream?.getAudioTracks()[0] ?? null;
  useEffect(() => {
    const element = meter.current;
    if (!element || !audioTrack || typeof MediaStream !== 'function') return;
    // The microphone alone: the preview's stream is remade when the camera changes.
    const source = createLevel(new MediaStream([audioTrack]));
    if (!source) return;
    let shown = -1;
    return watchLevel(source, (level) => {
      const percent = Math.round(level * 100);
      if (percent === shown) return;
      shown = percent;
      element.value = percent;
    });
  }, [audioTrack, createLevel]);
  return (
    <div className="mic-level">
      <MicIcon />
      <meter
        ref={meter}
        className="mic-level-meter"
        aria-label={t('lobby.micLevel')}
        min={0}
        max={100}
        value={0}
      />
    </div>
  );
}
