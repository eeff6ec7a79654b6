import { CHAT_HISTORY_LIMIT, type ChatHistoryPage, type ChatMessage } from '@moim/protocol';
import type { Redis } from 'ioredis';
import type { HistoryQuery } from './history-page.js';
import { SCRIPTS, type ScriptName } from './redis-scripts.js';
import {
  type Departure,
  type JoinOutcome,
  type KnockOutcome,
  type KnockRecord,
  type LiveSeat,
  type Member,
  type MemberPatch,
  type RoomState,
  type RoomStore,
  SEEN_LIMIT,
} from './rooms.js';

/** Keys, all under one prefix. A room's keys share a hash tag, for Redis Cluster. */
const roomsKey = 'moim:rooms';
const membersKey = (roomId: string) => `moim:room:{${roomId}}:members`;
const historyKey = (roomId: string) => `moim:room:{${roomId}}:history`;
/** Message ids seen in a room (id → message JSON), and the order they came in, to trim. */
const seenKey = (roomId: string) => `moim:room:{${roomId}}:seen`;
const seenOrderKey = (roomId: string) => `moim:room:{${roomId}}:seen-order`;
/** Host (`host`), lock (`locked`: '1'/'0') and the knock counter (`knocks`) of a room. */
const stateKey = (roomId: string) => `moim:room:{${roomId}}:state`;
/** Participant ids with a raised hand, in order of raising. */
const handsKey = (roomId: string) => `moim:room:{${roomId}}:hands`;
/** Knocks waiting (knock id → JSON with its `seq`), and those admitted (knock id → socket id). */
const knocksKey = (roomId: string) => `moim:room:{${roomId}}:knocks`;
const admittedKey = (roomId: string) => `moim:room:{${roomId}}:admitted`;
/** Seats the host removed: their tokens knock. */
const removedKey = (roomId: string) => `moim:room:{${roomId}}:removed`;
const instanceKey = (instance: string) => `moim:instance:${instance}`;

type StoredKnock = KnockRecord & { seq: number };
const toKnock = (json: string): StoredKnock => JSON.parse(json) as StoredKnock;
const bareKnock = ({ seq: _, ...knock }: StoredKnock): KnockRecord => knock;

/** Stored members carry the order they arrived in, for `list`. */
type Stored = Member & { joinedAt: number };

const seat = (roomId: string, memberId: string) => `${roomId}\n${memberId}`;

/**
 * Rooms in Redis, shared by every server instance: membership and names, participant
 * state, chat history and message ids. Capacity is checked and taken in one script, so
 * concurrent joins on different instances never overfill a room.
 */
export class RedisRoomStore implements RoomStore {
  readonly #redis: Redis;
  readonly #historyLimit: number;
  /**
   * The members this instance wrote, as it wrote them, to put back the ones whose sockets it
   * still holds should Redis lose them. Trimmed to the live seats at every heartbeat.
   */
  readonly #written = new Map<string, { roomId: string; stored: Stored }>();
  #lastJoin = 0;

  constructor(redis: Redis, historyLimit = CHAT_HISTORY_LIMIT) {
    this.#redis = redis;
    this.#historyLimit = historyLimit;
    for (const [name, { keys, lua }] of Object.entries(SCRIPTS)) {
      redis.defineCommand(`moim_${name}`, { numberOfKeys: keys, lua });
    }
  }

  #run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    const command = (this.#redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[
      `moim_${name}`
    ];
    return command?.call(this.#redis, ...keys, ...args) ?? Promise.reject(new Error(`no script ${name}`));
  }

  #remember(roomId: string, json: string) {
    const stored = JSON.parse(json) as Stored;
    this.#written.set(seat(roomId, stored.id), { roomId, stored });
    return stored;
  }

  async count(roomId: string) {
    return this.#redis.hlen(membersKey(roomId));
  }

  async join(
    roomId: string,
    member: Member,
    capacity: number,
    { admitted = false } = {},
  ): Promise<JoinOutcome> {
    // Strictly increasing here, so two joins in one millisecond keep their order.
    this.#lastJoin = Math.max(Date.now(), this.#lastJoin + 1);
    const json = JSON.stringify({ ...member, joinedAt: this.#lastJoin } satisfies Stored);
    let joined: unknown;
    try {
      joined = await this.#run(
        'join',
        [membersKey(roomId), roomsKey, stateKey(roomId)],
        [roomId, member.id, json, capacity, admitted ? '1' : '0'],
      );
    } catch (error) {
      // A timed-out command may still run once a stalled Redis wakes up: queue its undoing on
      // the same connection, which Redis runs after it, so no seat outlives the failed join.
      this.#leaveScript(roomId, member.id).catch(() => {});
      throw error;
    }
    if (joined === -1) return { ok: false, reason: 'locked' };
    if (typeof joined !== 'string') return { ok: false, reason: 'full' };
    this.#remember(roomId, joined);
    return { ok: true };
  }

  #leaveScript(roomId: string, memberId: string, removed = false) {
    return this.#run(
      'leave',
      [
        membersKey(roomId),
        historyKey(roomId),
        seenKey(roomId),
        seenOrderKey(roomId),
        roomsKey,
        stateKey(roomId),
        handsKey(roomId),
        knocksKey(roomId),
        admittedKey(roomId),
        removedKey(roomId),
      ],
      [roomId, memberId, removed ? '1' : '0'],
    );
  }

  async #depart(roomId: string, memberId: string, removed: boolean): Promise<Departure | undefined> {
    this.#written.delete(seat(roomId, memberId));
    const result = await this.#leaveScript(roomId, memberId, removed);
    if (!Array.isArray(result)) return undefined;
    const [member, hostId, hostChanged, handsChanged, hands, waiting] = result as [
      string,
      string,
      number,
      number,
      string[],
      string[],
    ];
    return {
      member: toMember(member),
      hostId: hostId || null,
      hostChanged: hostChanged === 1,
      hands,
      handsChanged: handsChanged === 1,
      orphanedKnocks: waiting
        .map(toKnock)
        .sort((a, b) => a.seq - b.seq)
        .map(bareKnock),
    };
  }

  async leave(roomId: string, memberId: string) {
    return (await this.#depart(roomId, memberId, false))?.member;
  }

  async depart(roomId: string, memberId: string) {
    return this.#depart(roomId, memberId, false);
  }

  async remove(roomId: string, memberId: string) {
    return this.#depart(roomId, memberId, true);
  }

  async isRemoved(roomId: string, memberId: string) {
    return (await this.#redis.sismember(removedKey(roomId), memberId)) === 1;
  }

  async state(roomId: string): Promise<RoomState> {
    const [[hostId, locked], hands] = await Promise.all([
      this.#redis.hmget(stateKey(roomId), 'host', 'locked'),
      this.#redis.lrange(handsKey(roomId), 0, -1),
    ]);
    return { hostId: hostId ?? null, locked: locked === '1', hands };
  }

  async setLocked(roomId: string, locked: boolean) {
    const changed = await this.#run(
      'setLocked',
      [membersKey(roomId), stateKey(roomId)],
      [locked ? '1' : '0'],
    );
    return changed === -1 ? undefined : changed === 1;
  }

  async setHost(roomId: string, memberId: string) {
    return (await this.#run('setHost', [membersKey(roomId), stateKey(roomId)], [memberId])) === 1;
  }

  async setHand(roomId: string, memberId: string, raised: boolean) {
    const result = await this.#run(
      'setHand',
      [membersKey(roomId), handsKey(roomId)],
      [memberId, raised ? '1' : '0'],
    );
    if (!Array.isArray(result)) return undefined;
    const [changed, hands] = result as [number, string[]];
    return { hands, changed: changed === 1 };
  }

  async addKnock(roomId: string, knock: KnockRecord, max: number) {
    return (await this.#run(
      'addKnock',
      [membersKey(roomId), knocksKey(roomId), stateKey(roomId)],
      [knock.id, JSON.stringify(knock), max],
    )) as KnockOutcome;
  }

  async knocks(roomId: string) {
    const all = (await this.#redis.hvals(knocksKey(roomId))).map(toKnock);
    return all.sort((a, b) => a.seq - b.seq).map(bareKnock);
  }

  async takeKnock(roomId: string, knockId: string, admit: boolean) {
    const json = await this.#run(
      'takeKnock',
      [knocksKey(roomId), admittedKey(roomId), membersKey(roomId)],
      [knockId, admit ? '1' : '0'],
    );
    return typeof json === 'string' ? bareKnock(toKnock(json)) : undefined;
  }

  async takeAdmission(roomId: string, knockId: string, socketId: string) {
    return (await this.#run('takeAdmission', [admittedKey(roomId)], [knockId, socketId])) === 1;
  }

  async get(roomId: string, memberId: string) {
    const stored = await this.#redis.hget(membersKey(roomId), memberId);
    return stored ? toMember(stored) : undefined;
  }

  find(roomId: string, memberId: string) {
    return this.get(roomId, memberId);
  }

  async list(roomId: string) {
    const all = Object.values(await this.#redis.hgetall(membersKey(roomId))).map(
      (json) => JSON.parse(json) as Stored,
    );
    // Joins on two instances in the same millisecond: every instance orders them alike.
    const order = (a: Stored, b: Stored) =>
      a.joinedAt - b.joinedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return all.sort(order).map(({ joinedAt: _, ...member }) => member);
  }

  async stats() {
    const rooms = await this.#redis.smembers(roomsKey);
    const sizes = await Promise.all(rooms.map((roomId) => this.#redis.hlen(membersKey(roomId))));
    return { rooms: rooms.length, participants: sizes.reduce((sum, size) => sum + size, 0) };
  }

  async update(roomId: string, memberId: string, patch: MemberPatch) {
    const updated = await this.#run('update', [membersKey(roomId)], [memberId, JSON.stringify(patch)]);
    if (typeof updated !== 'string') return undefined;
    this.#remember(roomId, updated);
    return toMember(updated);
  }

  async appendChat(roomId: string, message: ChatMessage) {
    const [kept, duplicate] = (await this.#run(
      'appendChat',
      [seenKey(roomId), seenOrderKey(roomId), historyKey(roomId), membersKey(roomId)],
      [message.id, JSON.stringify(message), this.#historyLimit, SEEN_LIMIT],
    )) as [string, number];
    return { message: JSON.parse(kept) as ChatMessage, duplicate: duplicate === 1 };
  }

  async history(roomId: string, { before, limit, maxBytes }: HistoryQuery): Promise<ChatHistoryPage> {
    const [page, more] = (await this.#run(
      'historyPage',
      [historyKey(roomId)],
      [before ?? '', limit, maxBytes],
    )) as [string[], number];
    return { messages: page.map((json) => JSON.parse(json) as ChatMessage), more: more === 1 };
  }

  async ready() {
    return this.#redis.ping().then(
      (answer) => answer === 'PONG',
      () => false,
    );
  }

  async heartbeat(instance: string, ttlMs: number, live: LiveSeat[]) {
    const liveSeats = new Map(live.map((one) => [seat(one.roomId, one.participantId), one]));
    for (const key of this.#written.keys()) if (!liveSeats.has(key)) this.#written.delete(key);
    // The previous value says whether Redis still knew this instance: gone means it restarted
    // empty, was flushed, or missed our beats for longer than the TTL.
    const previous = await this.#redis.set(instanceKey(instance), '1', 'PX', ttlMs, 'GET');
    if (previous !== null) return { restored: 0 };
    let restored = 0;
    for (const [key, { roomId, stored }] of this.#written) {
      const socketId = liveSeats.get(key)?.socketId ?? null;
      const json = JSON.stringify({ ...stored, socketId, instance });
      const keys = [membersKey(roomId), roomsKey, stateKey(roomId)];
      if ((await this.#run('restore', keys, [roomId, stored.id, json])) === 1) {
        this.#remember(roomId, json);
        restored++;
      }
    }
    return { restored };
  }

  async forgetInstance(instance: string) {
    await this.#redis.del(instanceKey(instance));
  }

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
        const json = await this.#run('claim', [membersKey(roomId)], [member.id, member.instance, claimer]);
        if (typeof json !== 'string') continue;
        this.#remember(roomId, json);
        claimed.push({ roomId, member: toMember(json) });
      }
    }
    return claimed;
  }
}

function toMember(json: string): Member {
  const { joinedAt: _, ...member } = JSON.parse(json) as Stored;
  return member;
}
