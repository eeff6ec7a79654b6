import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { ChatMessage, JoinResult } from '@moim/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { type Client, connect, dropConnection, nextEvent, record } from './test-support.js';

const apps: App[] = [];
const clients: Client[] = [];

async function start(overrides: Partial<Config> = {}) {
  const app = createApp(testConfig(overrides));
  apps.push(app);
  return { app, url: await app.listen() };
}

async function join(url: string, name: string, resume?: { id: string; token: string }) {
  const socket = await connect(url);
  clients.push(socket);
  const ack = await socket.timeout(2000).emitWithAck('room:join', {
    roomId: 'room',
    name,
    audio: true,
    video: true,
    ...(resume ? { resume } : {}),
  });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
  return { socket, ack: ack as { ok: true } & JoinResult };
}

const seat = ({ ack }: { ack: JoinResult }) => ({ id: ack.self.id, token: ack.token });

/** Sends a chat line from `from` and waits until `to` has it: everything before has arrived. */
async function marker(from: Client, to: Client) {
  const arrived = nextEvent(to, 'chat:message');
  await from.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'marker' });
  await arrived;
}

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  for (const app of apps.splice(0)) await app.close();
});

describe('a participant who reconnects within the grace period', () => {
  it('keeps their seat and id, and the room never sees them leave or join', async () => {
    const { url } = await start({ reconnectGraceMs: 5000 });
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    expect(bob.ack.graceMs).toBe(5000);
    const aliceSaw = record(alice.socket);

    dropConnection(bob.socket);
    const back = await join(url, 'Bob', seat(bob));
    expect(back.ack.resumed).toBe(true);
    expect(back.ack.self.id).toBe(bob.ack.self.id);
    expect(back.ack.participants.map((p) => p.name)).toEqual(['Alice']);

    await marker(back.socket, alice.socket);
    expect(aliceSaw.map(([event]) => event)).toEqual(['chat:message']);
  });

  it('takes over from a socket the server still thinks is connected', async () => {
    const { url } = await start();
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const oldGone = new Promise((resolve) => bob.socket.once('disconnect', resolve));

    const back = await join(url, 'Bob', seat(bob));
    expect(back.ack.resumed).toBe(true);
    await oldGone;

    const relayed = nextEvent(back.socket, 'signal:receive');
    await alice.socket.timeout(2000).emitWithAck('signal:send', {
      to: bob.ack.self.id,
      link: 'l',
      data: { type: 'renegotiate', renegotiate: true },
    });
    expect(await relayed).toMatchObject({ from: alice.ack.self.id });
  });

  it('is refused signals while away, with a code that says so', async () => {
    const { url } = await start();
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    dropConnection(bob.socket);
    // Until the server has seen the drop, signals still go to the old socket.
    await vi.waitFor(async () => {
      const ack = await alice.socket.timeout(2000).emitWithAck('signal:send', {
        to: bob.ack.self.id,
        link: 'l',
        data: { type: 'renegotiate', renegotiate: true },
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'participant_away' } });
    });
  });
});

describe('a participant who hangs up', () => {
  it('is announced as gone at once, with no grace period', async () => {
    const { url } = await start({ reconnectGraceMs: 60_000 });
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const left = nextEvent(alice.socket, 'participant:left');
    bob.socket.disconnect();
    expect(await left).toEqual({ id: bob.ack.self.id });
  });
});

describe('a participant who does not come back', () => {
  it('is held as away through the grace period, and announced gone once it is over', async () => {
    const { url } = await start({ reconnectGraceMs: 1500 });
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const aliceSaw = record(alice.socket);
    const left = nextEvent(alice.socket, 'participant:left', 5000);
    const signalBob = () =>
      alice.socket.timeout(2000).emitWithAck('signal:send', {
        to: bob.ack.self.id,
        link: 'l',
        data: { type: 'renegotiate', renegotiate: true },
      });
    dropConnection(bob.socket);
    // Once the server has seen the drop, the seat is held: Bob is away, not gone, and the
    // room has been told nothing.
    await vi.waitFor(async () => {
      expect(await signalBob()).toMatchObject({ ok: false, error: { code: 'participant_away' } });
    });
    expect(aliceSaw).toEqual([]);

    expect(await left).toEqual({ id: bob.ack.self.id });
    expect(await signalBob()).toMatchObject({ ok: false, error: { code: 'unknown_participant' } });
  });
});

describe('resuming', () => {
  it('with a wrong token gets a new identity and leaves the held seat alone', async () => {
    const { url } = await start();
    await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const impostor = await join(url, 'Mallory', { id: bob.ack.self.id, token: 'x'.repeat(32) });
    expect(impostor.ack.resumed).toBe(false);
    expect(impostor.ack.self.id).not.toBe(bob.ack.self.id);
    expect(impostor.ack.participants.map((p) => p.id)).toContain(bob.ack.self.id);
  });

  it('after a server restart keeps the id, as a fresh join the others are told about', async () => {
    const first = await start();
    const alice = await join(first.url, 'Alice');
    const bob = await join(first.url, 'Bob');
    await first.app.close();

    const second = await start();
    const aliceBack = await join(second.url, 'Alice', seat(alice));
    expect(aliceBack.ack).toMatchObject({
      resumed: false,
      self: { id: alice.ack.self.id },
      participants: [],
    });
    const announced = nextEvent(aliceBack.socket, 'participant:joined');
    const bobBack = await join(second.url, 'Bob', seat(bob));
    expect(bobBack.ack.self.id).toBe(bob.ack.self.id);
    expect(await announced).toMatchObject({ id: bob.ack.self.id, name: 'Bob' });
  });
});

describe('an id the server no longer holds', () => {
  const forged = 'A'.repeat(43);

  it('after a leave, is not given to a resume with a forged token', async () => {
    const { url } = await start();
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const left = nextEvent(alice.socket, 'participant:left');
    await bob.socket.timeout(2000).emitWithAck('room:leave', {});
    await left;
    const thief = await join(url, 'Mallory', { id: bob.ack.self.id, token: forged });
    expect(thief.ack.self.id).not.toBe(bob.ack.self.id);
    // Another room's token for the same id proves nothing here either.
    const elsewhere = await connect(url);
    clients.push(elsewhere);
    const other = await elsewhere
      .timeout(2000)
      .emitWithAck('room:join', { roomId: 'other', name: 'Bob', audio: true, video: true });
    if (!other.ok) throw new Error(other.error.code);
    const borrowed = await join(url, 'Mallory', { id: other.self.id, token: other.token });
    expect(borrowed.ack.self.id).not.toBe(other.self.id);
  });

  it('after the grace period, is not given to a forged token, and is to the real one', async () => {
    const { url } = await start({ reconnectGraceMs: 50 });
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const left = nextEvent(alice.socket, 'participant:left');
    dropConnection(bob.socket);
    await left;
    const thief = await join(url, 'Mallory', { id: bob.ack.self.id, token: forged });
    expect(thief.ack.self.id).not.toBe(bob.ack.self.id);
    const back = await join(url, 'Bob', seat(bob));
    expect(back.ack).toMatchObject({ resumed: false, self: { id: bob.ack.self.id } });
  });

  it('after a restart, is given back to the real token only, and only with the same secret', async () => {
    const secret = 'a-long-random-string-shared-by-every-instance';
    const first = await start({ sessionSecret: secret });
    const alice = await join(first.url, 'Alice');
    const bob = await join(first.url, 'Bob');
    await first.app.close();

    const second = await start({ sessionSecret: secret });
    const thief = await join(second.url, 'Mallory', { id: bob.ack.self.id, token: forged });
    expect(thief.ack.self.id).not.toBe(bob.ack.self.id);
    const aliceBack = await join(second.url, 'Alice', seat(alice));
    expect(aliceBack.ack.self.id).toBe(alice.ack.self.id);
    await second.app.close();

    const other = await start({ sessionSecret: 'another-long-random-string-of-another-server' });
    const bobElsewhere = await join(other.url, 'Bob', seat(bob));
    expect(bobElsewhere.ack.self.id).not.toBe(bob.ack.self.id);
  });

  it('with no SESSION_SECRET, is recognised by a restart through the secret made on first start', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'moim-data-'));
    try {
      const first = await start({ sessionSecret: null, dataDir: joinPath(dataDir, 'state') });
      const alice = await join(first.url, 'Alice');
      await first.app.close();
      const file = joinPath(dataDir, 'state', 'session-secret');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim().length).toBeGreaterThanOrEqual(32);

      const second = await start({ sessionSecret: null, dataDir: joinPath(dataDir, 'state') });
      const back = await join(second.url, 'Alice', seat(alice));
      expect(back.ack.self.id).toBe(alice.ack.self.id);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('chat sent again with the same id', () => {
  it('is stored and relayed once, and acknowledged each time', async () => {
    const { url } = await start();
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const bobSaw = record(bob.socket);
    const id = randomUUID();
    const first = await alice.socket.timeout(2000).emitWithAck('chat:send', { id, text: 'once' });
    const again = await alice.socket.timeout(2000).emitWithAck('chat:send', { id, text: 'once' });
    expect(first.ok && again.ok).toBe(true);
    expect(again).toEqual(first);

    await marker(alice.socket, bob.socket);
    // Bob had the message once, then the marker sent after it.
    const chat = bobSaw.filter(([event]) => event === 'chat:message');
    expect(chat.map(([, message]) => (message as ChatMessage).text)).toEqual(['once', 'marker']);
    const late = await join(url, 'Late');
    expect(late.ack.history.filter((message) => message.id === id)).toHaveLength(1);
  });

  it('is refused when another participant reuses the id', async () => {
    const { url } = await start();
    const alice = await join(url, 'Alice');
    const bob = await join(url, 'Bob');
    const id = randomUUID();
    await alice.socket.timeout(2000).emitWithAck('chat:send', { id, text: 'mine' });
    const stolen = await bob.socket.timeout(2000).emitWithAck('chat:send', { id, text: 'not yours' });
    expect(stolen).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
