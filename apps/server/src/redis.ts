import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisRoomStore } from './redis-store.js';

/**
 * The connections to Redis for one server instance: one for commands and publishing, one
 * for subscribing (the Socket.IO adapter's channel). Errors are logged, never thrown out
 * of an event handler: a Redis restart is survived by reconnecting, not by crashing.
 */
export function connectRedis(url: string, log: Logger) {
  const client = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  const subscriber = client.duplicate();
  for (const connection of [client, subscriber]) {
    connection.on('error', (error) => log.error({ err: error }, 'redis error'));
  }
  return {
    client,
    store: new RedisRoomStore(client),
    adapter: createAdapter(client, subscriber),
    async close() {
      await Promise.allSettled([client.quit(), subscriber.quit()]);
    },
  };
}
