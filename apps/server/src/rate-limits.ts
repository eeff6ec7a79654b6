import { REACTION_WINDOW_MS, REACTIONS_PER_WINDOW, SIGNAL_BYTES_PER_PEER } from '@moim/protocol';
import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
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

  /** Takes `n` points; false once the window's points are spent (`points` 0: unlimited). */
  take(n = 1): boolean {
    if (this.points === 0) return true;
    const now = Date.now();
    if (now >= this.#resetAt) {
      this.#used = 0;
      this.#resetAt = now + this.ms;
    }
    this.#used += n;
    return this.#used <= this.points;
  }
}

/**
 * Rate limiters for each kind of event, scaled by `scale` (2 allows twice as many; 0 turns
 * limiting off, for benchmarks). With `redis`, the counters are shared by every instance.
 */
export function createRateLimits(scale: number, roomCapacity: number, redis?: Redis) {
  const limiters = new Map<LimitedKind, RateLimiterAbstract>();
  for (const [kind, { points, seconds }] of Object.entries(rateLimitBudgets(roomCapacity)) as [
    LimitedKind,
    Budget,
  ][]) {
    const options = {
      points: Math.max(1, Math.round(points * scale)),
      duration: seconds,
      keyPrefix: `moim:rl:${kind}`,
    };
    limiters.set(
      kind,
      redis ? new RateLimiterRedis({ ...options, storeClient: redis }) : new RateLimiterMemory(options),
    );
  }
  return {
    /** Resolves true if `key` may spend `points` more, false if that is over its limit. */
    async allow(kind: LimitedKind, key: string, points = 1): Promise<boolean> {
      if (scale === 0) return true;
      try {
        await limiters.get(kind)?.consume(key, points);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
    /** Spends `fraction` of `key`'s whole budget at once: what a misbehaving client costs. */
    async penalize(kind: LimitedKind, key: string, fraction: number): Promise<void> {
      const limiter = limiters.get(kind);
      if (scale === 0 || !limiter) return;
      await limiter.penalty(key, Math.ceil(limiter.points * fraction));
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
