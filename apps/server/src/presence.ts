/**
 * Timers for participants whose connection dropped: each is announced as gone only if it
 * has not come back when its timer fires. One per participant; resuming cancels it.
 */
export class GraceTimers {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  start(roomId: string, participantId: string, ms: number, onExpiry: () => void) {
    const key = `${roomId}/${participantId}`;
    this.cancel(roomId, participantId);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      onExpiry();
    }, ms);
    timer.unref();
    this.#timers.set(key, timer);
  }

  cancel(roomId: string, participantId: string) {
    const key = `${roomId}/${participantId}`;
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
  }

  /** The seats held now, waiting for their participant to come back. */
  held(): { roomId: string; participantId: string }[] {
    return [...this.#timers.keys()].map((key) => {
      // Room ids never hold a slash (ROOM_ID_PATTERN).
      const slash = key.indexOf('/');
      return { roomId: key.slice(0, slash), participantId: key.slice(slash + 1) };
    });
  }

  clear() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
