import { CHAT_HISTORY_LIMIT, type ChatMessage } from '@moim/protocol';
import type { Redis } from 'ioredis';
import type { JoinOutcome, Member, MemberPatch, RoomStore } from './rooms.js';

/** Keys, all under one prefix. A room's keys share a hash tag, for Redis Cluster. */
const roomsKey = 'moim:rooms';
const membersKey = (roomId: string) => `moim:room:{${roomId}}:members`;
const historyKey = (roomId: string) => `moim:room:{${roomId}}:history`;
const messageKey = (roomId: string, id: string) => `moim:room:{${roomId}}:message:${id}`;
const instanceKey = (instance: string) => `moim:instance:${instance}`;

/** How long a message id is remembered to recognise a message sent again. */
const MESSAGE_MEMORY_SECONDS = 24 * 3600;

/** Stored members carry the order they arrived in, for `list`. */
type Stored = Member & { joinedAt: number };

// Each script is one atomic step: no other instance can act between its reads and writes.
const SCRIPTS = {
  /** KEYS: members, rooms. ARGV: roomId, memberId, member JSON, capacity. 1 joined, 0 full. */
  join: `
    if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
      return 0
    end
    redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
    redis.call('SADD', KEYS[2], ARGV[1])
    return 1`,
  /** KEYS: members, history, rooms. ARGV: roomId, memberId. Returns the removed member JSON. */
  leave: `
    local member = redis.call('HGET', KEYS[1], ARGV[2])
    if not member then return false end
    redis.call('HDEL', KEYS[1], ARGV[2])
    if redis.call('HLEN', KEYS[1]) == 0 then
      redis.call('DEL', KEYS[2])
      redis.call('SREM', KEYS[3], ARGV[1])
    end
    return member`,
  /** KEYS: members. ARGV: memberId, patch JSON. Returns the updated member JSON. */
  update: `
    local member = redis.call('HGET', KEYS[1], ARGV[1])
    if not member then return false end
    local value = cjson.decode(member)
    for key, field in pairs(cjson.decode(ARGV[2])) do value[key] = field end
    local encoded = cjson.encode(value)
    redis.call('HSET', KEYS[1], ARGV[1], encoded)
    return encoded`,
  /** KEYS: message, history. ARGV: message JSON, history limit, ttl. Returns the kept JSON. */
  appendChat: `
    local kept = redis.call('GET', KEYS[1])
    if kept then return {kept, 1} end
    redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
    redis.call('RPUSH', KEYS[2], ARGV[1])
    redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
    return {ARGV[1], 0}`,
  /**
   * KEYS: members. ARGV: memberId, dead instance, claiming instance. Takes over a member of
   * an instance that is gone, as away, unless another instance claimed it first.
   */
  claim: `
    local member = redis.call('HGET', KEYS[1], ARGV[1])
    if not member then return 0 end
    local value = cjson.decode(member)
    if value.instance ~= ARGV[2] then return 0 end
    value.socketId = cjson.null
    value.instance = ARGV[3]
    redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(value))
    return 1`,
} as const;

type ScriptName = keyof typeof SCRIPTS;

/**
 * Rooms in Redis, shared by every server instance: membership and names, participant
 * state, chat history and message ids. Capacity is checked and taken in one script, so
 * concurrent joins on different instances never overfill a room.
 */
export class RedisRoomStore implements RoomStore {
  readonly #redis: Redis;
  readonly #historyLimit: number;

  constructor(redis: Redis, historyLimit = CHAT_HISTORY_LIMIT) {
    this.#redis = redis;
    this.#historyLimit = historyLimit;
    for (const [name, lua] of Object.entries(SCRIPTS)) {
      const keys = { join: 2, leave: 3, update: 1, appendChat: 2, claim: 1 }[name as ScriptName];
      redis.defineCommand(`moim_${name}`, { numberOfKeys: keys, lua });
    }
  }

  #run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    const command = (this.#redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
      `moim_${name}`
    ];
    return command?.call(this.#redis, ...keys, ...args) ?? Promise.reject(new Error(`no script ${name}`));
  }

  async count(roomId: string) {
    return this.#redis.hlen(membersKey(roomId));
  }

  async join(roomId: string, member: Member, capacity: number): Promise<JoinOutcome> {
    const stored: Stored = { ...member, joinedAt: Date.now() };
    const joined = await this.#run(
      'join',
      [membersKey(roomId), roomsKey],
      [roomId, member.id, JSON.stringify(stored), capacity],
    );
    return joined === 1 ? { ok: true } : { ok: false, reason: 'full' };
  }

  async leave(roomId: string, memberId: string) {
    const removed = await this.#run(
      'leave',
      [membersKey(roomId), historyKey(roomId), roomsKey],
      [roomId, memberId],
    );
    return typeof removed === 'string' ? toMember(removed) : undefined;
  }

  async get(roomId: string, memberId: string) {
    const stored = await this.#redis.hget(membersKey(roomId), memberId);
    return stored ? toMember(stored) : undefined;
  }

  async list(roomId: string) {
    const all = Object.values(await this.#redis.hgetall(membersKey(roomId))).map(
      (json) => JSON.parse(json) as Stored,
    );
    return all.sort((a, b) => a.joinedAt - b.joinedAt).map(({ joinedAt: _, ...member }) => member);
  }

  async stats() {
    const rooms = await this.#redis.smembers(roomsKey);
    const sizes = await Promise.all(rooms.map((roomId) => this.#redis.hlen(membersKey(roomId))));
    return { rooms: rooms.length, participants: sizes.reduce((sum, size) => sum + size, 0) };
  }

  async update(roomId: string, memberId: string, patch: MemberPatch) {
    const updated = await this.#run('update', [membersKey(roomId)], [memberId, JSON.stringify(patch)]);
    return typeof updated === 'string' ? toMember(updated) : undefined;
  }

  async appendChat(roomId: string, message: ChatMessage) {
    const [kept, duplicate] = (await this.#run(
      'appendChat',
      [messageKey(roomId, message.id), historyKey(roomId)],
      [JSON.stringify(message), this.#historyLimit, MESSAGE_MEMORY_SECONDS],
    )) as [string, number];
    return { message: JSON.parse(kept) as ChatMessage, duplicate: duplicate === 1 };
  }

  async history(roomId: string) {
    return (await this.#redis.lrange(historyKey(roomId), 0, -1)).map(
      (json) => JSON.parse(json) as ChatMessage,
    );
  }

  /** Says this instance is alive for `ttlMs` more. */
  async heartbeat(instance: string, ttlMs: number) {
    await this.#redis.set(instanceKey(instance), '1', 'PX', ttlMs);
  }

  async forgetInstance(instance: string) {
    await this.#redis.del(instanceKey(instance));
  }

  /**
   * Members held by an instance that stopped saying it is alive (crashed, killed, shut
   * down): `claimer` takes them over as away, as after a dropped connection, and gets them
   * back to run their grace period. Each is claimed by one instance only.
   */
  async claimOrphans(claimer: string): Promise<{ roomId: string; member: Member }[]> {
    const claimed: { roomId: string; member: Member }[] = [];
    const alive = new Map<string, boolean>([[claimer, true]]);
    for (const roomId of await this.#redis.smembers(roomsKey)) {
      for (const member of await this.list(roomId)) {
        if (!member.instance) continue;
        if (!alive.has(member.instance)) {
          alive.set(member.instance, (await this.#redis.exists(instanceKey(member.instance))) === 1);
        }
        if (alive.get(member.instance)) continue;
        if ((await this.#run('claim', [membersKey(roomId)], [member.id, member.instance, claimer])) === 1) {
          claimed.push({ roomId, member: { ...member, socketId: null, instance: claimer } });
        }
      }
    }
    return claimed;
  }
}

function toMember(json: string): Member {
  const { joinedAt: _, ...member } = JSON.parse(json) as Stored;
  return member;
}
