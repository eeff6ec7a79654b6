// chat:typing with real Socket.IO clients: validated, rate-limited, only within the sender's
// room, stamped with the sender the server knows. And a file's announcement in the chat.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { client, joined, marker, rawRequest, start, stopAll } from './signaling-harness.js';
import { nextEvent, record } from './test-support.js';

afterEach(stopAll);

const typingEvents = (seen: [string, unknown][]) => seen.filter(([event]) => event === 'chat:typing');

describe('chat:typing', () => {
  it('reaches the others of the room, stamped with the sender, and never the sender', async () => {
    await start();
    const alice = await joined('room-a', 'Alice');
    const bob = await joined('room-a', 'Bob');
    const aliceSaw = record(alice.socket);
    const received = nextEvent(bob.socket, 'chat:typing');
    expect(await alice.socket.timeout(2000).emitWithAck('chat:typing', { typing: true })).toEqual({
      ok: true,
    });
    expect(await received).toEqual({ from: alice.self.id, typing: true });
    const stopped = nextEvent(bob.socket, 'chat:typing');
    await alice.socket.timeout(2000).emitWithAck('chat:typing', { typing: false });
    expect(await stopped).toEqual({ from: alice.self.id, typing: false });
    await marker(bob.socket, alice.socket);
    expect(typingEvents(aliceSaw)).toEqual([]);
  });

  it('stays in the sender’s room, whatever the payload names', async () => {
    await start();
    const alice = await joined('room-a', 'Alice');
    const bob = await joined('room-a', 'Bob');
    const stranger = await joined('room-b', 'Stranger');
    const strangerSaw = record(stranger.socket);
    const bobSaw = record(bob.socket);
    const refused = await rawRequest(alice.socket, 'chat:typing', { typing: true, roomId: 'room-b' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const spoofed = await rawRequest(alice.socket, 'chat:typing', { typing: true, from: stranger.self.id });
    expect(spoofed).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await alice.socket.timeout(2000).emitWithAck('chat:typing', { typing: true });
    // Markers: everything Alice sent before them has been delivered by then.
    await marker(alice.socket, bob.socket);
    const other = await joined('room-b', 'Other');
    await marker(other.socket, stranger.socket);
    expect(typingEvents(bobSaw)).toEqual([['chat:typing', { from: alice.self.id, typing: true }]]);
    expect(typingEvents(strangerSaw)).toEqual([]);
  });

  it('refuses payloads that are not true or false, and a socket with no room', async () => {
    await start();
    const alice = await joined('room-a', 'Alice');
    for (const payload of [{}, { typing: 'yes' }, 'typing', null]) {
      const ack = await rawRequest(alice.socket, 'chat:typing', payload);
      expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    const outsider = await client();
    const ack = await outsider.timeout(2000).emitWithAck('chat:typing', { typing: true });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
  });

  it('is rate-limited per participant: a flood of typing is refused and not relayed', async () => {
    await start(); // 10 typing events per 10 s
    const alice = await joined('room-a', 'Alice');
    const bob = await joined('room-a', 'Bob');
    const bobSaw = record(bob.socket);
    const acks = [];
    for (let i = 0; i < 15; i++)
      acks.push(await alice.socket.timeout(2000).emitWithAck('chat:typing', { typing: true }));
    const accepted = acks.filter((ack) => ack.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThan(15);
    expect(acks.find((ack) => !ack.ok)).toMatchObject({ error: { code: 'rate_limited' } });
    await marker(alice.socket, bob.socket);
    expect(typingEvents(bobSaw)).toHaveLength(accepted);
    // The chat itself has a budget of its own: the marker above went through.
  });
});

describe('a file announced in the chat', () => {
  it('is stored and relayed like a message, stamped with the sender, and kept for late joiners', async () => {
    await start();
    const alice = await joined('room-a', 'Alice');
    const bob = await joined('room-a', 'Bob');
    const file = { id: randomUUID(), name: 'a.png', size: 10, type: 'image/png', sha256: '0'.repeat(64) };
    const relayed = nextEvent(bob.socket, 'chat:message');
    const id = randomUUID();
    const ack = await alice.socket.timeout(2000).emitWithAck('chat:send', { id, file });
    expect(ack).toMatchObject({
      ok: true,
      message: { id, from: alice.self.id, name: 'Alice', text: '', file },
    });
    expect(await relayed).toMatchObject({ id, from: alice.self.id, text: '', file });
    const late = await joined('room-a', 'Late');
    expect(late.ack.history).toEqual([expect.objectContaining({ id, file })]);
  });
});
