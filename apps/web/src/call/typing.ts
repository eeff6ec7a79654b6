import { TYPING_REPEAT_MS, TYPING_SHOWN_MS, type TypingRelay } from '@moim/protocol';
import type { CallStore } from './store';

export interface TypingOptions {
  /** Tells the room we are typing, or stopped (`chat:typing`). */
  send(typing: boolean): void;
  now?: () => number;
}

/**
 * Who is typing in the chat. Our side: the draft's changes become at most one "typing"
 * per TYPING_REPEAT_MS, and one "stopped" when the box is cleared without sending. Theirs:
 * each person shows as typing until they send, say they stopped, or TYPING_SHOWN_MS pass
 * without a word of it; the UI shows only those still in the call.
 */
export class Typing {
  readonly #store: CallStore;
  readonly #options: TypingOptions;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** When we last said we type; 0 when the room thinks we do not. */
  #saidAt = 0;

  constructor(store: CallStore, options: TypingOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Our draft is now `text`. */
  draft(text: string) {
    const now = this.#options.now?.() ?? Date.now();
    if (text.trim() === '') {
      if (this.#saidAt !== 0) this.#options.send(false);
      this.#saidAt = 0;
    } else if (now - this.#saidAt >= TYPING_REPEAT_MS) {
      this.#saidAt = now;
      this.#options.send(true);
    }
  }

  /** We sent the draft: the message itself tells the others we stopped. */
  sent() {
    this.#saidAt = 0;
  }

  /** Someone's typing, relayed by the server. */
  received({ from, typing }: TypingRelay) {
    if (!typing) return this.stopped(from);
    clearTimeout(this.#timers.get(from));
    this.#timers.set(
      from,
      setTimeout(() => this.stopped(from), TYPING_SHOWN_MS),
    );
    const ids = this.#store.getState().typing;
    if (!ids.includes(from)) this.#store.setState({ typing: [...ids, from] });
  }

  /** `id` sent a message, stopped, or left. */
  stopped(id: string) {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    const ids = this.#store.getState().typing;
    if (ids.includes(id)) this.#store.setState({ typing: ids.filter((other) => other !== id) });
  }

  clear() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#saidAt = 0;
    this.#store.setState({ typing: [] });
  }
}
