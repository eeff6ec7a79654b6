import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { CallStore, ChatEntry } from '../call/store';
import { listOf, t } from './i18n';

/** At most one announcement this often: a busy chat must not talk over the call. */
export const ANNOUNCE_EVERY_MS = 5000;
const TEXT_MAX = 140;

function announcement(entries: ChatEntry[]): string {
  const [only] = entries;
  if (entries.length === 1 && only) {
    if (only.file) return t('chat.announceFile', { name: only.name, file: only.file.name });
    const text = only.text.length > TEXT_MAX ? `${only.text.slice(0, TEXT_MAX)}…` : only.text;
    return t('chat.announce', { name: only.name, text });
  }
  const names = [...new Set(entries.map((entry) => entry.name))];
  return t('chat.announceMany', { count: entries.length, names: listOf(names) });
}

/**
 * While the chat panel is closed, others' messages are read out by screen readers from a
 * polite live region: the first at once, then at most one summary per `ANNOUNCE_EVERY_MS`.
 */
export function ChatAnnouncer({ store, active }: { store: CallStore; active: boolean }) {
  const messages = useStore(store, (state) => state.messages);
  const [text, setText] = useState('');
  const seen = useRef(new Set(messages.map((message) => message.key)));
  const waiting = useRef<ChatEntry[]>([]);
  const lastAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const fresh = messages.filter((message) => !seen.current.has(message.key));
    for (const message of fresh) seen.current.add(message.key);
    if (!active) {
      waiting.current = [];
      clearTimeout(timer.current);
      timer.current = undefined;
      setText('');
      return;
    }
    waiting.current.push(...fresh.filter((message) => !message.mine));
    if (waiting.current.length === 0 || timer.current) return;
    const flush = () => {
      timer.current = undefined;
      if (waiting.current.length === 0) return;
      setText(announcement(waiting.current));
      waiting.current = [];
      lastAt.current = Date.now();
    };
    const wait = lastAt.current + ANNOUNCE_EVERY_MS - Date.now();
    if (wait <= 0) flush();
    else timer.current = setTimeout(flush, wait);
  }, [messages, active]);

  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <div className="visually-hidden" aria-live="polite">
      {text}
    </div>
  );
}
