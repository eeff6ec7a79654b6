import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from './redis-harness.js';
import { RedisRoomStore } from './redis-store.js';
import { roomStoreContract } from './room-store.contract.js';
import type { Member } from './rooms.js';

let redis: Awaited<ReturnType<typeof startRedis>>;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());

const connections: Redis[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) await connection.quit();
});

async function fresh(historyLimit?: number) {
  const client = new Redis(redis.url);
  connections.push(client);
  await client.flushall();
  return { client, store: new RedisRoomStore(client, historyLimit) };
}

roomStoreContract('RedisRoomStore', async (historyLimit) => (await fresh(historyLimit)).store);

const member = (id: string, instance: string): Member => ({
  id,
  name: id,
  audio: true,
  video: true,
  socketId: `socket-${id}`,
  token: 't',
  instance,
});

describe('RedisRoomStore in Redis', () => {
  it('keeps no key of a room once its last member has left: its chat goes with it', async () => {
    const { client, store } = await fresh();
    await store.join('r', member('a', 'one'), 8);
    await store.join('r', member('b', 'one'), 8);
    for (let i = 0; i < 3; i++) {
      await store.appendChat('r', { id: randomUUID(), from: 'a', name: 'a', text: `secret ${i}`, sentAt: i });
    }
    const roomKeys = await client.keys('moim:room:*');
    expect(roomKeys.length).toBeGreaterThan(1);
    // Nothing of the room is set to outlive it on a timer of its own.
    for (const key of roomKeys) expect(await client.pttl(key), key).toBe(-1);
    await store.leave('r', 'a');
    expect((await client.keys('moim:room:*')).length).toBeGreaterThan(0);
    await store.leave('r', 'b');
    expect(await client.keys('moim:room:*')).toEqual([]);
    expect(await client.smembers('moim:rooms')).toEqual([]);
  });

  it('keeps no key of a room’s hosting state once its last member has left', async () => {
    const { client, store } = await fresh();
    await store.join('r', member('a', 'one'), 8);
    await store.join('r', member('b', 'one'), 8);
    await store.join('r', member('c', 'one'), 8);
    await store.setHand('r', 'b', true);
    await store.setLocked('r', true);
    await store.addKnock('r', { id: 'k1', name: 'Knocker', socketId: 's1' }, 20);
    await store.addKnock('r', { id: 'k2', name: 'Admitted', socketId: 's2' }, 20);
    await store.takeKnock('r', 'k2', true);
    await store.remove('r', 'c');
    const kinds = (await client.keys('moim:room:*')).map((key) => key.split(':').pop()).sort();
    expect(kinds).toEqual(['admitted', 'hands', 'knocks', 'members', 'removed', 'state']);
    for (const key of await client.keys('moim:room:*')) expect(await client.pttl(key), key).toBe(-1);
    await store.leave('r', 'a');
    await store.leave('r', 'b');
    expect(await client.keys('moim:room:*')).toEqual([]);
  });

  it('hands the seats of an instance that stopped beating to one other instance, once', async () => {
    const { store } = await fresh();
    const other = (await fresh()).store;
    await store.heartbeat('alive', 5000, []);
    await store.join('r', member('a', 'dead'), 8);
    await store.join('r', member('b', 'alive'), 8);
    const [first, second] = await Promise.all([store.claimOrphans('alive'), other.claimOrphans('third')]);
    expect([...(first ?? []), ...(second ?? [])].map(({ member: m }) => m.id)).toEqual(['a']);
    expect(await store.get('r', 'a')).toMatchObject({ socketId: null });
    expect(await store.get('r', 'b')).toMatchObject({ socketId: 'socket-b', instance: 'alive' });
  });

  it('puts back the live and held seats it wrote when Redis comes back empty, and only those', async () => {
    const { client, store } = await fresh();
    const live = [
      { roomId: 'r', participantId: 'a', socketId: 'socket-a2' },
      { roomId: 's', participantId: 'c', socketId: 'socket-c' },
      // Held through its grace period: its connection dropped, it may come back.
      { roomId: 's', participantId: 'd', socketId: null },
    ];
    expect(await store.heartbeat('one', 5000, live)).toEqual({ restored: 0 });
    await store.join('r', member('a', 'one'), 8);
    await store.join('r', member('b', 'one'), 8);
    await store.update('r', 'a', { name: 'Alice', socketId: 'socket-a2' });
    await store.join('s', member('c', 'one'), 8);
    await store.join('s', member('d', 'one'), 8);
    await store.update('s', 'd', { socketId: null });
    // Gone from this instance (left on another, say): not among the live seats.
    await store.update('r', 'b', { socketId: null });
    // Nothing lost: nothing to put back.
    expect(await store.heartbeat('one', 5000, live)).toEqual({ restored: 0 });
    await client.flushall();
    expect(await store.heartbeat('one', 5000, live)).toEqual({ restored: 3 });
    expect(await store.list('r')).toEqual([{ ...member('a', 'one'), name: 'Alice', socketId: 'socket-a2' }]);
    expect(await store.list('s')).toEqual([member('c', 'one'), { ...member('d', 'one'), socketId: null }]);
    expect(await store.stats()).toEqual({ rooms: 2, participants: 3 });
  });

  it('takes back a live seat another instance claimed while this one missed its beats', async () => {
    const { client, store } = await fresh();
    const live = [{ roomId: 'r', participantId: 'a', socketId: 'socket-a' }];
    await store.heartbeat('one', 5000, live);
    await store.join('r', member('a', 'one'), 8);
    await client.del('moim:instance:one');
    expect(await store.claimOrphans('two')).toHaveLength(1);
    expect(await store.heartbeat('one', 5000, live)).toEqual({ restored: 1 });
    expect(await store.get('r', 'a')).toEqual(member('a', 'one'));
  });

  it('puts back a seat it claimed from a dead instance and holds through its grace period', async () => {
    const { client, store } = await fresh();
    await store.join('r', member('a', 'dead'), 8);
    await store.heartbeat('one', 5000, []);
    expect((await store.claimOrphans('one')).map(({ member: m }) => m)).toEqual([
      { ...member('a', 'one'), socketId: null },
    ]);
    await client.flushall();
    const held = [{ roomId: 'r', participantId: 'a', socketId: null }];
    expect(await store.heartbeat('one', 5000, held)).toEqual({ restored: 1 });
    expect(await store.get('r', 'a')).toEqual({ ...member('a', 'one'), socketId: null });
  });
});
