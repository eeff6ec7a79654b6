import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Member } from './rooms.js';
import { MemoryRoomStore } from './rooms.js';
import { joined, offer, start, stopAll } from './signaling-harness.js';
import { record } from './test-support.js';

afterEach(stopAll);

const candidate = (n: number) => ({
  type: 'candidate' as const,
  candidate: { candidate: `candidate:${n}`, sdpMLineIndex: 0, sdpMid: '0' },
});

/** A memory store whose signal look-ups answer late now and then, as a shared store would. */
class SometimesLate extends MemoryRoomStore {
  lookups = 0;
  override find(roomId: string, memberId: string) {
    const found = super.find(roomId, memberId);
    if (this.lookups++ % 3 !== 0) return found;
    return new Promise<Member | undefined>((resolve) => setTimeout(() => resolve(found), 5));
  }
}

/** Sends `count` candidates from `from` to `to` back to back, none waiting for the last. */
function burst(from: Awaited<ReturnType<typeof joined>>, to: string, count: number, first = 0) {
  return Array.from({ length: count }, (_, i) =>
    from.socket.timeout(2000).emitWithAck('signal:send', { to, link: 'l', data: candidate(first + i) }),
  );
}

describe("a sender's signals", () => {
  it('arrive in the order sent, behind an event that had to wait', async () => {
    await start();
    const alice = await joined('order', 'Alice');
    const bob = await joined('order', 'Bob');
    const saw = record(alice.socket);

    // The chat line is stored before it is relayed (a handler that waits); the signals after
    // it do not wait for anything, and must still come after it, in order.
    const chat = bob.socket.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'first' });
    const offered = bob.socket
      .timeout(2000)
      .emitWithAck('signal:send', { to: alice.self.id, link: 'l', data: offer });
    const acks = await Promise.all([chat, offered, ...burst(bob, alice.self.id, 30)]);
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await expect.poll(() => saw.length).toBe(32);
    expect(saw[0]).toEqual(['chat:message', expect.objectContaining({ text: 'first' })]);
    expect(saw[1]).toEqual(['signal:receive', { from: bob.self.id, link: 'l', data: offer }]);
    expect(saw.slice(2).map(([, relay]) => (relay as { data: unknown }).data)).toEqual(
      Array.from({ length: 30 }, (_, i) => candidate(i)),
    );
  });

  it('arrive in the order sent when some look-ups answer at once and others later', async () => {
    await start({}, { store: new SometimesLate() });
    const alice = await joined('order', 'Alice');
    const bob = await joined('order', 'Bob');
    const carol = await joined('order', 'Carol');
    const toAlice = record(alice.socket);
    const toCarol = record(carol.socket);

    // Bob's signals to both, interleaved; Carol's own to Alice alongside.
    const sends = [];
    for (let i = 0; i < 20; i++) {
      sends.push(...burst(bob, i % 2 ? alice.self.id : carol.self.id, 1, i));
      sends.push(...burst(carol, alice.self.id, 1, 100 + i));
    }
    const acks = await Promise.all(sends);
    expect(acks.every((ack) => ack.ok)).toBe(true);
    await expect.poll(() => toAlice.length + toCarol.length).toBe(40);

    const numbers = (saw: [string, unknown][], from: string) =>
      saw
        .map(([, relay]) => relay as { from: string; data: ReturnType<typeof candidate> })
        .filter((relay) => relay.from === from)
        .map((relay) => Number(relay.data.candidate.candidate.slice('candidate:'.length)));
    const odd = Array.from({ length: 10 }, (_, i) => 2 * i + 1);
    expect(numbers(toAlice, bob.self.id)).toEqual(odd);
    expect(numbers(toCarol, bob.self.id)).toEqual(odd.map((n) => n - 1));
    expect(numbers(toAlice, carol.self.id)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });
});
