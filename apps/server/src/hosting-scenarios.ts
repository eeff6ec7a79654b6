import { randomUUID } from 'node:crypto';
import { type Ack, KNOCKS_MAX, REACTIONS_PER_WINDOW, type ServerToClientEvents } from '@moim/protocol';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from './config.js';
import { type Client, connect, dropConnection, record } from './test-support.js';

/**
 * Every hosting rule (issue #17), with real Socket.IO clients: run against one server
 * (hosting.test.ts) and against two instances sharing Redis (hosting.redis.test.ts), where
 * the host and the others sit on alternating instances. `open` starts the server(s) for one
 * test and resolves with two URLs (the same one twice for a single server). Real sockets on a
 * loaded machine: each test may take up to 30 s (nothing asserts timing).
 */
export function hostingScenarios(
  name: string,
  open: (overrides?: Partial<Config>) => Promise<[string, string]>,
) {
  const clients: Client[] = [];
  let urls: [string, string];
  afterEach(() => {
    for (const socket of clients.splice(0)) socket.disconnect();
  });

  const start = async (overrides: Partial<Config> = {}) => {
    urls = await open(overrides);
  };
  /** Person `i` connects to instance i % 2: the host (0) and the next person (1) are on different ones. */
  async function connectAs(i: number) {
    const socket = await connect(urls[i % 2] as string);
    clients.push(socket);
    return socket;
  }
  type Resume = { id: string; token: string };
  const joinPayload = (name: string, roomId: string, resume?: Resume) => ({
    roomId,
    name,
    audio: true,
    video: true,
    ...(resume ? { resume } : {}),
  });
  async function attempt(socket: Client, name: string, roomId = 'room', resume?: Resume) {
    return socket.timeout(3000).emitWithAck('room:join', joinPayload(name, roomId, resume));
  }
  /** Person `i` joins and is in. */
  async function joined(i: number, name: string, roomId = 'room', resume?: Resume) {
    const socket = await connectAs(i);
    const ack = await attempt(socket, name, roomId, resume);
    if (!ack.ok) throw new Error(`${name}'s join was refused: ${ack.error.code}`);
    return { socket, ack, id: ack.self.id, seat: { id: ack.self.id, token: ack.token } };
  }
  /** Person `i` tries to join a locked room and is parked. */
  async function knocking(i: number, name: string, roomId = 'room', resume?: Resume) {
    const socket = await connectAs(i);
    const saw = record(socket);
    const ack = await attempt(socket, name, roomId, resume);
    expect(ack).toEqual({ ok: false, error: { code: 'waiting_for_host', message: expect.any(String) } });
    return { socket, saw, ack };
  }
  /** Resolves with the first `event` on `socket` for which `accept` holds (set it up before the cause). */
  function waitFor<E extends keyof ServerToClientEvents>(
    socket: Client,
    event: E,
    accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Parameters<ServerToClientEvents[E]>[0]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.off(event, listener as never);
        reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
        if (!accept(payload)) return;
        clearTimeout(timer);
        socket.off(event, listener as never);
        resolve(payload);
      };
      socket.on(event, listener as never);
    });
  }
  const names = (knocks: { name: string }[]) => knocks.map((knock) => knock.name);
  const knockList = (host: Client, expected: string[]) =>
    waitFor(host, 'knock:list', ({ knocks }) => names(knocks).join() === expected.join());
  /** A chat line from `from` that every socket in `to` receives: what was sent before has arrived. */
  async function marker(from: Client, ...to: Client[]) {
    const text = `marker ${randomUUID()}`;
    const arrived = to.map((socket) => waitFor(socket, 'chat:message', (message) => message.text === text));
    const ack = await from.timeout(3000).emitWithAck('chat:send', { id: randomUUID(), text });
    expect(ack.ok).toBe(true);
    await Promise.all(arrived);
  }
  /** Events other than the markers. */
  const besidesMarkers = (seen: [string, unknown][]) =>
    seen.filter(
      ([event, payload]) =>
        !(event === 'chat:message' && String((payload as { text: string }).text).startsWith('marker ')),
    );
  const code = (ack: Ack<object>) => (ack.ok ? 'ok' : ack.error.code);
  /**
   * Drops `who`'s connection and waits until the server holds their seat as away: what only
   * an away participant answers (the host's mute refused with participant_away).
   */
  async function away(host: Client, who: { socket: Client; id: string }) {
    dropConnection(who.socket);
    await expect
      .poll(async () => code(await host.timeout(3000).emitWithAck('host:mute', { id: who.id })))
      .toBe('participant_away');
  }
  const send = <T extends object>(socket: Client, event: string, payload: unknown) =>
    (socket as unknown as Socket).timeout(3000).emitWithAck(event, payload) as Promise<Ack<T>>;
  const closed = (socket: Client) => new Promise((resolve) => socket.once('disconnect', resolve));

  /** A host and two others, in that order of arrival. */
  async function room() {
    const alice = await joined(0, 'Alice');
    const bob = await joined(1, 'Bob');
    const carol = await joined(2, 'Carol');
    return { alice, bob, carol };
  }

  /** The host locks the room, and everyone there hears it. */
  async function lock(host: Client, ...others: Client[]) {
    const heard = [host, ...others].map((socket) => waitFor(socket, 'room:locked', ({ locked }) => locked));
    expect(await host.timeout(3000).emitWithAck('host:lock', { locked: true })).toEqual({ ok: true });
    await Promise.all(heard);
  }

  describe(`${name}: the host`, { timeout: 30_000 }, () => {
    it('is the first person in an empty room, as every join answer says', async () => {
      await start();
      const alice = await joined(0, 'Alice');
      expect(alice.ack).toMatchObject({ hostId: alice.id, locked: false, hands: [], knocks: [] });
      const bob = await joined(1, 'Bob');
      expect(bob.ack).toMatchObject({ hostId: alice.id, locked: false, hands: [], knocks: [] });
      const elsewhere = await joined(1, 'Dan', 'other-room');
      expect(elsewhere.ack.hostId).toBe(elsewhere.id);
    });

    it('stays host through a dropped connection resumed within the grace, and nobody hears otherwise', async () => {
      await start({ reconnectGraceMs: 10_000 });
      const { alice, bob, carol } = await room();
      const bobSaw = record(bob.socket);
      dropConnection(alice.socket);
      const back = await joined(0, 'Alice', 'room', alice.seat);
      expect(back.ack).toMatchObject({ resumed: true, hostId: alice.id });
      // Still the host: the lock works, and Bob's does not.
      await lock(back.socket, bob.socket, carol.socket);
      expect(code(await bob.socket.timeout(3000).emitWithAck('host:lock', { locked: false }))).toBe(
        'not_host',
      );
      await marker(back.socket, bob.socket);
      expect(besidesMarkers(bobSaw)).toEqual([['room:locked', { locked: true }]]);
    });

    it('passes to the person present longest when the host leaves, and everyone hears it', async () => {
      await start();
      const { alice, bob, carol } = await room();
      const told = [bob, carol].map(({ socket }) => waitFor(socket, 'room:host'));
      await alice.socket.timeout(3000).emitWithAck('room:leave', {});
      for (const payload of await Promise.all(told)) expect(payload).toEqual({ hostId: bob.id });
      // Bob acts as host now; Carol, who came later, does not.
      expect(code(await carol.socket.timeout(3000).emitWithAck('host:lock', { locked: true }))).toBe(
        'not_host',
      );
      await lock(bob.socket, carol.socket);
      const dan = await joined(0, 'Dan', 'room-2');
      expect(dan.ack.hostId).toBe(dan.id);
    });

    it('passes on only when a dropped host’s grace runs out, to someone connected before someone away', async () => {
      await start({ reconnectGraceMs: 300 });
      const { alice, bob, carol } = await room();
      const bobGone = waitFor(carol.socket, 'participant:left', ({ id }) => id === bob.id);
      dropConnection(bob.socket);
      await bobGone;
      const dan = await joined(3, 'Dan');
      // Alice's connection drops too; Bob (earlier) is gone: Carol is the longest present.
      const handover = [carol, dan].map(({ socket }) => waitFor(socket, 'room:host'));
      dropConnection(alice.socket);
      for (const payload of await Promise.all(handover)) expect(payload).toEqual({ hostId: carol.id });
    });

    it('prefers someone connected to someone holding their seat through a reconnect', async () => {
      await start({ reconnectGraceMs: 10_000 });
      const { alice, bob, carol } = await room();
      // Bob, next in line, is away (within his grace) when Alice leaves for good: wait until
      // the server has noticed, by asking for what only an away participant answers.
      await away(alice.socket, bob);
      const told = waitFor(carol.socket, 'room:host');
      await alice.socket.timeout(3000).emitWithAck('room:leave', {});
      expect(await told).toEqual({ hostId: carol.id });
    });

    it('hands the role over, and the old host can no longer act as one', async () => {
      await start();
      const { alice, bob, carol } = await room();
      const told = [alice, bob, carol].map(({ socket }) => waitFor(socket, 'room:host'));
      expect(await alice.socket.timeout(3000).emitWithAck('host:transfer', { id: carol.id })).toEqual({
        ok: true,
      });
      for (const payload of await Promise.all(told)) expect(payload).toEqual({ hostId: carol.id });
      expect(code(await alice.socket.timeout(3000).emitWithAck('host:lock', { locked: true }))).toBe(
        'not_host',
      );
      await lock(carol.socket, alice.socket, bob.socket);
      // Knocks go to the new host.
      const listed = knockList(carol.socket, ['Dan']);
      await knocking(3, 'Dan');
      await listed;
    });

    it('hands the knocks waiting over with the role', async () => {
      await start();
      const { alice, bob, carol } = await room();
      await lock(alice.socket, bob.socket, carol.socket);
      const listed = knockList(alice.socket, ['Dan']);
      const dan = await knocking(3, 'Dan');
      const [knock] = (await listed).knocks;
      const toNewHost = knockList(bob.socket, ['Dan']);
      const toOldHost = knockList(alice.socket, []);
      expect(await alice.socket.timeout(3000).emitWithAck('host:transfer', { id: bob.id })).toEqual({
        ok: true,
      });
      await Promise.all([toNewHost, toOldHost]);
      expect(code(await alice.socket.timeout(3000).emitWithAck('host:deny', { id: knock?.id ?? '' }))).toBe(
        'not_host',
      );
      const answer = waitFor(dan.socket, 'knock:answer');
      expect(await bob.socket.timeout(3000).emitWithAck('host:deny', { id: knock?.id ?? '' })).toEqual({
        ok: true,
      });
      expect(await answer).toEqual({ admitted: false, reason: 'denied' });
    });

    it('cannot hand the role to nobody, to themselves or to someone in another room', async () => {
      await start();
      const { alice, bob } = await room();
      const stranger = await joined(1, 'Stranger', 'other-room');
      const bobSaw = record(bob.socket);
      for (const id of [randomUUID(), alice.id, stranger.id]) {
        expect(code(await alice.socket.timeout(3000).emitWithAck('host:transfer', { id }))).toBe(
          'unknown_participant',
        );
      }
      await marker(alice.socket, bob.socket);
      expect(besidesMarkers(bobSaw)).toEqual([]);
    });
  });

  describe(`${name}: anyone but the host`, { timeout: 30_000 }, () => {
    it('is refused every host action with not_host, and nothing changes for anyone', async () => {
      await start();
      const { alice, bob, carol } = await room();
      await lock(alice.socket, bob.socket, carol.socket);
      expect((await alice.socket.timeout(3000).emitWithAck('hand:raise', { raised: true })).ok).toBe(true);
      const knockListed = knockList(alice.socket, ['Dan']);
      const dan = await knocking(3, 'Dan');
      const [knock] = (await knockListed).knocks;
      if (!knock) throw new Error('no knock');
      const saw = [alice, bob, carol].map(({ socket }) => record(socket));

      const actions: [string, unknown][] = [
        ['host:admit', { id: knock.id }],
        ['host:deny', { id: knock.id }],
        ['host:lock', { locked: false }],
        ['host:mute', { id: alice.id }],
        ['host:remove', { id: alice.id }],
        ['host:remove', { id: carol.id }],
        ['host:transfer', { id: bob.id }],
        ['host:lower-hand', { id: alice.id }],
      ];
      for (const [event, payload] of actions) {
        expect([event, code(await send(bob.socket, event, payload))]).toEqual([event, 'not_host']);
      }
      // Outside any room, or only knocking: not in a room at all.
      const outsider = await connectAs(1);
      for (const [event, payload] of actions) {
        expect([event, code(await send(outsider, event, payload))]).toEqual([event, 'not_in_room']);
        expect([event, code(await send(dan.socket, event, payload))]).toEqual([event, 'not_in_room']);
      }

      await marker(alice.socket, bob.socket, carol.socket);
      for (const seen of saw) expect(besidesMarkers(seen)).toEqual([]);
      // Nothing changed: the knock still waits, Alice is host, the room locked, her hand up.
      const answered = waitFor(dan.socket, 'knock:answer');
      expect(await alice.socket.timeout(3000).emitWithAck('host:admit', { id: knock.id })).toEqual({
        ok: true,
      });
      expect(await answered).toEqual({ admitted: true });
      const inside = await attempt(dan.socket, 'Dan');
      expect(inside).toMatchObject({
        ok: true,
        hostId: alice.id,
        locked: true,
        hands: [alice.id],
        knocks: [],
      });
      if (!inside.ok) return;
      expect(inside.participants.map((p: { name: string }) => p.name)).toEqual(['Alice', 'Bob', 'Carol']);
    });
  });

  describe(`${name}: a locked room`, { timeout: 30_000 }, () => {
    it('tells everyone it is locked or unlocked, once per change', async () => {
      await start();
      const { alice, bob, carol } = await room();
      const bobSaw = record(bob.socket);
      await lock(alice.socket, bob.socket, carol.socket);
      expect(await alice.socket.timeout(3000).emitWithAck('host:lock', { locked: true })).toEqual({
        ok: true,
      });
      const unlocked = [alice, bob, carol].map(({ socket }) => waitFor(socket, 'room:locked'));
      expect(await alice.socket.timeout(3000).emitWithAck('host:lock', { locked: false })).toEqual({
        ok: true,
      });
      for (const payload of await Promise.all(unlocked)) expect(payload).toEqual({ locked: false });
      await marker(alice.socket, bob.socket);
      expect(besidesMarkers(bobSaw)).toEqual([
        ['room:locked', { locked: true }],
        ['room:locked', { locked: false }],
      ]);
      // Unlocked: a newcomer walks in.
      const dan = await joined(3, 'Dan');
      expect(dan.ack.locked).toBe(false);
    });

    it('gives a knocker nothing of the room before admission: no names, no chat, no ICE servers', async () => {
      await start({
        ice: {
          stunUrls: ['stun:stun.example.org:3478'],
          turnUrls: ['turn:turn.example.org:3478'],
          turnSecret: 'north-wind',
          turnUsername: null,
          turnPassword: null,
          turnCredentialTtlSeconds: 3600,
          iceTransportPolicy: 'all',
        },
      });
      const { alice, bob, carol } = await room();
      await alice.socket
        .timeout(3000)
        .emitWithAck('chat:send', { id: randomUUID(), text: 'the secret plan' });
      await lock(alice.socket, bob.socket, carol.socket);
      const listed = knockList(alice.socket, ['Dan']);
      const dan = await knocking(3, 'Dan');
      // The refusal says nothing of who is there.
      const refusal = JSON.stringify(dan.ack);
      for (const secret of ['Alice', 'Bob', 'Carol', alice.id, 'secret', 'stun:', 'turn:']) {
        expect(refusal).not.toContain(secret);
      }
      const [knock] = (await listed).knocks;
      expect(knock).toEqual({ id: expect.any(String), name: 'Dan' });
      // What a knocker might ask for: refused, all of it.
      for (const [event, payload] of [
        ['ice:refresh', {}],
        ['chat:history', { before: randomUUID() }],
        ['chat:send', { id: randomUUID(), text: 'let me in' }],
        ['chat:typing', { typing: true }],
        ['participant:update', { audio: false }],
        ['signal:send', { to: alice.id, link: 'l', data: { type: 'renegotiate', renegotiate: true } }],
        ['hand:raise', { raised: true }],
        ['reaction:send', { reaction: 'clap' }],
      ] as const) {
        expect([event, code(await send(dan.socket, event, payload))]).toEqual([event, 'not_in_room']);
      }
      // Joining again while waiting: still waiting, one knock.
      expect(code(await attempt(dan.socket, 'Dan'))).toBe('waiting_for_host');
      // The room carries on meanwhile.
      await alice.socket.timeout(3000).emitWithAck('chat:send', { id: randomUUID(), text: 'more secrets' });
      await bob.socket.timeout(3000).emitWithAck('participant:update', { audio: false });
      await bob.socket.timeout(3000).emitWithAck('hand:raise', { raised: true });
      await bob.socket.timeout(3000).emitWithAck('reaction:send', { reaction: 'heart' });
      await bob.socket.timeout(3000).emitWithAck('chat:typing', { typing: true });
      await carol.socket.timeout(3000).emitWithAck('room:leave', {});
      await joined(2, 'Carol again', 'elsewhere');
      await marker(alice.socket, bob.socket);
      const answered = waitFor(dan.socket, 'knock:answer');
      expect(await alice.socket.timeout(3000).emitWithAck('host:admit', { id: knock?.id ?? '' })).toEqual({
        ok: true,
      });
      await answered;
      // Everything the knocker's socket ever received: the answer, and nothing else.
      expect(dan.saw).toEqual([['knock:answer', { admitted: true }]]);
      const inside = await attempt(dan.socket, 'Dan');
      if (!inside.ok) throw new Error(`admitted join refused: ${inside.error.code}`);
      // Let in, it gets the room, and ICE servers with TURN credentials of its own.
      expect(inside.participants.map((p: { name: string }) => p.name)).toEqual(['Alice', 'Bob']);
      expect(inside.history.map((m: { text: string }) => m.text)).toContain('the secret plan');
      expect(inside.iceServers).toEqual([
        { urls: ['stun:stun.example.org:3478'] },
        expect.objectContaining({
          urls: ['turn:turn.example.org:3478'],
          username: expect.stringContaining(inside.self.id),
        }),
      ]);
      expect(inside.knocks).toEqual([]);
    });

    it('lists every knock to the host in order, and drops those cancelled, closed or denied', async () => {
      await start();
      const { alice, bob } = await room();
      await lock(alice.socket, bob.socket);
      const bobSaw = record(bob.socket);
      let listed = knockList(alice.socket, ['Dan']);
      const dan = await knocking(3, 'Dan');
      await listed;
      listed = knockList(alice.socket, ['Dan', 'Erin']);
      const erin = await knocking(4, 'Erin');
      await listed;
      listed = knockList(alice.socket, ['Dan', 'Erin', 'Frank']);
      const frank = await knocking(5, 'Frank');
      const { knocks } = await listed;

      listed = knockList(alice.socket, ['Dan', 'Frank']);
      expect(await erin.socket.timeout(3000).emitWithAck('knock:cancel', {})).toEqual({ ok: true });
      await listed;
      listed = knockList(alice.socket, ['Dan']);
      frank.socket.disconnect();
      await listed;

      // Denied: told so, and off the list; a new try knocks again.
      listed = knockList(alice.socket, []);
      const answer = waitFor(dan.socket, 'knock:answer');
      expect(await alice.socket.timeout(3000).emitWithAck('host:deny', { id: knocks[0]?.id ?? '' })).toEqual({
        ok: true,
      });
      expect(await answer).toEqual({ admitted: false, reason: 'denied' });
      await listed;
      // Answered knocks, and made-up ones, are nobody.
      for (const knock of knocks) {
        expect(code(await alice.socket.timeout(3000).emitWithAck('host:admit', { id: knock.id }))).toBe(
          'unknown_participant',
        );
      }
      listed = knockList(alice.socket, ['Dan again']);
      expect(code(await attempt(dan.socket, 'Dan again'))).toBe('waiting_for_host');
      await listed;
      // Those who only knocked heard nothing but their answer; the others nothing at all.
      expect(erin.saw).toEqual([]);
      expect(frank.saw).toEqual([]);
      await marker(alice.socket, bob.socket);
      expect(besidesMarkers(bobSaw)).toEqual([]);
    });

    it('tells a knocker nobody answered when the knock timeout runs out', async () => {
      await start({ knockTimeoutMs: 1000 });
      const { alice, bob } = await room();
      await lock(alice.socket, bob.socket);
      const listed = knockList(alice.socket, ['Dan']);
      const emptied = knockList(alice.socket, []);
      const dan = await knocking(3, 'Dan');
      const answer = waitFor(dan.socket, 'knock:answer');
      const [knock] = (await listed).knocks;
      expect(await answer).toEqual({ admitted: false, reason: 'timeout' });
      await emptied;
      // Timed out, it is no longer there to admit; trying again knocks again.
      expect(code(await alice.socket.timeout(3000).emitWithAck('host:admit', { id: knock?.id ?? '' }))).toBe(
        'unknown_participant',
      );
      expect(dan.saw).toEqual([['knock:answer', { admitted: false, reason: 'timeout' }]]);
      expect(code(await attempt(dan.socket, 'Dan'))).toBe('waiting_for_host');
    });

    it('lets an admitted knocker in once, with the join it sends next, and only that socket', async () => {
      await start();
      const { alice, bob } = await room();
      await lock(alice.socket, bob.socket);
      const listed = knockList(alice.socket, ['Dan']);
      const dan = await knocking(3, 'Dan');
      const [knock] = (await listed).knocks;
      const joinedSeen = waitFor(bob.socket, 'participant:joined');
      const answered = waitFor(dan.socket, 'knock:answer');
      await alice.socket.timeout(3000).emitWithAck('host:admit', { id: knock?.id ?? '' });
      await answered;
      // Another socket cannot use Dan's admission: it has no knock of its own but a new one.
      const other = await knocking(4, 'Mallory');
      expect(other.saw).toEqual([]);
      const inside = await attempt(dan.socket, 'Dan');
      expect(inside).toMatchObject({ ok: true, resumed: false });
      expect(await joinedSeen).toMatchObject({ name: 'Dan' });
      // Once: after leaving, Dan knocks again.
      await dan.socket.timeout(3000).emitWithAck('room:leave', {});
      expect(code(await attempt(dan.socket, 'Dan'))).toBe('waiting_for_host');
    });

    it('shows a host who was away the knocks waiting when they come back', async () => {
      await start({ reconnectGraceMs: 10_000 });
      const { alice, bob } = await room();
      await lock(alice.socket, bob.socket);
      dropConnection(alice.socket);
      await expect
        .poll(async () =>
          code(
            await bob.socket.timeout(3000).emitWithAck('signal:send', {
              to: alice.id,
              link: 'l',
              data: { type: 'renegotiate', renegotiate: true },
            }),
          ),
        )
        .toBe('participant_away');
      await knocking(3, 'Dan');
      const back = await joined(0, 'Alice', 'room', alice.seat);
      expect(back.ack).toMatchObject({ resumed: true, hostId: alice.id, locked: true });
      expect(names(back.ack.knocks)).toEqual(['Dan']);
      expect(bob.socket.connected).toBe(true);
    });

    it('gives the next host the knocks waiting when the host leaves for good', async () => {
      await start();
      const { alice, bob, carol } = await room();
      await lock(alice.socket, bob.socket, carol.socket);
      const listed = knockList(alice.socket, ['Dan', 'Erin']);
      const dan = await knocking(3, 'Dan');
      await knocking(4, 'Erin');
      await listed;
      const handedList = knockList(bob.socket, ['Dan', 'Erin']);
      const handedOver = waitFor(bob.socket, 'room:host');
      const carolSaw = record(carol.socket);
      await alice.socket.timeout(3000).emitWithAck('room:leave', {});
      expect(await handedOver).toEqual({ hostId: bob.id });
      const [knock] = (await handedList).knocks;
      const answer = waitFor(dan.socket, 'knock:answer');
      expect(await bob.socket.timeout(3000).emitWithAck('host:admit', { id: knock?.id ?? '' })).toEqual({
        ok: true,
      });
      expect(await answer).toEqual({ admitted: true });
      await marker(bob.socket, carol.socket);
      // Carol hears who left and who is host; never the knocks.
      expect(besidesMarkers(carolSaw)).toEqual([
        ['participant:left', { id: alice.id }],
        ['room:host', { hostId: bob.id }],
      ]);
    });

    it('lets the knocks in when everyone has left: a room nobody is in holds nobody back', async () => {
      await start();
      const alice = await joined(0, 'Alice');
      await lock(alice.socket);
      const dan = await knocking(1, 'Dan');
      const answer = waitFor(dan.socket, 'knock:answer');
      await alice.socket.timeout(3000).emitWithAck('room:leave', {});
      expect(await answer).toEqual({ admitted: true });
      expect(await attempt(dan.socket, 'Dan')).toMatchObject({ ok: true, locked: false });
    });

    it(`keeps at most ${KNOCKS_MAX} waiting`, async () => {
      await start();
      const alice = await joined(0, 'Alice');
      await lock(alice.socket);
      for (let i = 0; i < KNOCKS_MAX; i++) await knocking(i + 1, `K${i}`);
      const one = await connectAs(1);
      expect(code(await attempt(one, 'One too many'))).toBe('room_full');
    });
  });

  describe(`${name}: mute`, { timeout: 30_000 }, () => {
    it('reaches only the person muted', async () => {
      await start();
      const { alice, bob, carol } = await room();
      const saw = [alice, carol].map(({ socket }) => record(socket));
      const muted = waitFor(bob.socket, 'host:muted-you');
      expect(await alice.socket.timeout(3000).emitWithAck('host:mute', { id: bob.id })).toEqual({ ok: true });
      expect(await muted).toEqual({});
      await marker(bob.socket, alice.socket, carol.socket);
      for (const seen of saw) expect(besidesMarkers(seen)).toEqual([]);
    });

    it('names nobody outside the host’s room, nor the host', async () => {
      await start();
      const { alice } = await room();
      const stranger = await joined(1, 'Stranger', 'other-room');
      const strangerSaw = record(stranger.socket);
      for (const id of [stranger.id, alice.id, randomUUID()]) {
        expect(code(await alice.socket.timeout(3000).emitWithAck('host:mute', { id }))).toBe(
          'unknown_participant',
        );
      }
      const other = await joined(0, 'Other', 'other-room');
      await marker(other.socket, stranger.socket);
      expect(besidesMarkers(strangerSaw)).toEqual([
        ['participant:joined', expect.objectContaining({ name: 'Other' })],
      ]);
    });
  });

  describe(`${name}: remove`, { timeout: 30_000 }, () => {
    it('ends the seat and the connection; the others see them leave; their token knocks afterwards', async () => {
      await start({ reconnectGraceMs: 10_000 });
      const { alice, bob, carol } = await room();
      await bob.socket.timeout(3000).emitWithAck('hand:raise', { raised: true });
      const bobSaw = record(bob.socket);
      const bobClosed = closed(bob.socket);
      const left = [alice, carol].map(({ socket }) => waitFor(socket, 'participant:left'));
      const handsLowered = waitFor(carol.socket, 'room:hands', ({ hands }) => hands.length === 0);
      expect(await alice.socket.timeout(3000).emitWithAck('host:remove', { id: bob.id })).toEqual({
        ok: true,
      });
      for (const payload of await Promise.all(left)) expect(payload).toEqual({ id: bob.id });
      await handsLowered;
      expect(await bobClosed).toBe('io server disconnect');
      expect(bobSaw).toEqual([['room:removed', {}]]);

      // The same browser comes back with its seat token: not resumed, made to knock, though
      // the room is not locked; the host sees the name.
      const listed = knockList(alice.socket, ['Bob']);
      const carolSaw = record(carol.socket);
      const back = await knocking(1, 'Bob', 'room', bob.seat);
      const [knock] = (await listed).knocks;
      expect(back.saw).toEqual([]);
      const answer = waitFor(back.socket, 'knock:answer');
      await alice.socket.timeout(3000).emitWithAck('host:admit', { id: knock?.id ?? '' });
      expect(await answer).toEqual({ admitted: true });
      const inside = await attempt(back.socket, 'Bob', 'room', bob.seat);
      if (!inside.ok) throw new Error(`admitted join refused: ${inside.error.code}`);
      // Let in again as someone new: the removed seat is never taken back.
      expect(inside.resumed).toBe(false);
      expect(inside.self.id).not.toBe(bob.id);
      await marker(alice.socket, carol.socket);
      expect(besidesMarkers(carolSaw)).toEqual([
        ['participant:joined', expect.objectContaining({ id: inside.self.id })],
      ]);
      // The old token still knocks, from any connection.
      expect(code(await attempt(await connectAs(3), 'Bob', 'room', bob.seat))).toBe('waiting_for_host');
    });

    it('ends the seat of someone away, whose token then knocks', async () => {
      await start({ reconnectGraceMs: 10_000 });
      const { alice, bob, carol } = await room();
      await away(alice.socket, bob);
      const left = waitFor(carol.socket, 'participant:left');
      expect(await alice.socket.timeout(3000).emitWithAck('host:remove', { id: bob.id })).toEqual({
        ok: true,
      });
      expect(await left).toEqual({ id: bob.id });
      await knocking(1, 'Bob', 'room', bob.seat);
    });

    it('names nobody outside the host’s room, nor the host', async () => {
      await start();
      const { alice, bob } = await room();
      const stranger = await joined(1, 'Stranger', 'other-room');
      for (const id of [stranger.id, alice.id, randomUUID()]) {
        expect(code(await alice.socket.timeout(3000).emitWithAck('host:remove', { id }))).toBe(
          'unknown_participant',
        );
      }
      expect(stranger.socket.connected).toBe(true);
      await marker(alice.socket, bob.socket);
    });
  });

  describe(`${name}: hands`, { timeout: 30_000 }, () => {
    it('are listed in order of raising, to everyone, and lowered by their owner, the host, or leaving', async () => {
      await start();
      const { alice, bob, carol } = await room();
      const order = (hands: string[]) => (payload: { hands: string[] }) =>
        payload.hands.join() === hands.join();
      let heard = [alice, bob, carol].map(({ socket }) => waitFor(socket, 'room:hands', order([carol.id])));
      expect(await carol.socket.timeout(3000).emitWithAck('hand:raise', { raised: true })).toEqual({
        ok: true,
        hands: [carol.id],
      });
      await Promise.all(heard);
      heard = [alice, bob, carol].map(({ socket }) =>
        waitFor(socket, 'room:hands', order([carol.id, alice.id])),
      );
      await alice.socket.timeout(3000).emitWithAck('hand:raise', { raised: true });
      await Promise.all(heard);
      heard = [alice].map(({ socket }) => waitFor(socket, 'room:hands', order([carol.id, alice.id, bob.id])));
      await bob.socket.timeout(3000).emitWithAck('hand:raise', { raised: true });
      await Promise.all(heard);
      // Raising again changes nothing and tells nobody.
      const bobSaw = record(bob.socket);
      expect(await carol.socket.timeout(3000).emitWithAck('hand:raise', { raised: true })).toEqual({
        ok: true,
        hands: [carol.id, alice.id, bob.id],
      });
      // A newcomer gets the hands with the join.
      const dan = await joined(3, 'Dan');
      expect(dan.ack.hands).toEqual([carol.id, alice.id, bob.id]);
      // The host lowers Carol's; Bob lowers his own; Alice's goes when she leaves.
      heard = [bob].map(({ socket }) => waitFor(socket, 'room:hands', order([alice.id, bob.id])));
      expect(await alice.socket.timeout(3000).emitWithAck('host:lower-hand', { id: carol.id })).toEqual({
        ok: true,
      });
      await Promise.all(heard);
      expect(await alice.socket.timeout(3000).emitWithAck('host:lower-hand', { id: carol.id })).toEqual({
        ok: true,
      });
      heard = [carol].map(({ socket }) => waitFor(socket, 'room:hands', order([alice.id])));
      await bob.socket.timeout(3000).emitWithAck('hand:raise', { raised: false });
      await Promise.all(heard);
      heard = [carol].map(({ socket }) => waitFor(socket, 'room:hands', order([])));
      await alice.socket.timeout(3000).emitWithAck('room:leave', {});
      await Promise.all(heard);
      await marker(carol.socket, bob.socket);
      expect(besidesMarkers(bobSaw).filter(([event]) => event === 'room:hands')).toEqual([
        ['room:hands', { hands: [alice.id, bob.id] }],
        ['room:hands', { hands: [alice.id] }],
        ['room:hands', { hands: [] }],
      ]);
      // Bob, present longest, is host now.
      expect(code(await bob.socket.timeout(3000).emitWithAck('host:lower-hand', { id: randomUUID() }))).toBe(
        'unknown_participant',
      );
    });
  });

  describe(`${name}: reactions`, { timeout: 30_000 }, () => {
    it('reach everyone else with the sender the server knows; a burst is clipped, not relayed', async () => {
      await start();
      const { alice, bob, carol } = await room();
      const aliceSaw = record(alice.socket);
      const bobSaw = record(bob.socket);
      const acks = await Promise.all(
        Array.from({ length: 40 }, () =>
          bob.socket.timeout(3000).emitWithAck('reaction:send', { reaction: 'clap' }),
        ),
      );
      const accepted = acks.filter((ack) => ack.ok).length;
      const refused = acks.filter((ack) => !ack.ok).map(code);
      // One window may roll over on a slow machine: at most two windows' worth get through.
      expect(accepted).toBeGreaterThanOrEqual(REACTIONS_PER_WINDOW);
      expect(accepted).toBeLessThanOrEqual(2 * REACTIONS_PER_WINDOW);
      expect(new Set(refused)).toEqual(new Set(['rate_limited']));
      expect(code(await send(bob.socket, 'reaction:send', { reaction: 'poop' }))).toBe('invalid_payload');
      expect(code(await send(bob.socket, 'reaction:send', { reaction: 'clap', from: alice.id }))).toBe(
        'invalid_payload',
      );
      await marker(carol.socket, alice.socket, bob.socket);
      const reactions = besidesMarkers(aliceSaw);
      expect(reactions).toEqual(Array(accepted).fill(['reaction', { from: bob.id, reaction: 'clap' }]));
      // Not sent back to the sender.
      expect(besidesMarkers(bobSaw)).toEqual([]);
    });
  });
}
