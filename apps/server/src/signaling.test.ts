import { afterEach, describe, expect, it } from 'vitest';
import { client, joined, marker, rawRequest, sendChat, start, stopAll } from './signaling-harness.js';
import { nextEvent, record } from './test-support.js';

afterEach(stopAll);

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

describe('a request with a callback and no payload', () => {
  it('is answered with invalid_payload rather than left hanging', async () => {
    await start();
    const socket = await client();
    const answer = await rawRequest(socket, 'room:leave');
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
