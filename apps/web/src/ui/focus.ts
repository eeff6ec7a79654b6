import { type KeyboardEvent, useEffect, useRef } from 'react';

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

const FOCUSABLE = 'button:not(:disabled), input:not(:disabled), select:not(:disabled), [tabindex="0"]';

/**
 * A modal dialog's Tab and Shift+Tab wrap around inside it rather than leaving for the
 * browser's own controls (the page behind it is inert). `title` is where it put the focus.
 */
export function keepTabInside(event: KeyboardEvent, dialog: HTMLElement | null, title: HTMLElement | null) {
  if (event.key !== 'Tab') return;
  const focusable = [...(dialog?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === title)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}
