import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type App, createApp } from './app.js';
import { testConfig } from './config.js';
import { hostingScenarios } from './hosting-scenarios.js';
import { startRedis } from './redis-harness.js';

// Every hosting rule again, with the host and the others on two instances sharing Redis:
// room state in the RedisRoomStore, events to sockets on the other instance through the adapter.
let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  const flush = new Redis(redis.url);
  await flush.flushall();
  await flush.quit();
});

hostingScenarios('two instances on Redis', async (overrides) => {
  const urls = [];
  for (let i = 0; i < 2; i++) {
    const app = createApp(testConfig({ redisUrl: redis.url, ...overrides }));
    apps.push(app);
    urls.push(await app.listen());
  }
  return urls as [string, string];
});
