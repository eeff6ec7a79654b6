import { randomUUID } from 'node:crypto';
import type { JoinResult } from '@moim/protocol';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { startRedis } from './redis-harness.js';
import { RedisRoomStore } from './redis-store.js';
import { type Client, connect, dropConnection, nextEvent } from './test-support.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
let admin: Redis;
beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
});
afterAll(async () => {
  redis.process.kill('SIGCONT');
  await admin.quit();
  redis.stop();
});

const apps: App[] = [];
const clients: Client[] = [];
afterEach(async () => {
  redis.process.kill('SIGCONT');
  for (const socket of clients.splice(0)) socket.disconnect();
  for (const app of apps.splice(0)) await app.close();
  await admin.flushall();
});

async function instance(overrides: Partial<Config> = {}, logLines?: string[]) {
  const config = testConfig({ redisUrl: redis.url, rateLimitScale: 0, ...overrides });
  const app = createApp(config, logLines ? { logDestination: { write: (line) => logLines.push(line) } } : {});
  apps.push(app);
  return app.listen();
}

async function client(url: string) {
  const socket = await connect(url);
  clients.push(socket);
  return socket;
}

function join(socket: Client, roomId: string, name: string) {
  return socket.timeout(8000).emitWithAck('room:join', { roomId, name, audio: true, video: true }) as Promise<
    ({ ok: true } & JoinResult) | { ok: false; error: { code: string; message: string } }
  >;
}

const readiness = (url: string) => fetch(`${url}/readyz`).then((response) => response.status);

describe('a Redis that stops answering (stalled, not gone)', () => {
  it('gets requests answered `internal` within the command timeout, and the instance not ready until it answers again', {
    timeout: 30_000,
  }, async () => {
    const url = await instance({ redisCommandTimeoutMs: 300 });
    const alice = await client(url);
    expect(await readiness(url)).toBe(200);

    redis.process.kill('SIGSTOP');
    const started = performance.now();
    const refused = await join(alice, 'stalled', 'Alice');
    const answeredIn = performance.now() - started;
    expect(refused).toMatchObject({ ok: false, error: { code: 'internal' } });
    // The driver's own words ("Command timed out") never reach a client.
    expect(JSON.stringify(refused)).not.toMatch(/timed out|redis/i);
    expect(await readiness(url)).toBe(503);
    console.log(`join answered internal ${answeredIn.toFixed(0)} ms into a stalled Redis (timeout 300 ms)`);

    redis.process.kill('SIGCONT');
    await expect.poll(() => readiness(url), { timeout: 10_000 }).toBe(200);
    const bob = await client(url);
    const joined = await join(bob, 'stalled', 'Bob');
    // The join that timed out ran late, once Redis woke up, and was undone behind it: no ghost seat.
    expect(joined).toMatchObject({ ok: true, participants: [] });
    expect(await join(alice, 'stalled', 'Alice')).toMatchObject({
      ok: true,
      participants: [{ name: 'Bob' }],
    });
  });

  it('refuses a new connection with a code, not the driver’s error, while the rate limiter cannot reach it', {
    timeout: 30_000,
  }, async () => {
    const url = await instance({ redisCommandTimeoutMs: 300, rateLimitScale: 1 });
    redis.process.kill('SIGSTOP');
    const error = await connect(url).then(
      (socket) => {
        clients.push(socket);
        return null;
      },
      (failure: Error) => failure,
    );
    expect(error?.message).toMatch(/^internal:/);
    expect(error?.message).not.toMatch(/timed out/i);
  });
});

describe('a Redis that comes back empty', () => {
  it('gets the live members put back by the instances holding them, so a newcomer sees them', {
    timeout: 30_000,
  }, async () => {
    const one = await instance({ instanceTtlMs: 1000 });
    const two = await instance({ instanceTtlMs: 1000 });
    const alice = await client(one);
    const bob = await client(two);
    const aliceJoin = await join(alice, 'kept', 'Alice');
    const bobJoin = await join(bob, 'kept', 'Bob');
    if (!aliceJoin.ok || !bobJoin.ok) throw new Error('join failed');
    await alice.timeout(3000).emitWithAck('participant:update', { audio: false });

    await admin.flushall();
    const reader = new RedisRoomStore(admin);
    await expect
      .poll(async () => (await reader.list('kept')).map(({ name, audio }) => ({ name, audio })), {
        timeout: 10_000,
      })
      .toEqual([
        { name: 'Alice', audio: false },
        { name: 'Bob', audio: true },
      ]);

    const carol = await client(one);
    const carolJoin = await join(carol, 'kept', 'Carol');
    expect(carolJoin).toMatchObject({
      ok: true,
      participants: [
        { id: aliceJoin.self.id, name: 'Alice', audio: false },
        { id: bobJoin.self.id, name: 'Bob' },
      ],
    });
    // Their seats are theirs again: they chat and signal as before.
    const chat = await bob.timeout(3000).emitWithAck('chat:send', { id: randomUUID(), text: 'still here' });
    expect(chat).toMatchObject({ ok: true });
    const signal = await alice.timeout(3000).emitWithAck('signal:send', {
      to: bobJoin.self.id,
      link: 'l',
      data: { type: 'renegotiate', renegotiate: true },
    });
    expect(signal).toEqual({ ok: true });
  });
});

describe('a Redis that comes back empty, while a seat is held', () => {
  it('keeps the seat of someone whose connection dropped, and announces them gone when its grace runs out', {
    timeout: 30_000,
  }, async () => {
    const url = await instance({ instanceTtlMs: 1000, reconnectGraceMs: 4000 });
    const alice = await client(url);
    const bob = await client(url);
    const aliceJoin = await join(alice, 'held', 'Alice');
    await join(bob, 'held', 'Bob');
    if (!aliceJoin.ok) throw new Error('join failed');
    const reader = new RedisRoomStore(admin);
    dropConnection(alice);
    await expect.poll(async () => (await reader.get('held', aliceJoin.self.id))?.socketId).toBeNull();

    const gone = nextEvent(bob, 'participant:left', 15_000);
    await admin.flushall();
    await expect
      .poll(async () => (await reader.list('held')).map((m) => m.name), { timeout: 10_000 })
      .toEqual(['Alice', 'Bob']);
    expect(await gone).toEqual({ id: aliceJoin.self.id });
  });
});

describe('the log of a failed Redis command', () => {
  it('names the command but never holds its arguments (the chat text)', { timeout: 30_000 }, async () => {
    const lines: string[] = [];
    const url = await instance({ logLevel: 'info' }, lines);
    const alice = await client(url);
    await join(alice, 'logged', 'Alice');
    // A key of the wrong type makes the chat script fail inside Redis, with the message as an argument.
    await admin.set('moim:room:{logged}:seen', 'not a hash');
    const secret = `secret-${randomUUID()}`;
    const ack = await alice.timeout(3000).emitWithAck('chat:send', { id: randomUUID(), text: secret });
    expect(ack).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(ack)).not.toMatch(/WRONGTYPE|secret/);
    const failure = lines.find((line) => line.includes('handler failed'));
    expect(failure).toMatch(/WRONGTYPE/);
    expect(failure).toMatch(/"command":\{"name":"eval(sha)?"\}/);
    expect(lines.join('\n')).not.toContain(secret);
  });
});
