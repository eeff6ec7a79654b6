/**
 * A value now, or a promise of it. The in-memory store and budgets answer at once, Redis
 * later: code written with `after` runs without a promise or a microtask when every step
 * answers at once, and the same code waits when one does not.
 */
export type Maybe<T> = T | Promise<T>;

/** Calls `next` with `value`: at once if it is there, else once the promise settles. */
export function after<T, R>(value: Maybe<T>, next: (value: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
