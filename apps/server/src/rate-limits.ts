import { REACTION_WINDOW_MS, REACTIONS_PER_WINDOW, SIGNAL_BYTES_PER_PEER } from '@moim/protocol';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Maybe } from './maybe.js';
import type { LimitedKind } from './metrics.js';

interface Budget {
  points: number;
  seconds: number;
}

/**
 * Allowed events per window. Room events (signal, chat, update) count per participant, so
 * a reconnect resuming the seat keeps its budget; joins, look-ups and connections count per
 * client address. Signal bytes bound what one participant sends, and what one receives,
 * whatever the number of signals.
 */
function rateLimitBudgets(roomCapacity: number): Record<LimitedKind, Budget> {
  const peers = Math.max(1, roomCapacity - 1);
  return {
    // ICE candidates come in bursts, and a newcomer to a full room signals seven peers at once.
    signal: { points: 400, seconds: 10 },
    signal_bytes_sent: { points: SIGNAL_BYTES_PER_PEER * peers, seconds: 10 },
    signal_bytes_received: { points: SIGNAL_BYTES_PER_PEER * peers, seconds: 10 },
    chat: { points: 20, seconds: 10 },
    // A typist tells the room once per TYPING_REPEAT_MS (3 s), plus a "stopped" now and then.
    typing: { points: 10, seconds: 10 },
    // Pages of older chat: a person scrolling back reads a page in seconds, not ten a second.
    history: { points: 10, seconds: 10 },
    // Per address, as many as connections: people behind one NAT (an office) join a
    // meeting at the same minute, and every reconnect joins again.
    join: { points: 60, seconds: 60 },
    update: { points: 40, seconds: 10 },
    peek: { points: 30, seconds: 10 },
    // A client renews its TURN credentials once in hours; a few retries fit.
    ice: { points: 6, seconds: 600 },
    // A host admitting a queue of knockers, muting a few: clicks, not a stream.
    host: { points: 30, seconds: 10 },
    // Raising and lowering one's hand.
    hand: { points: 10, seconds: 10 },
    // A burst of reactions is clipped here, not relayed a hundred times.
    reaction: { points: REACTIONS_PER_WINDOW, seconds: REACTION_WINDOW_MS / 1000 },
    connection: { points: 60, seconds: 60 },
  };
}

/**
 * What one connection may send per 10 s, counted on the raw frames before anything is
 * validated: twice every event budget together, so a client that keeps within its budgets
 * (or retries a few refusals) is never dropped, while a flood is.
 */
function trafficBudget(roomCapacity: number) {
  const b = rateLimitBudgets(roomCapacity);
  return {
    events:
      2 *
      (b.signal.points +
        b.chat.points +
        b.typing.points +
        b.history.points +
        b.ice.points +
        b.update.points +
        b.peek.points +
        b.join.points +
        b.host.points +
        b.hand.points +
        b.reaction.points),
    bytes: 2 * b.signal_bytes_sent.points + 1024 * 1024,
    /** Invalid payloads and unknown events: a client that keeps sending them is dropped. */
    junk: 20,
    seconds: 10,
  };
}

/**
 * A counter for one connection's own traffic, kept in its closure: synchronous and local,
 * so a flood is cut off on arrival, even when the shared budgets live in Redis.
 */
class WindowBudget {
  #used = 0;
  #resetAt = 0;
  constructor(
    readonly points: number,
    readonly ms: number,
  ) {}

  /** Takes `n` points at `now`; false once the window's points are spent (`points` 0: unlimited). */
  take(n = 1, now = Date.now()): boolean {
    if (this.points === 0) return true;
    if (now >= this.#resetAt) {
      this.#used = 0;
      this.#resetAt = now + this.ms;
    }
    this.#used += n;
    return this.#used <= this.points;
  }
}

/**
 * One shared budget, in this process: a fixed window per key, counted as rate-limiter-flexible's
 * RateLimiterMemory counts (the window starts at a key's first point; refused points count too),
 * but synchronously, so the in-memory server spends a budget without a promise per event.
 * Expired windows are swept once per window, when the budget is next spent.
 */
class MemoryBudget {
  readonly #windows = new Map<string, { used: number; resetAt: number }>();
  #sweepAt = 0;
  constructor(
    readonly points: number,
    readonly ms: number,
  ) {}

  /** Adds `n` points to `key`'s window; true while the window is within its points. */
  spend(key: string, n: number): boolean {
    const now = Date.now();
    if (now >= this.#sweepAt) this.#sweep(now);
    let window = this.#windows.get(key);
    if (window === undefined || now >= window.resetAt) {
      window = { used: 0, resetAt: now + this.ms };
      this.#windows.set(key, window);
    }
    window.used += n;
    return window.used <= this.points;
  }

  #sweep(now: number) {
    this.#sweepAt = now + this.ms;
    for (const [key, window] of this.#windows) if (now >= window.resetAt) this.#windows.delete(key);
  }
}

/**
 * Rate limiters for each kind of event, scaled by `scale` (2 allows twice as many; 0 turns
 * limiting off, for benchmarks). With `redis`, the counters are shared by every instance.
 */
export function createRateLimits(scale: number, roomCapacity: number, redis?: Redis) {
  const memory = new Map<LimitedKind, MemoryBudget>();
  const shared = new Map<LimitedKind, RateLimiterAbstract>();
  for (const [kind, { points, seconds }] of Object.entries(rateLimitBudgets(roomCapacity)) as [
    LimitedKind,
    Budget,
  ][]) {
    const scaled = Math.max(1, Math.round(points * scale));
    if (!redis) {
      memory.set(kind, new MemoryBudget(scaled, seconds * 1000));
      continue;
    }
    shared.set(
      kind,
      new RateLimiterRedis({
        points: scaled,
        duration: seconds,
        keyPrefix: `moim:rl:${kind}`,
        storeClient: redis,
      }),
    );
  }

  async function allowShared(limiter: RateLimiterAbstract, key: string, points: number) {
    try {
      await limiter.consume(key, points);
      return true;
    } catch (error) {
      if (error instanceof RateLimiterRes) return false;
      throw error;
    }
  }

  return {
    /**
     * True if `key` may spend `points` more, false if that is over its limit: at once for the
     * in-memory budgets, as a promise for the shared ones in Redis.
     */
    allow(kind: LimitedKind, key: string, points = 1): Maybe<boolean> {
      if (scale === 0) return true;
      const budget = memory.get(kind);
      if (budget) return budget.spend(key, points);
      const limiter = shared.get(kind);
      return limiter ? allowShared(limiter, key, points) : true;
    },
    /** Spends `fraction` of `key`'s whole budget at once: what a misbehaving client costs. */
    async penalize(kind: LimitedKind, key: string, fraction: number): Promise<void> {
      if (scale === 0) return;
      const budget = memory.get(kind);
      if (budget) {
        budget.spend(key, Math.ceil(budget.points * fraction));
        return;
      }
      const limiter = shared.get(kind);
      if (limiter) await limiter.penalty(key, Math.ceil(limiter.points * fraction));
    },
    /** A connection's own traffic budget, scaled like the others (0: unlimited). */
    traffic() {
      const budget = trafficBudget(roomCapacity);
      const scaled = (points: number) => (scale === 0 ? 0 : Math.max(1, Math.round(points * scale)));
      const ms = budget.seconds * 1000;
      return {
        events: new WindowBudget(scaled(budget.events), ms),
        bytes: new WindowBudget(scaled(budget.bytes), ms),
        junk: new WindowBudget(scaled(budget.junk), ms),
      };
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
