import { useEffect, useRef } from 'react';

/**
 * A ref whose element takes the focus once it is on screen: each screen (home, lobby, call,
 * left) moves the focus to its heading, so a keyboard or screen-reader user starts there
 * instead of on a control that no longer exists. The element needs `tabIndex={-1}`.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}
