import { randomUUID } from 'node:crypto';
import { type ChatMessage, SIGNAL_BYTES_PER_PEER } from '@moim/protocol';
import { io as connectRaw, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { type Client, connect, dropConnection } from './test-support.js';

let app: App;
let url: string;
const clients: Client[] = [];

async function start(overrides: Partial<Config> = {}) {
  app = createApp(testConfig(overrides));
  url = await app.listen();
}

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await app?.close();
});

/** A client from the local address `from` (127.0.0.1 unless given). */
async function client(from?: string): Promise<Client> {
  if (!from) {
    const socket = await connect(url);
    clients.push(socket);
    return socket;
  }
  const socket = connectRaw(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress: from,
  } as Parameters<typeof connectRaw>[1]) as Client;
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

async function join(roomId: string, name: string, resume?: { id: string; token: string }, from?: string) {
  const socket = await client(from);
  const ack = await socket
    .timeout(5000)
    .emitWithAck('room:join', { roomId, name, audio: true, video: true, ...(resume ? { resume } : {}) });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
  return { socket, id: ack.self.id, seat: { id: ack.self.id, token: ack.token } };
}

const say = (socket: Client, text: string) =>
  socket.timeout(5000).emitWithAck('chat:send', { id: randomUUID(), text });

/** Sends without type checks: what a hostile or broken client could send. */
const rawSend = (socket: Client, event: string, payload: unknown) =>
  (socket as unknown as Socket).timeout(5000).emitWithAck(event, payload);

describe('a participant who reconnects', () => {
  it('ten times in a row keeps one chat budget, not eleven', async () => {
    await start(); // 20 chat messages per 10 s
    const bob = await join('budget', 'Bob');
    const received: string[] = [];
    bob.socket.on('chat:message', (message: ChatMessage) => received.push(message.text));
    let alice = await join('budget', 'Alice');
    let accepted = 0;
    for (let round = 0; round < 11; round++) {
      for (let i = 0; i < 25; i++) if ((await say(alice.socket, `r${round} m${i}`)).ok) accepted++;
      dropConnection(alice.socket);
      const back = await join('budget', 'Alice', alice.seat);
      expect(back.id).toBe(alice.id);
      alice = back;
    }
    // 11 connections with budgets of their own would have let 220 through; one window may
    // roll over on a slow machine, so allow two.
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThanOrEqual(40);
    await expect.poll(() => received.length).toBe(accepted);
    // 275 round trips and 11 reconnects: more than the default 5 s on a loaded machine.
  }, 60_000);

  it('joins count per address, across connections', async () => {
    await start({ rateLimitScale: 0.05 }); // 3 joins and 3 connections a minute per address
    const outcomes: string[] = [];
    // Two connections, each joining and leaving twice, from one address and from another.
    for (const from of ['127.0.0.7', '127.0.0.7', '127.0.0.8']) {
      const socket = await client(from);
      for (let i = 0; i < 2; i++) {
        const ack = await socket
          .timeout(5000)
          .emitWithAck('room:join', { roomId: `r${i}`, name: 'Same', audio: true, video: true });
        outcomes.push(ack.ok ? 'joined' : ack.error.code);
        await socket.timeout(5000).emitWithAck('room:leave', {});
      }
      socket.disconnect();
    }
    expect(outcomes).toEqual(['joined', 'joined', 'joined', 'rate_limited', 'joined', 'joined']);
  });
});

describe('junk', () => {
  it('spends the budget of the event it names, valid or not', async () => {
    await start({ rateLimitScale: 0.1 }); // 2 chat messages per 10 s, 2 junk events
    const alice = await join('junk', 'Alice');
    for (let i = 0; i < 2; i++) {
      expect(await rawSend(alice.socket, 'chat:send', { text: 42 })).toMatchObject({
        error: { code: 'invalid_payload' },
      });
    }
    expect(await say(alice.socket, 'now a real one')).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('from a socket that keeps sending it drops the connection and slows its address', async () => {
    await start({ rateLimitScale: 0.1 }); // 6 connections a minute per address, 2 junk per 10 s
    const alice = await join('quiet', 'Alice');
    const bob = await join('quiet', 'Bob');
    const received: string[] = [];
    bob.socket.on('chat:message', (message: ChatMessage) => received.push(message.text));

    const attempt = () =>
      new Promise<Client | string>((resolve) => {
        const socket = connectRaw(url, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          localAddress: '127.0.0.6',
        } as Parameters<typeof connectRaw>[1]) as Client;
        clients.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (error) => resolve(error.message));
      });
    const big = 'x'.repeat(100 * 1024);
    for (let round = 0; round < 2; round++) {
      const flooder = await attempt();
      if (typeof flooder === 'string') throw new Error(flooder);
      const dropped = new Promise((resolve) => flooder.once('disconnect', resolve));
      for (let i = 0; i < 50; i++) (flooder as unknown as Socket).emit('chat:send', { id: 'x', text: big });
      expect(await dropped).toBe('io server disconnect');
    }
    // Two connections made, two dropped: without the penalty four more would be allowed.
    expect(await attempt()).toMatch(/^rate_limited/);

    expect((await say(alice.socket, 'still here')).ok).toBe(true);
    await expect.poll(() => received).toEqual(['still here']);
  });

  it('of unknown events, or a flood of valid ones, drops the connection too', async () => {
    await start({ rateLimitScale: 0.1 });
    const unknown = await client();
    const gone = new Promise((resolve) => unknown.once('disconnect', resolve));
    for (let i = 0; i < 10; i++) (unknown as unknown as Socket).emit('what:is:this', i);
    expect(await gone).toBe('io server disconnect');

    const peeker = await client();
    const peekerGone = new Promise((resolve) => peeker.once('disconnect', resolve));
    for (let i = 0; i < 200; i++) peeker.emit('room:peek', { roomId: 'lobby' }, () => {});
    expect(await peekerGone).toBe('io server disconnect');
  });
});

/** A session description of `bytes` characters, shaped like one. */
const sdp = (bytes: number) => `v=0\r\n${'a=x\r\n'.repeat(Math.ceil(bytes / 5))}`.slice(0, bytes);
const offerOf = (bytes: number) => ({ type: 'offer' as const, sdp: sdp(bytes) });

async function fullRoom(roomId: string) {
  const people = [];
  for (let i = 0; i < 8; i++) people.push(await join(roomId, `P${i}`));
  return people;
}

describe('signal bytes', () => {
  it('fit a newcomer negotiating with a full room, and renegotiating twice', async () => {
    await start(); // capacity 8
    const [newcomer, ...others] = await fullRoom('mesh');
    if (!newcomer) throw new Error('no newcomer');
    const acks = [];
    // The largest measured offer (Chromium, a second video) and twenty candidates, then two
    // renegotiations (new descriptions, the same candidates).
    for (let round = 0; round < 3; round++) {
      for (const peer of others) {
        acks.push(
          newcomer.socket.timeout(5000).emitWithAck('signal:send', {
            to: peer.id,
            link: 'l',
            data: offerOf(11_500),
          }),
        );
        acks.push(
          peer.socket.timeout(5000).emitWithAck('signal:send', {
            to: newcomer.id,
            link: 'l',
            data: { type: 'answer', sdp: sdp(10_000) },
          }),
        );
        for (let c = 0; c < (round === 0 ? 20 : 0); c++) {
          acks.push(
            newcomer.socket.timeout(5000).emitWithAck('signal:send', {
              to: peer.id,
              link: 'l',
              data: {
                type: 'candidate',
                candidate: { candidate: `candidate:${c} 1 udp ${'9'.repeat(150)}`, sdpMid: '0' },
              },
            }),
          );
        }
      }
    }
    const answers = await Promise.all(acks);
    expect(answers.filter((answer) => !answer.ok)).toEqual([]);
  });

  it('past the sender budget are refused with rate_limited, and never reach the receiver', async () => {
    await start();
    const [sender, receiver] = await fullRoom('flood');
    if (!sender || !receiver) throw new Error('no pair');
    let bytesReceived = 0;
    receiver.socket.on('signal:receive', ({ data }) => {
      bytesReceived += JSON.stringify(data).length;
    });
    const answers = [];
    for (let i = 0; i < 15; i++) {
      answers.push(
        await sender.socket
          .timeout(5000)
          .emitWithAck('signal:send', { to: receiver.id, link: 'l', data: offerOf(60_000) }),
      );
    }
    const refused = answers.filter((answer) => !answer.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ error: { code: 'rate_limited' } });
    const budget = SIGNAL_BYTES_PER_PEER * 7;
    await expect
      .poll(() => bytesReceived)
      .toBe((15 - refused.length) * JSON.stringify(offerOf(60_000)).length);
    expect(bytesReceived).toBeLessThanOrEqual(budget);
  });

  it('past the receiver budget are refused, though each sender is within its own', async () => {
    await start();
    const [victim, ...senders] = await fullRoom('pile-on');
    if (!victim) throw new Error('no victim');
    let bytesReceived = 0;
    victim.socket.on('signal:receive', ({ data }) => {
      bytesReceived += JSON.stringify(data).length;
    });
    const answers = await Promise.all(
      senders.flatMap((sender) =>
        Array.from({ length: 3 }, () =>
          sender.socket
            .timeout(5000)
            .emitWithAck('signal:send', { to: victim.id, link: 'l', data: offerOf(60_000) }),
        ),
      ),
    );
    const refused = answers.filter((answer) => !answer.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({
      error: { code: 'rate_limited', message: expect.stringMatching(/receiving/) },
    });
    await expect
      .poll(() => bytesReceived)
      .toBe((answers.length - refused.length) * JSON.stringify(offerOf(60_000)).length);
    expect(bytesReceived).toBeLessThanOrEqual(SIGNAL_BYTES_PER_PEER * 7);
  });
});
