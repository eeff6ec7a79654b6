import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisRoomStore } from './redis-store.js';

interface RedisOptions {
  /** A command unanswered for this long fails, so a stalled Redis cannot hold requests forever. */
  commandTimeoutMs: number;
}

/**
 * The connections to Redis for one server instance: one for commands and publishing, one
 * for subscribing (the Socket.IO adapter's channel). Errors are logged, never thrown out
 * of an event handler: a Redis restart is survived by reconnecting, not by crashing.
 */
export function connectRedis(url: string, log: Logger, { commandTimeoutMs }: RedisOptions) {
  const client = new Redis(url, {
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    commandTimeout: commandTimeoutMs,
  });
  // Subscribing blocks no request, and a subscription that timed out would never be sent
  // again: the adapter's channel waits for a stalled Redis instead.
  const subscriber = client.duplicate({ commandTimeout: undefined });
  for (const connection of [client, subscriber]) {
    connection.on('error', (error) => log.error({ err: error }, 'redis error'));
  }
  // The Socket.IO adapter publishes every broadcast without awaiting it: a failed publish
  // (Redis stalled or away) would be an unhandled rejection. A lost broadcast is logged.
  const publish = client.publish.bind(client) as (
    channel: string,
    message: string | Buffer,
  ) => Promise<number>;
  (client as unknown as { publish: typeof publish }).publish = (channel, message) =>
    publish(channel, message).catch((error: unknown) => {
      log.warn({ err: error }, 'redis publish failed: a broadcast was lost');
      return 0;
    });
  return {
    client,
    store: new RedisRoomStore(client),
    adapter: createAdapter(client, subscriber),
    async close() {
      await Promise.allSettled([client.quit(), subscriber.quit()]);
    },
  };
}
