import { randomUUID } from 'node:crypto';
import { CHAT_HISTORY_LIMIT, CHAT_TEXT_MAX_LENGTH, type ChatMessage, SDP_MAX_LENGTH } from '@moim/protocol';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { client, joined, marker, offer, rawRequest, sendChat, start, stopAll } from './signaling-harness.js';
import { type Client, nextEvent, record } from './test-support.js';

afterEach(stopAll);

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
    [
      'a room id with mixed scripts',
      'room:join',
      { roomId: 'p\u0430ypal', name: 'A', audio: true, video: true },
    ],
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
