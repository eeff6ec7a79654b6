import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { LimitedKind } from './metrics.js';

/** Allowed events per window, per socket (per address for connections). */
export const RATE_LIMITS: Record<LimitedKind, { points: number; seconds: number }> = {
  // ICE candidates come in bursts, and a newcomer to a full room signals seven peers at once.
  signal: { points: 400, seconds: 10 },
  chat: { points: 20, seconds: 10 },
  // Pages of older chat: a person scrolling back reads a page in seconds, not ten a second.
  history: { points: 10, seconds: 10 },
  join: { points: 10, seconds: 60 },
  update: { points: 40, seconds: 10 },
  peek: { points: 30, seconds: 10 },
  connection: { points: 60, seconds: 60 },
};

/**
 * Rate limiters for each kind of event, scaled by `scale` (2 allows twice as many; 0 turns
 * limiting off, for benchmarks). With `redis`, the counters are shared by every instance.
 */
export function createRateLimits(scale: number, redis?: Redis) {
  const limiters = new Map<LimitedKind, RateLimiterAbstract>();
  for (const [kind, { points, seconds }] of Object.entries(RATE_LIMITS) as [
    LimitedKind,
    { points: number; seconds: number },
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
    /** Resolves true if `key` may go on, false if it is over its limit. */
    async allow(kind: LimitedKind, key: string): Promise<boolean> {
      if (scale === 0) return true;
      try {
        await limiters.get(kind)?.consume(key);
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
