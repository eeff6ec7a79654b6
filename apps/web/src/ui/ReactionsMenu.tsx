import type { Reaction } from '@moim/protocol';
import { type FocusEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useT } from './i18n';
import { SmileIcon } from './icons';
import { REACTIONS } from './reactions';

const menuItems = (menu: HTMLElement | null) => [
  ...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []),
];

/**
 * **Reactions**: a menu button (WAI-ARIA's pattern). Enter, Space or ↓ open it on the first
 * reaction, ↑ on the last; arrows, Home and End move, Escape closes it, and choosing one or
 * Escape gives the focus back to the button.
 */
export function ReactionsMenu({ onReact }: { onReact: (reaction: Reaction) => void }) {
  const t = useT();
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const anchor = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    const list = menuItems(menu.current);
    if (open) (open === 'last' ? list.at(-1) : list[0])?.focus();
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  function onButtonKey(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(event.key === 'ArrowUp' ? 'last' : 'first');
    }
  }

  function onMenuKey(event: KeyboardEvent) {
    const list = menuItems(menu.current);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowRight: at + 1,
      ArrowUp: at - 1,
      ArrowLeft: at - 1,
      Home: 0,
      End: list.length - 1,
    };
    if (event.key in move) {
      event.preventDefault();
      list[((move[event.key] ?? 0) + list.length) % list.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  }

  // A click or the focus anywhere else closes it.
  function onBlur(event: FocusEvent) {
    if (!anchor.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
  }

  return (
    <div className="menu-anchor" ref={anchor}>
      <button
        type="button"
        className="control"
        ref={button}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : setOpen('first'))}
        onKeyDown={onButtonKey}
        onBlur={onBlur}
      >
        <SmileIcon />
        <span className="control-label">{t('reactions.button')}</span>
      </button>
      {open && (
        <div
          role="menu"
          id={menuId}
          ref={menu}
          className="reactions-menu"
          aria-label={t('reactions.button')}
          onKeyDown={onMenuKey}
          onBlur={onBlur}
        >
          {REACTIONS.map(({ reaction, emoji, name }) => (
            <button
              key={reaction}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="reaction-item"
              aria-label={t(name)}
              title={t(name)}
              onClick={() => {
                onReact(reaction);
                close(true);
              }}
            >
              <span aria-hidden="true">{emoji}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
