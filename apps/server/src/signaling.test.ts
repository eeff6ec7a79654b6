import { randomUUID } from 'node:crypto';
import {
  CHAT_HISTORY_LIMIT,
  CHAT_TEXT_MAX_LENGTH,
  type ChatMessage,
  type JoinResult,
  SDP_MAX_LENGTH,
} from '@moim/protocol';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { type Client, connect, nextEvent, record } from './test-support.js';

let app: App;
let url: string;
const clients: Client[] = [];

async function start(overrides: Partial<Config> = {}) {
  app = createApp(testConfig(overrides));
  url = await app.listen();
}

async function client() {
  const socket = await connect(url);
  clients.push(socket);
  return socket;
}

/** Sends without type checks: what a hostile or broken client could send. */
function rawRequest(socket: Client, event: string, ...args: unknown[]) {
  return (socket as unknown as Socket).timeout(2000).emitWithAck(event, ...args);
}

async function joined(roomId: string, name: string, media = { audio: true, video: true }) {
  const socket = await client();
  const ack = await socket.timeout(2000).emitWithAck('room:join', { roomId, name, ...media });
  if (!ack.ok) throw new Error(`join failed: ${ack.error.code}`);
  return { socket, self: ack.self, ack: ack as { ok: true } & JoinResult };
}

const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } as const;

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await app?.close();
});

describe('joining and presence', () => {
  it('answers a join with the participant, those present and the history, and tells the room', async () => {
    await start();
    const alice = await joined('team', 'Alice');
    expect(alice.ack.participants).toEqual([]);
    expect(alice.ack.history).toEqual([]);
    expect(alice.self).toEqual({ id: expect.any(String), name: 'Alice', audio: true, video: true });

    const announced = nextEvent(alice.socket, 'participant:joined');
    const bob = await joined('team', '  Bob  ', { audio: false, video: true });
    expect(bob.self.name).toBe('Bob');
    expect(bob.ack.participants).toEqual([alice.self]);
    expect(await announced).toEqual(bob.self);
    expect(bob.self.id).not.toBe(alice.self.id);
  });

  it('counts the people in a room for the lobby and keeps the count current', async () => {
    await start({ roomCapacity: 5, reconnectGraceMs: 20 });
    const watcher = await client();
    const peek = await watcher.timeout(2000).emitWithAck('room:peek', { roomId: 'lobby-test' });
    expect(peek).toEqual({ ok: true, count: 0, capacity: 5 });

    const counted = nextEvent(watcher, 'room:count');
    const alice = await joined('lobby-test', 'Alice');
    expect(await counted).toEqual({ roomId: 'lobby-test', count: 1 });

    const uncounted = nextEvent(watcher, 'room:count');
    alice.socket.disconnect();
    expect(await uncounted).toEqual({ roomId: 'lobby-test', count: 0 });
  });

  it('announces a departure on leave at once, on disconnect after the grace period, and lets a leaver join again', async () => {
    await start({ reconnectGraceMs: 50 });
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const carol = await joined('room', 'Carol');

    const bobLeft = nextEvent(alice.socket, 'participant:left');
    expect(await bob.socket.timeout(2000).emitWithAck('room:leave', {})).toEqual({ ok: true });
    expect(await bobLeft).toEqual({ id: bob.self.id });

    const carolLeft = nextEvent(alice.socket, 'participant:left');
    carol.socket.disconnect();
    expect(await carolLeft).toEqual({ id: carol.self.id });

    const back = await bob.socket.timeout(2000).emitWithAck('room:join', {
      roomId: 'room',
      name: 'Bob',
      audio: true,
      video: true,
    });
    expect(back).toMatchObject({ ok: true, participants: [{ name: 'Alice' }] });
    expect((back as JoinResult).participants).toHaveLength(1);
  });

  it('moves a socket that joins a second room out of the first', async () => {
    await start();
    const alice = await joined('first', 'Alice');
    const bob = await joined('first', 'Bob');
    const left = nextEvent(alice.socket, 'participant:left');
    await bob.socket.timeout(2000).emitWithAck('room:join', {
      roomId: 'second',
      name: 'Bob',
      audio: true,
      video: true,
    });
    expect(await left).toEqual({ id: bob.self.id });
  });

  it('broadcasts a state update and acknowledges it with the new state', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const updated = nextEvent(alice.socket, 'participant:updated');
    const ack = await bob.socket
      .timeout(2000)
      .emitWithAck('participant:update', { audio: false, name: 'Robert' });
    const expected = { id: bob.self.id, name: 'Robert', audio: false, video: true };
    expect(ack).toEqual({ ok: true, self: expected });
    expect(await updated).toEqual(expected);
  });

  it('refuses a join past capacity and the room does not hear of it', async () => {
    await start({ roomCapacity: 2 });
    const alice = await joined('small', 'Alice');
    await joined('small', 'Bob');
    const seen = record(alice.socket);

    const carol = await client();
    const refused = await carol.timeout(2000).emitWithAck('room:join', {
      roomId: 'small',
      name: 'Carol',
      audio: true,
      video: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'room_full' } });

    // Another room is unaffected.
    const elsewhere = await carol.timeout(2000).emitWithAck('room:join', {
      roomId: 'big',
      name: 'Carol',
      audio: true,
      video: true,
    });
    expect(elsewhere.ok).toBe(true);

    // A later event reaches Alice; nothing about Carol came before it.
    const dave = await client();
    await dave.timeout(2000).emitWithAck('room:peek', { roomId: 'small' });
    const chat = nextEvent(alice.socket, 'chat:message');
    const bobSocket = clients[1];
    await bobSocket?.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'marker' });
    await chat;
    expect(seen.map(([event]) => event)).toEqual(['chat:message']);
  });
});

describe('signal relay', () => {
  it('relays a signal to the named participant only, stamped with the sender', async () => {
    await start();
    const alice = await joined('call', 'Alice');
    const bob = await joined('call', 'Bob');
    const carol = await joined('call', 'Carol');
    const carolSaw = record(carol.socket);

    const received = nextEvent(alice.socket, 'signal:receive');
    const ack = await bob.socket
      .timeout(2000)
      .emitWithAck('signal:send', { to: alice.self.id, link: 'link-1', data: offer });
    expect(ack).toEqual({ ok: true });
    expect(await received).toEqual({ from: bob.self.id, link: 'link-1', data: offer });

    // Carol gets the next signal meant for her, and nothing before it.
    const forCarol = nextEvent(carol.socket, 'signal:receive');
    await bob.socket
      .timeout(2000)
      .emitWithAck('signal:send', { to: carol.self.id, link: 'link-1', data: offer });
    await forCarol;
    expect(carolSaw).toEqual([['signal:receive', { from: bob.self.id, link: 'link-1', data: offer }]]);
  });

  it('refuses a signal to another room, to an unknown id or to oneself, and delivers none', async () => {
    await start();
    const alice = await joined('room-a', 'Alice');
    const bob = await joined('room-a', 'Bob');
    const stranger = await joined('room-b', 'Stranger');
    const strangerSaw = record(stranger.socket);
    const bobSaw = record(bob.socket);

    for (const to of [stranger.self.id, 'no-such-participant', alice.self.id]) {
      const sender = to === alice.self.id ? alice : bob;
      const target = to === alice.self.id ? alice.self.id : to;
      const ack = await sender.socket
        .timeout(2000)
        .emitWithAck('signal:send', { to: target, link: 'link-1', data: offer });
      expect(ack).toMatchObject({ ok: false, error: { code: 'unknown_participant' } });
    }

    // Markers that must arrive: nothing refused came before them.
    const strangerMarker = nextEvent(stranger.socket, 'participant:joined');
    const bobMarker = nextEvent(bob.socket, 'participant:joined');
    await joined('room-b', 'Marker');
    await joined('room-a', 'Marker');
    await Promise.all([strangerMarker, bobMarker]);
    expect(strangerSaw.map(([event]) => event)).toEqual(['participant:joined']);
    expect(bobSaw.map(([event]) => event)).toEqual(['participant:joined']);
  });

  it('refuses a signal from a socket that has not joined', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const outsider = await client();
    const ack = await outsider
      .timeout(2000)
      .emitWithAck('signal:send', { to: alice.self.id, link: 'link-1', data: offer });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
  });

  it('refuses a spoofed sender: the payload cannot carry `from`', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const ack = await rawRequest(bob.socket, 'signal:send', {
      to: alice.self.id,
      from: 'someone-else',
      data: offer,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});

describe('bad input', () => {
  it.each([
    ['a missing field', 'room:join', { roomId: 'room', name: 'Alice', audio: true }],
    ['a string instead of an object', 'room:join', 'join me'],
    ['a room id with upper case', 'room:join', { roomId: 'Room', name: 'A', audio: true, video: true }],
    [
      'an oversized sdp',
      'signal:send',
      { to: 'x', link: 'link-1', data: { type: 'offer', sdp: 'a'.repeat(SDP_MAX_LENGTH + 1) } },
    ],
    ['an unknown signal type', 'signal:send', { to: 'x', link: 'link-1', data: { type: 'hello' } }],
    ['empty chat', 'chat:send', { id: randomUUID(), text: '   ' }],
    ['oversized chat', 'chat:send', { id: randomUUID(), text: 'x'.repeat(CHAT_TEXT_MAX_LENGTH + 1) }],
  ])('refuses %s with invalid_payload and keeps working', async (_, event, payload) => {
    await start();
    const alice = await joined('room', 'Alice');
    const ack = await rawRequest(alice.socket, event, payload);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.any(String) } });
    const chat = await alice.socket
      .timeout(2000)
      .emitWithAck('chat:send', { id: randomUUID(), text: 'still here' });
    expect(chat.ok).toBe(true);
  });

  it('survives events sent without an acknowledgement callback, and unknown events', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const raw = alice.socket as unknown as Socket;
    raw.emit('chat:send', { id: randomUUID(), text: 'no ack' });
    raw.emit('chat:send');
    raw.emit('no-such-event', { anything: true });
    const ack = await alice.socket
      .timeout(2000)
      .emitWithAck('chat:send', { id: randomUUID(), text: 'with ack' });
    expect(ack.ok).toBe(true);
    const { socket: bob, ack: bobJoin } = await joined('room', 'Bob');
    expect(bobJoin.history.map((m) => m.text)).toEqual(['no ack', 'with ack']);
    expect(bob.connected).toBe(true);
  });
});

describe('chat', () => {
  it('stamps a message, acknowledges it to the sender and relays it to the others', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const relayed = nextEvent(bob.socket, 'chat:message');
    const before = Date.now();
    const id = randomUUID();
    const ack = await alice.socket.timeout(2000).emitWithAck('chat:send', { id, text: ' <b>hi</b> ' });
    if (!ack.ok) throw new Error('refused');
    const expected: ChatMessage = {
      id,
      from: alice.self.id,
      name: 'Alice',
      text: ' <b>hi</b> ',
      sentAt: expect.any(Number),
    };
    expect(ack.message).toEqual(expected);
    expect(ack.message.sentAt).toBeGreaterThanOrEqual(before);
    expect(ack.message.sentAt).toBeLessThanOrEqual(Date.now());
    expect(await relayed).toEqual(ack.message);
  });

  it('refuses chat from a socket that has not joined', async () => {
    await start();
    const outsider = await client();
    const ack = await outsider.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'hello?' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
  });

  it('hands a late joiner the last messages, oldest first', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const total = CHAT_HISTORY_LIMIT + 5;
    for (let i = 0; i < total; i++) {
      await alice.socket.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: `message ${i}` });
    }
    const late = await joined('room', 'Late');
    const texts = late.ack.history.map((message) => message.text);
    expect(texts).toHaveLength(CHAT_HISTORY_LIMIT);
    expect(texts[0]).toBe('message 5');
    expect(texts.at(-1)).toBe(`message ${total - 1}`);
  });

  it('keeps each room to its own history', async () => {
    await start();
    const alice = await joined('one', 'Alice');
    await alice.socket
      .timeout(2000)
      .emitWithAck('chat:send', { id: randomUUID(), text: 'only for room one' });
    const other = await joined('two', 'Other');
    expect(other.ack.history).toEqual([]);
  });
});
