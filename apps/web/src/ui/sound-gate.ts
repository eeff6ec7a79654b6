import { createContext } from 'react';

/**
 * Browsers may refuse to play sound before the person has interacted with the page (the
 * autoplay rules). A refused video plays muted, so the picture still shows, and the gate
 * asks for one click, which gives every such video its sound back.
 */
export class SoundGate {
  readonly #waiting = new Set<HTMLVideoElement>();
  readonly #listeners = new Set<() => void>();
  #blocked = false;

  get blocked() {
    return this.#blocked;
  }

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Plays `video`; if its sound is refused, plays it muted and waits for `unblock()`. */
  play(video: HTMLVideoElement, muted: boolean) {
    video.muted = muted;
    video.play().catch((error: unknown) => {
      if (muted || (error as Error | undefined)?.name !== 'NotAllowedError') return;
      video.muted = true;
      video.play().catch(() => {});
      this.#waiting.add(video);
      this.#setBlocked(true);
    });
  }

  forget(video: HTMLVideoElement) {
    this.#waiting.delete(video);
  }

  /** Call from a click handler: the click is the gesture that allows sound. */
  unblock() {
    for (const video of this.#waiting) {
      video.muted = false;
      video.play().catch(() => {});
    }
    this.#waiting.clear();
    this.#setBlocked(false);
  }

  #setBlocked(blocked: boolean) {
    if (this.#blocked === blocked) return;
    this.#blocked = blocked;
    for (const listener of this.#listeners) listener();
  }
}

export const SoundGateContext = createContext<SoundGate | null>(null);
