import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { type ChatMessage, clientPayloadSchemas, type JoinResult, REACTIONS } from '@moim/protocol';
import fc from 'fast-check';
import { io as connectRaw, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { testConfig } from './config.js';
import { type Client, connect, record } from './test-support.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let app: App;
let url: string;

beforeAll(async () => {
  // Limits off: every payload reaches validation and, if valid, its handler.
  app = createApp(testConfig({ rateLimitScale: 0 }));
  url = await app.listen();
});
afterAll(() => app.close());

const RUNS = 3000;
const eventNames = [...Object.keys(clientPayloadSchemas), 'unknown:event', '', 'disconnect', '__proto__'];

const validPayloads: Record<string, unknown> = {
  'room:peek': { roomId: 'fuzz' },
  'room:join': { roomId: 'fuzz', name: 'Fuzzy', audio: true, video: false },
  'room:leave': {},
  'participant:update': { audio: false },
  'signal:send': { to: randomUUID(), link: 'l', data: { type: 'offer', sdp: 'v=0' } },
  'chat:send': { id: randomUUID(), text: 'hi' },
  'ice:refresh': {},
  'knock:cancel': {},
  'host:admit': { id: randomUUID() },
  'host:lock': { locked: true },
  'host:remove': { id: randomUUID() },
  'hand:raise': { raised: true },
  'reaction:send': { reaction: 'clap' },
};

/** A valid payload with one field replaced, removed or added. */
const mutated = fc
  .tuple(fc.constantFrom(...Object.values(validPayloads)), fc.string(), fc.anything(), fc.boolean())
  .map(([valid, key, value, remove]) => {
    const copy: Record<string, unknown> = { ...(valid as object) };
    const keys = Object.keys(copy);
    const target = keys.length > 0 && key.length % 2 === 0 ? (keys[key.length % keys.length] as string) : key;
    if (remove) delete copy[target];
    else copy[target] = value;
    return copy;
  });

const nested = fc.integer({ min: 10, max: 2000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { inner: value };
  return value;
});

const payload = fc.oneof(
  fc.anything({ withBigInt: false, withMap: false, withSet: false, withTypedArray: false }),
  mutated,
  nested,
  fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 5000 }),
);

async function answer(socket: Socket, event: string, data: unknown) {
  try {
    return await socket.timeout(2000).emitWithAck(event, data);
  } catch {
    return undefined;
  }
}

describe('hostile payloads', () => {
  it('leave the server up and a call in another room untouched', { timeout: 120_000 }, async () => {
    // A well-behaved pair chatting all along.
    const alice = await connect(url);
    const bob = await connect(url);
    for (const [socket, name] of [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ] as const) {
      await socket
        .timeout(2000)
        .emitWithAck('room:join', { roomId: 'steady', name, audio: true, video: true });
    }
    const received: string[] = [];
    bob.on('chat:message', (message: ChatMessage) => received.push(message.text));
    let sent = 0;
    let runs = 0;

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const fuzzers = await Promise.all(
      Array.from({ length: 4 }, () => connect(url) as unknown as Promise<Socket>),
    );
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(fuzzers.length - 1),
        fc.constantFrom(...eventNames),
        payload,
        async (who, event, data) => {
          // Every tenth run, the call in the other room says something.
          if (runs++ % 10 === 0) {
            const ack = await alice
              .timeout(2000)
              .emitWithAck('chat:send', { id: randomUUID(), text: `steady ${sent}` });
            expect(ack.ok).toBe(true);
            sent++;
          }
          const socket = fuzzers[who] as Socket;
          if (!Object.hasOwn(clientPayloadSchemas, event)) {
            // Unknown events are ignored, so nothing answers them; reserved names go as data.
            socket.emit(event === 'disconnect' || event === '' ? 'message' : event, data);
            return;
          }
          // Every known event is answered with one of the two acknowledgement shapes.
          const reply = await answer(socket, event, data);
          expect(reply).toMatchObject({ ok: expect.any(Boolean) });
          if (reply && !reply.ok) expect(Object.keys(reply.error).sort()).toEqual(['code', 'message']);
          answered++;
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(answered).toBeGreaterThan(RUNS / 2);

    // Oversized messages close that connection, and nothing else.
    const huge = connectRaw(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve) => huge.once('connect', () => resolve()));
    const closed = new Promise((resolve) => huge.once('disconnect', resolve));
    huge.emit('chat:send', { id: randomUUID(), text: 'x'.repeat(10 * 1024 * 1024) });
    await closed;

    for (const socket of fuzzers) socket.disconnect();
    await expect.poll(() => received.length).toBe(sent);
    expect(received).toEqual(Array.from({ length: sent }, (_, i) => `steady ${i}`));
    expect(sent).toBeGreaterThan(10);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    gc();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    expect(grown).toBeLessThan(32 * 1024 * 1024);
    (alice as Client).disconnect();
    (bob as Client).disconnect();
  });
});

const HOSTING_RUNS = 1000;
const hostingEvents = [
  'knock:cancel',
  'host:admit',
  'host:deny',
  'host:lock',
  'host:mute',
  'host:remove',
  'host:transfer',
  'host:lower-hand',
  'hand:raise',
  'reaction:send',
] as const;

describe('hostile hosting events', () => {
  it('from participants who are not host take nothing from the host, the lock or a knock', {
    timeout: 120_000,
  }, async () => {
    const join = async (socket: Client, name: string) =>
      (await socket
        .timeout(2000)
        .emitWithAck('room:join', { roomId: 'hosted', name, audio: true, video: true })) as {
        ok: true;
      } & JoinResult;
    const alice = await connect(url);
    const aliceJoin = await join(alice, 'Alice');
    const fuzzers = await Promise.all(Array.from({ length: 3 }, () => connect(url)));
    const fuzzerIds: string[] = [];
    for (const [i, socket] of fuzzers.entries()) fuzzerIds.push((await join(socket, `Fuzzer ${i}`)).self.id);
    const listed = new Promise<{ knocks: { id: string }[] }>((resolve) => alice.once('knock:list', resolve));
    expect(await alice.timeout(2000).emitWithAck('host:lock', { locked: true })).toEqual({ ok: true });
    const knocker = await connect(url);
    const knockerSaw = record(knocker);
    expect(await join(knocker, 'Knocker')).toMatchObject({ ok: false, error: { code: 'waiting_for_host' } });
    const knockId = (await listed).knocks[0]?.id ?? '';
    const aliceSaw = record(alice);

    // Ids worth trying: real ones of the room, the knock's, and made-up ones.
    const ids = [aliceJoin.self.id, knockId, ...fuzzerIds, randomUUID(), '', 'x'.repeat(100)];
    const hostilePayload = fc.oneof(
      fc.record({ id: fc.constantFrom(...ids) }),
      fc.record({ locked: fc.anything() }),
      fc.record({ raised: fc.oneof(fc.boolean(), fc.anything()) }),
      fc.record({ reaction: fc.oneof(fc.constantFrom(...REACTIONS), fc.string()) }),
      fc.record({
        id: fc.constantFrom(...ids),
        roomId: fc.constant('hosted'),
        from: fc.constantFrom(...ids),
      }),
      payload,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(fuzzers.length - 1),
        fc.constantFrom(...hostingEvents),
        hostilePayload,
        async (who, event, data) => {
          const reply = await answer(fuzzers[who] as unknown as Socket, event, data);
          expect(reply).toMatchObject({ ok: expect.any(Boolean) });
          // Only what anyone may do for themselves is ever allowed them.
          if (reply?.ok) expect(['knock:cancel', 'hand:raise', 'reaction:send']).toContain(event);
        },
      ),
      { numRuns: HOSTING_RUNS, endOnFailure: true },
    );

    // Alice heard only hands and reactions: no new host, no lock change, nobody left.
    const heard = new Set(aliceSaw.map(([event]) => event));
    for (const event of heard) expect(['room:hands', 'reaction']).toContain(event);
    for (const socket of [alice, ...fuzzers]) expect(socket.connected).toBe(true);
    // She is still host, the room still locked, the knock still waiting: she lets it in.
    const answered = new Promise((resolve) => knocker.once('knock:answer', resolve));
    expect(await alice.timeout(2000).emitWithAck('host:admit', { id: knockId })).toEqual({ ok: true });
    expect(await answered).toEqual({ admitted: true });
    expect(knockerSaw).toEqual([['knock:answer', { admitted: true }]]);
    const inside = await join(knocker, 'Knocker');
    expect(inside).toMatchObject({ ok: true, hostId: aliceJoin.self.id, locked: true });
    for (const socket of [alice, knocker, ...fuzzers]) socket.disconnect();
  });
});
