import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io as connectRaw, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { startRedis } from './redis-harness.js';
import { type Client, connect, dropConnection } from './test-support.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

const apps: App[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  const flush = new Redis(redis.url);
  // Let every departure reach Redis before the instances close their connections to it.
  await expect.poll(async () => (await flush.keys('moim:room:*:members')).length).toBe(0);
  for (const app of apps.splice(0)) await app.close();
  await flush.flushall();
  await flush.quit();
});

async function instance(overrides: Partial<Config> = {}) {
  const app = createApp(testConfig({ redisUrl: redis.url, ...overrides }));
  apps.push(app);
  return app.listen();
}

async function join(url: string, name: string, resume?: { id: string; token: string }) {
  const socket = await connect(url);
  clients.push(socket);
  const ack = await socket.timeout(5000).emitWithAck('room:join', {
    roomId: 'shared',
    name,
    audio: true,
    video: true,
    ...(resume ? { resume } : {}),
  });
  if (!ack.ok) throw new Error(ack.error.code);
  return { socket, id: ack.self.id, seat: { id: ack.self.id, token: ack.token } };
}

describe('budgets shared through Redis', () => {
  it('follow a participant who reconnects to another instance', async () => {
    const [first, second] = [
      await instance({ rateLimitScale: 0.1 }),
      await instance({ rateLimitScale: 0.1 }),
    ];
    const alice = await join(first, 'Alice');
    const say = (socket: Client) =>
      socket.timeout(5000).emitWithAck('chat:send', { id: randomUUID(), text: 'hi' });
    // Two chat messages per 10 s: both spent on the first instance…
    expect((await say(alice.socket)).ok).toBe(true);
    expect((await say(alice.socket)).ok).toBe(true);
    dropConnection(alice.socket);
    await expect.poll(() => apps[0]?.io.engine.clientsCount).toBe(0);
    // …are spent on the second one too: the seat, and its budget, came along.
    const back = await join(second, 'Alice', alice.seat);
    expect(back.id).toBe(alice.id);
    expect(await say(back.socket)).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('count signal bytes, and a dropped flooder slows its address on every instance', async () => {
    const [first, second] = [
      await instance({ rateLimitScale: 0.1 }),
      await instance({ rateLimitScale: 0.1 }),
    ];
    const alice = await join(first, 'Alice');
    const bob = await join(second, 'Bob');
    // 0.1 of 96 KB x 7 is about 67 KB of signal data per 10 s.
    const offer = { type: 'offer' as const, sdp: `v=0\r\n${'a=x\r\n'.repeat(8000)}` };
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await alice.socket.timeout(5000).emitWithAck('signal:send', { to: bob.id, link: 'l', data: offer }),
      );
    }
    expect(answers.map((answer) => answer.ok)).toEqual([true, false, false]);

    // 6 connections a minute per address; two dropped connections spend half of it each.
    const attempt = (url: string) =>
      new Promise<Client | string>((resolve) => {
        const socket = connectRaw(url, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          localAddress: '127.0.0.9',
        } as Parameters<typeof connectRaw>[1]) as Client;
        clients.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (error) => resolve(error.message));
      });
    for (const url of [first, second]) {
      const flooder = await attempt(url);
      if (typeof flooder === 'string') throw new Error(flooder);
      const dropped = new Promise((resolve) => flooder.once('disconnect', resolve));
      for (let i = 0; i < 10; i++) (flooder as unknown as Socket).emit('chat:send', { text: 42 });
      await dropped;
    }
    expect(await attempt(first)).toMatch(/^rate_limited/);
    expect(await attempt(second)).toMatch(/^rate_limited/);
  });
});
