import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { ChatMessage } from '@moim/protocol';
import { io as connectRaw, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, type AppDeps, clientAddress, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { type Client, connect, nextEvent } from './test-support.js';

let app: App;
let url: string;
const clients: Client[] = [];

async function start(overrides: Partial<Config> = {}, deps: AppDeps = {}) {
  app = createApp(testConfig(overrides), deps);
  url = await app.listen();
}

async function joined(roomId: string, name: string) {
  const socket = await connect(url);
  clients.push(socket);
  const ack = await socket.timeout(2000).emitWithAck('room:join', { roomId, name, audio: true, video: true });
  if (!ack.ok) throw new Error(ack.error.code);
  return { socket, id: ack.self.id };
}

const say = (socket: Client, text: string) =>
  socket.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text });

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await app?.close();
});

describe('a flood of chat', () => {
  it('is throttled with rate_limited, while another room keeps every message, in order', async () => {
    await start();
    const flooder = await joined('noisy', 'Flooder');
    const alice = await joined('quiet', 'Alice');
    const bob = await joined('quiet', 'Bob');
    const received: string[] = [];
    bob.socket.on('chat:message', (message: ChatMessage) => received.push(message.text));

    const flood = Array.from({ length: 200 }, (_, i) => say(flooder.socket, `spam ${i}`));
    const quiet = [];
    for (let i = 0; i < 15; i++) quiet.push(await say(alice.socket, `hello ${i}`));
    const answers = await Promise.all(flood);

    const refused = answers.filter((answer) => !answer.ok);
    expect(refused.length).toBeGreaterThan(150);
    expect(refused[0]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(quiet.every((answer) => answer.ok)).toBe(true);
    await expect.poll(() => received.length).toBe(15);
    expect(received).toEqual(Array.from({ length: 15 }, (_, i) => `hello ${i}`));

    // The throttled room still works for its other members.
    const other = await joined('noisy', 'Other');
    expect((await say(other.socket, 'can I talk?')).ok).toBe(true);
  });
});

describe('connections from one address', () => {
  it('are refused past the limit with a clear reason', async () => {
    await start({ rateLimitScale: 0.1 }); // 6 connections a minute
    const errors: string[] = [];
    for (let i = 0; i < 8; i++) {
      const socket = connectRaw(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (error) => resolve(error.message));
      });
      errors.push(outcome);
      socket.disconnect();
    }
    expect(errors.slice(0, 6)).toEqual(Array(6).fill('connected'));
    expect(errors[7]).toMatch(/^rate_limited/);
  });
});

describe('clientAddress', () => {
  // The client wrote 198.51.100.66 itself; the outer proxy saw 203.0.113.7, the inner 10.0.0.2.
  const handshake = {
    address: '127.0.0.1',
    headers: { 'x-forwarded-for': '198.51.100.66, 203.0.113.7,10.0.0.2' },
  };
  it('is the socket address, unless told to trust the proxies in front', () => {
    expect(clientAddress(handshake, 0)).toBe('127.0.0.1');
    expect(clientAddress(handshake, false)).toBe('127.0.0.1');
    expect(clientAddress(handshake, 1)).toBe('10.0.0.2');
    expect(clientAddress(handshake, true)).toBe('10.0.0.2');
    expect(clientAddress(handshake, 2)).toBe('203.0.113.7');
    expect(clientAddress({ address: '::1', headers: {} }, 1)).toBe('::1');
    // Headers sent twice are one list, in order.
    expect(
      clientAddress({ address: '::1', headers: { 'x-forwarded-for': ['198.51.100.66', '203.0.113.7'] } }, 1),
    ).toBe('203.0.113.7');
  });
});

describe('isolation', () => {
  it('refuses signals and chat aimed across rooms, spoofed senders, and acting before joining', async () => {
    await start();
    const alice = await joined('a', 'Alice');
    const mallory = await joined('b', 'Mallory');
    const offer = { type: 'offer', sdp: 'v=0\r\n' };
    const raw = mallory.socket as unknown as Socket;
    expect(
      await raw.timeout(2000).emitWithAck('signal:send', { to: alice.id, link: 'l', data: offer }),
    ).toMatchObject({
      error: { code: 'unknown_participant' },
    });
    expect(
      await raw.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'hi', roomId: 'a' }),
    ).toMatchObject({ error: { code: 'invalid_payload' } });
    expect(
      await raw.timeout(2000).emitWithAck('participant:update', { id: alice.id, name: 'Alice' }),
    ).toMatchObject({ error: { code: 'invalid_payload' } });

    const stranger = (await connect(url)) as unknown as Socket;
    clients.push(stranger as unknown as Client);
    for (const [event, payload] of [
      ['chat:send', { id: randomUUID(), text: 'hello' }],
      ['signal:send', { to: alice.id, link: 'l', data: offer }],
      ['participant:update', { audio: false }],
    ] as const) {
      expect(await stranger.timeout(2000).emitWithAck(event, payload)).toMatchObject({
        error: { code: 'not_in_room' },
      });
    }
  });
});

describe('logs', () => {
  it('never contain chat text, session descriptions or resume tokens', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    await start({ logLevel: 'trace' }, { logDestination: sink });
    const alice = await joined('logged', 'Alice');
    const bob = await joined('logged', 'Bob');
    const secretText = 'my secret plans for tuesday';
    const sdp = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=moim-secret-sdp\r\n';
    const relayed = nextEvent(bob.socket, 'signal:receive');
    await alice.socket
      .timeout(2000)
      .emitWithAck('signal:send', { to: bob.id, link: 'l', data: { type: 'offer', sdp } });
    await relayed;
    await say(alice.socket, secretText);
    const join = await (await connect(url)).timeout(2000).emitWithAck('room:join', {
      roomId: 'logged',
      name: 'Carol',
      audio: true,
      video: true,
    });
    const token = join.ok ? join.token : 'no token';

    const log = lines.join('');
    expect(log).toContain('"msg":"joined"');
    expect(log).not.toContain(secretText);
    expect(log).not.toContain('moim-secret-sdp');
    expect(log).not.toContain(token);
  });
});

describe('/metrics', () => {
  it('counts sockets, rooms, participants, relayed, rejected and rate-limited messages', async () => {
    await start({ rateLimitScale: 0.1 }); // two chat messages per 10 s
    const scrape = async () => (await fetch(`${url}/metrics`)).text();
    const value = (text: string, series: string) => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line ? Number(line.split(' ')[1]) : 0;
    };
    const before = await scrape();
    expect(before).toContain('# TYPE moim_relayed_messages_total counter');
    expect(value(before, 'moim_rooms')).toBe(0);

    const alice = await joined('metered', 'Alice');
    const bob = await joined('metered', 'Bob');
    await bob.socket.timeout(2000).emitWithAck('signal:send', {
      to: alice.id,
      link: 'l',
      data: { type: 'renegotiate', renegotiate: true },
    });
    for (let i = 0; i < 3; i++) await say(alice.socket, `message ${i}`);
    await (alice.socket as unknown as Socket).timeout(2000).emitWithAck('chat:send', { text: 42 });
    (alice.socket as unknown as Socket).emit('what-is-this', 1);
    await say(bob.socket, 'after the unknown event');

    const after = await scrape();
    expect(value(after, 'moim_connected_sockets')).toBe(2);
    expect(value(after, 'moim_rooms')).toBe(1);
    expect(value(after, 'moim_participants')).toBe(2);
    expect(value(after, 'moim_relayed_messages_total{kind="signal"}')).toBe(1);
    expect(value(after, 'moim_relayed_messages_total{kind="chat"}')).toBe(3);
    expect(value(after, 'moim_rate_limited_total{kind="chat"}')).toBe(1);
    expect(value(after, 'moim_rejected_messages_total{reason="rate_limited"}')).toBe(1);
    expect(value(after, 'moim_rejected_messages_total{reason="invalid_payload"}')).toBe(1);
    expect(value(after, 'moim_rejected_messages_total{reason="unknown_event"}')).toBe(1);
  });
});
