import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a notice stays: long enough to read a sentence, short enough not to pile up. */
export const TOAST_MS = 4000;
/** At most this many at once; an older one makes room for a newer one. */
const MAX_TOASTS = 3;

export interface Toast {
  key: number;
  text: string;
}

let lastKey = 0;

/** Short-lived notices: `show(text)` adds one that goes away by itself after `ms`. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);
  const show = useCallback((text: string, ms = TOAST_MS) => {
    const key = ++lastKey;
    setToasts((list) => [...list.slice(1 - MAX_TOASTS), { key, text }]);
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setToasts((list) => list.filter((toast) => toast.key !== key));
    }, ms);
    timers.current.add(timer);
  }, []);
  return { toasts, show };
}

/**
 * The one `status` region of a screen: short-lived toasts, and a banner for a state that
 * lasts (`banner`, such as Reconnecting…) until it is over. Always present, so screen
 * readers announce what appears in it.
 */
export function Notices({ toasts, banner }: { toasts: Toast[]; banner?: string | null }) {
  return (
    <div role="status" className="notices">
      {banner && <p className="banner">{banner}</p>}
      {toasts.length > 0 && (
        <div className="toasts">
          {toasts.map((toast) => (
            <p key={toast.key} className="toast">
              {toast.text}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
