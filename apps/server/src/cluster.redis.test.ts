import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { JoinResult } from '@moim/protocol';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { freePort, startRedis } from './redis-harness.js';
import { type Client, connect, nextEvent, record } from './test-support.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

const apps: App[] = [];
const clients: Client[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  for (const app of apps.splice(0)) await app.close();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  const flush = new Redis(redis.url);
  await flush.flushall();
  await flush.quit();
});

async function instance(overrides: Partial<Config> = {}) {
  const app = createApp(testConfig({ redisUrl: redis.url, rateLimitScale: 0, ...overrides }));
  apps.push(app);
  return app.listen();
}

async function join(url: string, roomId: string, name: string) {
  const socket = await connect(url);
  clients.push(socket);
  const ack = await socket.timeout(3000).emitWithAck('room:join', { roomId, name, audio: true, video: true });
  return { socket, ack: ack as { ok: true } & JoinResult };
}

/**
 * Sends a state update from `from` and waits until `to` hears of it: everything `from` sent
 * before has arrived by then. Not a chat line, which would go into the history.
 */
async function marker(from: Client, to: Client) {
  const arrived = nextEvent(to, 'participant:updated', 3000);
  await from.timeout(3000).emitWithAck('participant:update', { audio: false });
  await arrived;
}

describe('two instances on one Redis', () => {
  it('share presence, relay signals and chat between them, and give the same history', async () => {
    const one = await instance();
    const two = await instance();
    const alice = await join(one, 'shared', 'Alice');
    const bobArrives = nextEvent(alice.socket, 'participant:joined', 3000);
    const bob = await join(two, 'shared', 'Bob');
    expect(bob.ack.participants.map((p) => p.name)).toEqual(['Alice']);
    expect(await bobArrives).toMatchObject({ name: 'Bob' });
    const aliceSaw = record(alice.socket);
    const bobSaw = record(bob.socket);

    const signal = nextEvent(bob.socket, 'signal:receive', 3000);
    const offer = { type: 'offer', sdp: 'v=0\r\n' } as const;
    await alice.socket
      .timeout(3000)
      .emitWithAck('signal:send', { to: bob.ack.self.id, link: 'l', data: offer });
    expect(await signal).toEqual({ from: alice.ack.self.id, link: 'l', data: offer });

    const chat = nextEvent(alice.socket, 'chat:message', 3000);
    await bob.socket.timeout(3000).emitWithAck('chat:send', { id: randomUUID(), text: 'across instances' });
    expect(await chat).toMatchObject({ text: 'across instances', name: 'Bob' });
    // Each had what was sent to them once, through the other instance, before the marker.
    await marker(alice.socket, bob.socket);
    await marker(bob.socket, alice.socket);
    expect(bobSaw.map(([event]) => event)).toEqual(['signal:receive', 'participant:updated']);
    expect(aliceSaw.map(([event]) => event)).toEqual(['chat:message', 'participant:updated']);

    const lateOnOne = await join(one, 'shared', 'Carol');
    const lateOnTwo = await join(two, 'shared', 'Dan');
    expect(lateOnOne.ack.history.map((m) => m.text)).toEqual(['across instances']);
    expect(lateOnTwo.ack.history).toEqual(lateOnOne.ack.history);
  });

  it('let exactly as many in as the room holds, however the joins are spread', async () => {
    const one = await instance();
    const two = await instance();
    const joins = Array.from({ length: 12 }, (_, i) => join(i % 2 ? two : one, 'crowded', `P${i}`));
    const answers = await Promise.all(joins);
    expect(answers.filter(({ ack }) => ack.ok)).toHaveLength(8);
    expect(
      answers
        .filter(({ ack }) => !ack.ok)
        .map(({ ack }) => (ack as { error?: { code: string } }).error?.code),
    ).toEqual(Array(4).fill('room_full'));
  });
});

/** A real server process on Redis, to kill or stop. */
async function serverProcess(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      WEB_DIST: '',
      ...env,
    },
    stdio: 'inherit',
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const healthy = () =>
    fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
  await expect.poll(healthy, { timeout: 10_000, interval: 100, message: 'server did not start' }).toBe(true);
  return { child, url };
}

describe('an instance that dies', () => {
  it('has its participants announced gone by the others after the grace period', {
    timeout: 30_000,
  }, async () => {
    const dying = await serverProcess({ INSTANCE_TTL_MS: '1000', RECONNECT_GRACE_MS: '500' });
    const survivor = await instance({ instanceTtlMs: 1000, reconnectGraceMs: 500 });
    const alice = await join(dying.url, 'fragile', 'Alice');
    const bob = await join(survivor, 'fragile', 'Bob');
    expect(bob.ack.participants.map((p) => p.id)).toEqual([alice.ack.self.id]);

    const gone = nextEvent(bob.socket, 'participant:left', 15_000);
    dying.child.kill('SIGKILL');
    expect(await gone).toEqual({ id: alice.ack.self.id });
    const peek = await bob.socket.timeout(3000).emitWithAck('room:peek', { roomId: 'fragile' });
    expect(peek).toMatchObject({ ok: true, count: 1 });
  });

  // main.ts exits 1 if closing takes longer than its 10 s deadline: exit code 0 is a shutdown
  // that finished in time.
  it('shuts down cleanly on SIGTERM, losing no acknowledged message', { timeout: 30_000 }, async () => {
    const leaving = await serverProcess({});
    const staying = await instance();
    const alice = await join(leaving.url, 'deploy', 'Alice');
    await join(staying, 'deploy', 'Bob');
    const ids = Array.from({ length: 20 }, () => randomUUID());
    for (const id of ids) {
      const ack = await alice.socket.timeout(3000).emitWithAck('chat:send', { id, text: id });
      expect(ack.ok).toBe(true);
    }
    const exited = new Promise<number | null>((resolve) =>
      leaving.child.once('exit', (code) => resolve(code)),
    );
    leaving.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const late = await join(staying, 'deploy', 'Carol');
    expect(late.ack.history.map((m) => m.id)).toEqual(ids);
  });
});
