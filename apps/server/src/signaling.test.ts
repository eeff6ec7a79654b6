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

let app: App | undefined;
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

const sendChat = (socket: Client, text: string) =>
  socket.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text });

/** Sends a chat line from `from` and waits until `to` has it: all sent before has arrived. */
async function marker(from: Client, to: Client) {
  const arrived = nextEvent(to, 'chat:message');
  await from.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'marker' });
  await arrived;
}

const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } as const;

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await app?.close();
  app = undefined;
});

describe('joining and presence', () => {
  it('answers a join with the participant, those present and the history, and tells the room', async () => {
    await start();
    const alice = await joined('team', 'Alice');
    expect(alice.ack.participants).toEqual([]);
    expect(alice.ack.history).toEqual([]);
    expect(alice.self).toEqual({
      id: expect.any(String),
      name: 'Alice',
      audio: true,
      video: true,
      screen: false,
    });

    const announced = nextEvent(alice.socket, 'participant:joined');
    const bob = await joined('team', '  Bob  ', { audio: false, video: true });
    expect(bob.self).toEqual({
      id: expect.any(String),
      name: 'Bob',
      audio: false,
      video: true,
      screen: false,
    });
    expect(bob.self.id).not.toBe(alice.self.id);
    expect(bob.ack.participants).toEqual([alice.self]);
    expect(await announced).toEqual(bob.self);

    const carol = await joined('team', 'Carol');
    expect(carol.ack.participants).toEqual([alice.self, bob.self]);
  });

  it('counts the people in a room for a peeking socket and keeps the count current', async () => {
    await start({ roomCapacity: 5 });
    const watcher = await client();
    const peek = await watcher.timeout(2000).emitWithAck('room:peek', { roomId: 'lobby-test' });
    expect(peek).toEqual({ ok: true, count: 0, capacity: 5 });

    const one = nextEvent(watcher, 'room:count');
    const alice = await joined('lobby-test', 'Alice');
    expect(await one).toEqual({ roomId: 'lobby-test', count: 1 });

    const two = nextEvent(watcher, 'room:count');
    const bob = await joined('lobby-test', 'Bob');
    expect(await two).toEqual({ roomId: 'lobby-test', count: 2 });

    const afterLeave = nextEvent(watcher, 'room:count');
    await bob.socket.timeout(2000).emitWithAck('room:leave', {});
    expect(await afterLeave).toEqual({ roomId: 'lobby-test', count: 1 });

    const afterHangUp = nextEvent(watcher, 'room:count');
    alice.socket.disconnect();
    expect(await afterHangUp).toEqual({ roomId: 'lobby-test', count: 0 });

    const again = await watcher.timeout(2000).emitWithAck('room:peek', { roomId: 'lobby-test' });
    expect(again).toEqual({ ok: true, count: 0, capacity: 5 });
  });

  it('announces a departure on leave and on hang-up at once, and lets a leaver join again', async () => {
    // The default grace period is long: a hang-up that held the seat would time out here.
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const carol = await joined('room', 'Carol');

    const bobLeft = nextEvent(alice.socket, 'participant:left');
    expect(await bob.socket.timeout(2000).emitWithAck('room:leave', {})).toEqual({ ok: true });
    expect(await bobLeft).toEqual({ id: bob.self.id });

    const carolLeft = nextEvent(alice.socket, 'participant:left');
    carol.socket.disconnect();
    expect(await carolLeft).toEqual({ id: carol.self.id });

    const bobBack = nextEvent(alice.socket, 'participant:joined');
    const back = await bob.socket.timeout(2000).emitWithAck('room:join', {
      roomId: 'room',
      name: 'Bob',
      audio: true,
      video: true,
    });
    if (!back.ok) throw new Error(`rejoin refused: ${back.error.code}`);
    expect(back.participants).toEqual([alice.self]);
    expect(await bobBack).toEqual(back.self);
  });

  it('refuses a join to a second room while in one, and the first room is unaffected', async () => {
    await start();
    const alice = await joined('first', 'Alice');
    const bob = await joined('first', 'Bob');
    const watcher = await client();
    await watcher.timeout(2000).emitWithAck('room:peek', { roomId: 'second' });
    const aliceSaw = record(alice.socket);
    const watcherSaw = record(watcher);

    const moved = await bob.socket.timeout(2000).emitWithAck('room:join', {
      roomId: 'second',
      name: 'Bob',
      audio: true,
      video: true,
    });
    expect(moved).toMatchObject({ ok: false, error: { code: 'already_in_room' } });

    const peek = await alice.socket.timeout(2000).emitWithAck('room:peek', { roomId: 'first' });
    expect(peek).toMatchObject({ ok: true, count: 2 });
    await marker(bob.socket, alice.socket);
    expect(aliceSaw.map(([event]) => event)).toEqual(['chat:message']);
    expect(watcherSaw).toEqual([]);
  });

  it('refuses a connection that resumes its own seat with a wrong token, and leaves no ghost', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const aliceSaw = record(alice.socket);

    const again = await bob.socket.timeout(2000).emitWithAck('room:join', {
      roomId: 'room',
      name: 'Bob',
      audio: true,
      video: true,
      resume: { id: bob.self.id, token: 'x'.repeat(32) },
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_in_room' } });

    const gone = nextEvent(alice.socket, 'participant:left');
    bob.socket.disconnect();
    await gone;
    // Someone joining later is announced after it: Bob was announced gone once, and nothing else.
    const later = nextEvent(alice.socket, 'participant:joined');
    const carol = await joined('room', 'Carol');
    await later;
    expect(aliceSaw).toEqual([
      ['participant:left', { id: bob.self.id }],
      ['participant:joined', carol.self],
    ]);
    // Alice and Carol: no seat of Bob's is left behind.
    const peek = await alice.socket.timeout(2000).emitWithAck('room:peek', { roomId: 'room' });
    expect(peek).toMatchObject({ ok: true, count: 2 });
  });

  it('broadcasts a state update and acknowledges it with the new state', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const updated = nextEvent(alice.socket, 'participant:updated');
    const ack = await bob.socket
      .timeout(2000)
      .emitWithAck('participant:update', { audio: false, name: ' Robert ' });
    const expected = { id: bob.self.id, name: 'Robert', audio: false, video: true, screen: false };
    expect(ack).toEqual({ ok: true, self: expected });
    expect(await updated).toEqual(expected);

    const carol = await joined('room', 'Carol');
    expect(carol.ack.participants).toEqual([alice.self, expected]);
  });

  it('refuses a state update from a socket that has not joined', async () => {
    await start();
    const outsider = await client();
    const ack = await outsider.timeout(2000).emitWithAck('participant:update', { audio: false });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
  });

  it('refuses a join past capacity, the room does not hear of it, and other rooms are unaffected', async () => {
    await start({ roomCapacity: 2 });
    const alice = await joined('small', 'Alice');
    const bob = await joined('small', 'Bob');
    const seen = record(alice.socket);

    const carol = await client();
    const refused = await carol.timeout(2000).emitWithAck('room:join', {
      roomId: 'small',
      name: 'Carol',
      audio: true,
      video: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'room_full', message: expect.any(String) } });
    const peek = await carol.timeout(2000).emitWithAck('room:peek', { roomId: 'small' });
    expect(peek).toEqual({ ok: true, count: 2, capacity: 2 });

    const elsewhere = await carol.timeout(2000).emitWithAck('room:join', {
      roomId: 'big',
      name: 'Carol',
      audio: true,
      video: true,
    });
    expect(elsewhere.ok).toBe(true);

    // A later message reaches Alice; nothing about Carol came before it.
    const marker = nextEvent(alice.socket, 'chat:message');
    await sendChat(bob.socket, 'marker');
    await marker;
    expect(seen.map(([event]) => event)).toEqual(['chat:message']);
  });
});

describe('signal relay', () => {
  it('relays a signal to the named participant only, stamped with the sender', async () => {
    await start();
    const alice = await joined('call', 'Alice');
    const bob = await joined('call', 'Bob');
    const carol = await joined('call', 'Carol');
    const aliceSaw = record(alice.socket);
    const carolSaw = record(carol.socket);

    const received = nextEvent(alice.socket, 'signal:receive');
    const ack = await bob.socket
      .timeout(2000)
      .emitWithAck('signal:send', { to: alice.self.id, link: 'link-1', data: offer });
    expect(ack).toEqual({ ok: true });
    expect(await received).toEqual({ from: bob.self.id, link: 'link-1', data: offer });

    const forCarol = nextEvent(carol.socket, 'signal:receive');
    await bob.socket
      .timeout(2000)
      .emitWithAck('signal:send', { to: carol.self.id, link: 'link-2', data: offer });
    await forCarol;

    // A chat line Bob sends after both reaches each of them: by then each had their own
    // signal once, and not the other's.
    const markers = [alice, carol].map(({ socket }) => nextEvent(socket, 'chat:message'));
    await sendChat(bob.socket, 'marker');
    await Promise.all(markers);
    const chatLine = ['chat:message', expect.objectContaining({ text: 'marker' })];
    expect(aliceSaw).toEqual([
      ['signal:receive', { from: bob.self.id, link: 'link-1', data: offer }],
      chatLine,
    ]);
    expect(carolSaw).toEqual([
      ['signal:receive', { from: bob.self.id, link: 'link-2', data: offer }],
      chatLine,
    ]);
  });

  it('refuses a signal to another room, to an unknown id or to oneself, and delivers none', async () => {
    await start();
    const alice = await joined('room-a', 'Alice');
    const bob = await joined('room-a', 'Bob');
    const stranger = await joined('room-b', 'Stranger');
    const saw = [alice, bob, stranger].map(({ socket }) => record(socket));

    const attempts: [Client, string][] = [
      [bob.socket, stranger.self.id],
      [bob.socket, 'no-such-participant'],
      [alice.socket, alice.self.id],
    ];
    for (const [sender, to] of attempts) {
      const ack = await sender.timeout(2000).emitWithAck('signal:send', { to, link: 'link-1', data: offer });
      expect(ack, to).toMatchObject({ ok: false, error: { code: 'unknown_participant' } });
    }

    // Markers that must arrive: nothing refused came before them.
    const markers = [alice, bob, stranger].map(({ socket }) => nextEvent(socket, 'participant:joined'));
    await joined('room-a', 'Marker');
    await joined('room-b', 'Marker');
    await Promise.all(markers);
    for (const events of saw) expect(events.map(([event]) => event)).toEqual(['participant:joined']);
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
    const carol = await joined('room', 'Carol');
    const aliceSaw = record(alice.socket);
    const signal = { to: alice.self.id, link: 'link-1', data: offer };

    const spoofed = await rawRequest(bob.socket, 'signal:send', { ...signal, from: carol.self.id });
    expect(spoofed).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

    const received = nextEvent(alice.socket, 'signal:receive');
    expect(await rawRequest(bob.socket, 'signal:send', signal)).toEqual({ ok: true });
    expect(await received).toEqual({ from: bob.self.id, link: 'link-1', data: offer });
    // Once a later chat line is there, Alice has had that one signal, once, and no other.
    await marker(bob.socket, alice.socket);
    expect(aliceSaw.map(([event]) => event)).toEqual(['signal:receive', 'chat:message']);
  });
});

describe('bad input', () => {
  it.each([
    ['a missing field', 'room:join', { roomId: 'room', name: 'Alice', audio: true }],
    ['a string instead of an object', 'room:join', 'join me'],
    ['a room id with upper case', 'room:join', { roomId: 'Room', name: 'A', audio: true, video: true }],
    ['an unknown key', 'room:peek', { roomId: 'room', all: true }],
    ['an update that changes nothing', 'participant:update', {}],
    ['null', 'signal:send', null],
    ['a signal without data', 'signal:send', { to: 'x', link: 'link-1' }],
    [
      'an oversized sdp',
      'signal:send',
      { to: 'x', link: 'link-1', data: { type: 'offer', sdp: 'a'.repeat(SDP_MAX_LENGTH + 1) } },
    ],
    ['an unknown signal type', 'signal:send', { to: 'x', link: 'link-1', data: { type: 'hello' } }],
    ['a number', 'chat:send', 42],
    ['empty chat', 'chat:send', { id: randomUUID(), text: '' }],
    ['whitespace-only chat', 'chat:send', { id: randomUUID(), text: ' \n\t ' }],
    ['oversized chat', 'chat:send', { id: randomUUID(), text: 'x'.repeat(CHAT_TEXT_MAX_LENGTH + 1) }],
  ])('refuses %s with invalid_payload and keeps working', async (_, event, payload) => {
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const bobSaw = record(bob.socket);
    const ack = await rawRequest(alice.socket, event, payload);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.any(String) } });

    // Still in the room, still served, and the room heard nothing of the refused request.
    const relayed = nextEvent(bob.socket, 'chat:message');
    expect((await sendChat(alice.socket, 'still here')).ok).toBe(true);
    await relayed;
    expect(bobSaw).toEqual([['chat:message', expect.objectContaining({ text: 'still here' })]]);
  });

  it('survives events sent without an acknowledgement callback, and unknown events', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const raw = alice.socket as unknown as Socket;
    raw.emit('chat:send', { id: randomUUID(), text: 'no ack' });
    raw.emit('chat:send');
    raw.emit('signal:send', { to: 'x', link: 'l', data: { type: 'offer', sdp: 1 } });
    raw.emit('no-such-event', { anything: true });
    expect((await sendChat(alice.socket, 'with ack')).ok).toBe(true);
    const { socket: bob, ack: bobJoin } = await joined('room', 'Bob');
    expect(bobJoin.history.map((m) => m.text)).toEqual(['no ack', 'with ack']);
    expect(alice.socket.connected).toBe(true);
    expect(bob.connected).toBe(true);
  });
});

describe('chat', () => {
  it('stamps a message, acknowledges it to the sender and relays it to the others only', async () => {
    await start();
    const alice = await joined('room', 'Alice');
    const bob = await joined('room', 'Bob');
    const aliceSaw = record(alice.socket);
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

    // The sender is not sent its own message back: Bob's reply is the first thing Alice gets.
    const reply = nextEvent(alice.socket, 'chat:message');
    await sendChat(bob.socket, 'hello');
    await reply;
    expect(aliceSaw).toEqual([['chat:message', expect.objectContaining({ from: bob.self.id, name: 'Bob' })]]);
  });

  it('refuses chat from a socket that has not joined', async () => {
    await start();
    const outsider = await client();
    const ack = await sendChat(outsider, 'hello?');
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
  });

  it('hands a late joiner the last messages, oldest first', async () => {
    // More messages than the chat rate limit lets through in a few seconds.
    await start({ rateLimitScale: 0 });
    const alice = await joined('room', 'Alice');
    const total = CHAT_HISTORY_LIMIT + 5;
    for (let i = 0; i < total; i++) await sendChat(alice.socket, `message ${i}`);
    const late = await joined('room', 'Late');
    const texts = late.ack.history.map((message) => message.text);
    const expected = Array.from(
      { length: CHAT_HISTORY_LIMIT },
      (_, i) => `message ${total - CHAT_HISTORY_LIMIT + i}`,
    );
    expect(texts).toEqual(expected);
    expect(late.ack.history[0]).toMatchObject({ from: alice.self.id, name: 'Alice' });
  });

  it('keeps each room to its own history', async () => {
    await start();
    const alice = await joined('one', 'Alice');
    await sendChat(alice.socket, 'only for room one');
    const other = await joined('two', 'Other');
    expect(other.ack.history).toEqual([]);
  });
});

describe('a request with a callback and no payload', () => {
  it('is answered with invalid_payload rather than left hanging', async () => {
    await start();
    const socket = await client();
    const answer = await rawRequest(socket, 'room:leave');
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
