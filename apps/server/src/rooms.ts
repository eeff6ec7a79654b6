import {
  CHAT_HISTORY_LIMIT,
  type ChatHistoryPage,
  type ChatMessage,
  type Knock,
  type Participant,
} from '@moim/protocol';
import { type HistoryQuery, pageOf } from './history-page.js';
import type { Maybe } from './maybe.js';

/** A participant as the server records them: what the room sees, plus where to reach them. */
export interface Member extends Participant {
  /** The socket currently speaking for them; null while they are disconnected (grace). */
  socketId: string | null;
  /** The secret that lets them resume this identity after a reconnect. */
  token: string;
  /** The server instance their socket is on (several instances share a Redis store). */
  instance?: string;
}

export type MemberPatch = Partial<Omit<Member, 'id'>>;

/** `locked`: the room is locked and the newcomer was not let in by the host (they knock). */
export type JoinOutcome = { ok: true } | { ok: false; reason: 'full' | 'locked' };

/** A room's state beyond its members, kept while somebody is in it. */
export interface RoomState {
  /** The host's participant id; null only for a room nobody is in. */
  hostId: string | null;
  locked: boolean;
  /** Participant ids with a raised hand, in order of raising. */
  hands: string[];
}

/** Someone waiting to be let into a locked room, and the socket to answer. */
export interface KnockRecord extends Knock {
  socketId: string;
}

/** `gone`: nobody is in the room any more (nothing to knock on); `full`: KNOCKS_MAX are waiting. */
export type KnockOutcome = 'ok' | 'gone' | 'full';

/** What a member leaving for good changed in the room, in the same step. */
export interface Departure {
  member: Member;
  /** The host after the departure: the longest present (a connected one first) if it was them. */
  hostId: string | null;
  hostChanged: boolean;
  hands: string[];
  /** They had a raised hand, lowered by their leaving. */
  handsChanged: boolean;
  /** Knocks still waiting when the room emptied: nothing holds them back any more. */
  orphanedKnocks: KnockRecord[];
}

/** A seat this instance speaks for right now: a connected socket, or a seat held in its grace period. */
export interface LiveSeat {
  roomId: string;
  participantId: string;
  /** null while the seat is held for a participant whose connection dropped. */
  socketId: string | null;
}

/**
 * Several instances sharing one store: each says it is alive, takes over the seats of
 * those that stopped saying so, and writes its own back when the store lost them. A store
 * of one process shares nothing, and does nothing here.
 */
interface InstanceRegistry {
  /**
   * Says `instance` is alive for `ttlMs` more. If the store had lost track of it (Redis
   * restarted empty or was flushed, or beats went missing for longer than `ttlMs`), puts the
   * seats in `live` back as they were; resolves with how many it put back.
   */
  heartbeat(instance: string, ttlMs: number, live: LiveSeat[]): Promise<{ restored: number }>;
  /** At shutdown: the others take over this instance's seats at their next sweep. */
  forgetInstance(instance: string): Promise<void>;
  /**
   * Members held by an instance that stopped saying it is alive: `claimer` takes them over as
   * away and gets them back, to run their grace period. Each is claimed by one instance only.
   */
  claimOrphans(claimer: string): Promise<{ roomId: string; member: Member }[]>;
}

/**
 * Where room state lives. Every method is async so that a shared store (Redis, for several
 * server instances) can replace the in-memory one without touching the handlers; `find`
 * alone may answer at once.
 */
export interface RoomStore extends InstanceRegistry {
  count(roomId: string): Promise<number>;
  /**
   * Adds a member unless the room is at capacity, or locked and `admitted` is not set;
   * check and insert are one step. The first member of an empty room becomes its host.
   * Taking one's own seat again passes both checks.
   */
  join(
    roomId: string,
    member: Member,
    capacity: number,
    options?: { admitted?: boolean },
  ): Promise<JoinOutcome>;
  /** Removes a member; returns it, or undefined if it was not there. */
  leave(roomId: string, memberId: string): Promise<Member | undefined>;
  /**
   * Removes a member for good, like `leave`, and in the same step lowers their hand and, if
   * they were host, makes the longest present (connected before away) host. The last one
   * out takes the room's state with them: lock, hands, knocks, removed seats.
   */
  depart(roomId: string, memberId: string): Promise<Departure | undefined>;
  /** Like `depart`, and the seat is remembered as removed by the host until the room empties. */
  remove(roomId: string, memberId: string): Promise<Departure | undefined>;
  /** The host removed this seat: its token must knock. */
  isRemoved(roomId: string, memberId: string): Promise<boolean>;
  /** Host, lock and hands; a room nobody is in has no host, no lock, no hands. */
  state(roomId: string): Promise<RoomState>;
  /** Locks or unlocks; resolves whether that changed anything, undefined for a room nobody is in. */
  setLocked(roomId: string, locked: boolean): Promise<boolean | undefined>;
  /** Makes a member host; false if they are not in the room. */
  setHost(roomId: string, memberId: string): Promise<boolean>;
  /** Raises or lowers a member's hand; undefined if they are not in the room. */
  setHand(
    roomId: string,
    memberId: string,
    raised: boolean,
  ): Promise<{ hands: string[]; changed: boolean } | undefined>;
  /** Queues a knock on a room somebody is in, unless `max` are already waiting. */
  addKnock(roomId: string, knock: KnockRecord, max: number): Promise<KnockOutcome>;
  /** The knocks waiting, in order of knocking. */
  knocks(roomId: string): Promise<KnockRecord[]>;
  /**
   * Takes a waiting knock off the queue and returns it (undefined if it is not waiting). With
   * `admit`, records that its socket may join once, past the lock (`takeAdmission`).
   */
  takeKnock(roomId: string, knockId: string, admit: boolean): Promise<KnockRecord | undefined>;
  /** True, once, if the host admitted this knock and `socketId` is the socket that knocked. */
  takeAdmission(roomId: string, knockId: string, socketId: string): Promise<boolean>;
  get(roomId: string, memberId: string): Promise<Member | undefined>;
  /**
   * The same as `get`, for the signal hot path: answers at once when the store can (in
   * memory), so a relayed signal waits for no promise; a shared store answers as `get` does.
   */
  find(roomId: string, memberId: string): Maybe<Member | undefined>;
  /** Everyone in the room, in order of arrival. */
  list(roomId: string): Promise<Member[]>;
  /** Totals for monitoring: never which rooms. */
  stats(): Promise<{ rooms: number; participants: number }>;
  update(roomId: string, memberId: string, patch: MemberPatch): Promise<Member | undefined>;
  /**
   * Keeps a message unless one with its id is already kept; resolves with the stored one,
   * so a message sent twice is stored and relayed once.
   */
  appendChat(roomId: string, message: ChatMessage): Promise<{ message: ChatMessage; duplicate: boolean }>;
  /** Kept messages, oldest first: the newest ones, or those before `query.before`. */
  history(roomId: string, query: HistoryQuery): Promise<ChatHistoryPage>;
  /** Whether the store answers now: an instance that cannot reach it is not ready. */
  ready(): Promise<boolean>;
}

interface Room {
  members: Map<string, Member>;
  history: ChatMessage[];
  /** Recent message ids, for de-duplication beyond the history kept for newcomers. */
  seen: Map<string, ChatMessage>;
  hostId: string | null;
  locked: boolean;
  hands: string[];
  knocks: Map<string, KnockRecord>;
  /** Knock id → the socket the host let in, until it joins. */
  admitted: Map<string, string>;
  removed: Set<string>;
}

/**
 * Who becomes host when the host leaves: the longest present, preferring one connected now
 * over one holding their seat through a reconnect. `members` are in order of arrival.
 */
export function nextHost(members: Iterable<Member>): string | null {
  let away: string | null = null;
  for (const member of members) {
    if (member.socketId !== null) return member.id;
    away ??= member.id;
  }
  return away;
}

/** Message ids remembered per room to recognise a message sent again. */
export const SEEN_LIMIT = 1000;

/**
 * One process's rooms, in memory. A room exists while somebody is in it: when the last
 * member leaves, its chat and message ids go with it (RedisRoomStore does the same).
 */
export class MemoryRoomStore implements RoomStore {
  readonly #rooms = new Map<string, Room>();
  readonly #historyLimit: number;

  constructor(historyLimit = CHAT_HISTORY_LIMIT) {
    this.#historyLimit = historyLimit;
  }

  async count(roomId: string) {
    return this.#rooms.get(roomId)?.members.size ?? 0;
  }

  async join(
    roomId: string,
    member: Member,
    capacity: number,
    { admitted = false } = {},
  ): Promise<JoinOutcome> {
    let room = this.#rooms.get(roomId);
    if (!room) {
      room = {
        members: new Map(),
        history: [],
        seen: new Map(),
        hostId: null,
        locked: false,
        hands: [],
        knocks: new Map(),
        admitted: new Map(),
        removed: new Set(),
      };
      this.#rooms.set(roomId, room);
    }
    // Taking one's own seat again never counts twice against the capacity, nor knocks.
    if (!room.members.has(member.id)) {
      if (room.members.size >= capacity) return { ok: false, reason: 'full' };
      if (room.locked && !admitted) return { ok: false, reason: 'locked' };
    }
    room.members.set(member.id, member);
    room.hostId ??= member.id;
    return { ok: true };
  }

  async leave(roomId: string, memberId: string) {
    return (await this.depart(roomId, memberId))?.member;
  }

  async depart(roomId: string, memberId: string) {
    return this.#depart(roomId, memberId, false);
  }

  async remove(roomId: string, memberId: string) {
    return this.#depart(roomId, memberId, true);
  }

  async #depart(roomId: string, memberId: string, removed: boolean): Promise<Departure | undefined> {
    const room = this.#rooms.get(roomId);
    const member = room?.members.get(memberId);
    if (!room || !member) return undefined;
    room.members.delete(memberId);
    const hands = room.hands.filter((id) => id !== memberId);
    const handsChanged = hands.length !== room.hands.length;
    room.hands = hands;
    if (removed) room.removed.add(memberId);
    if (room.members.size === 0) {
      this.#rooms.delete(roomId);
      const orphanedKnocks = [...room.knocks.values()];
      return { member, hostId: null, hostChanged: false, hands: [], handsChanged, orphanedKnocks };
    }
    const hostChanged = room.hostId === memberId || room.hostId === null;
    if (hostChanged) room.hostId = nextHost(room.members.values());
    return { member, hostId: room.hostId, hostChanged, hands: [...hands], handsChanged, orphanedKnocks: [] };
  }

  async isRemoved(roomId: string, memberId: string) {
    return this.#rooms.get(roomId)?.removed.has(memberId) ?? false;
  }

  async state(roomId: string): Promise<RoomState> {
    const room = this.#rooms.get(roomId);
    return { hostId: room?.hostId ?? null, locked: room?.locked ?? false, hands: [...(room?.hands ?? [])] };
  }

  async setLocked(roomId: string, locked: boolean) {
    const room = this.#rooms.get(roomId);
    if (!room) return undefined;
    const changed = room.locked !== locked;
    room.locked = locked;
    return changed;
  }

  async setHost(roomId: string, memberId: string) {
    const room = this.#rooms.get(roomId);
    if (!room?.members.has(memberId)) return false;
    room.hostId = memberId;
    return true;
  }

  async setHand(roomId: string, memberId: string, raised: boolean) {
    const room = this.#rooms.get(roomId);
    if (!room?.members.has(memberId)) return undefined;
    const up = room.hands.includes(memberId);
    if (raised && !up) room.hands = [...room.hands, memberId];
    if (!raised && up) room.hands = room.hands.filter((id) => id !== memberId);
    return { hands: [...room.hands], changed: up !== raised };
  }

  async addKnock(roomId: string, knock: KnockRecord, max: number): Promise<KnockOutcome> {
    const room = this.#rooms.get(roomId);
    if (!room) return 'gone';
    if (room.knocks.size >= max) return 'full';
    room.knocks.set(knock.id, { ...knock });
    return 'ok';
  }

  async knocks(roomId: string) {
    return [...(this.#rooms.get(roomId)?.knocks.values() ?? [])].map((knock) => ({ ...knock }));
  }

  async takeKnock(roomId: string, knockId: string, admit: boolean) {
    const room = this.#rooms.get(roomId);
    const knock = room?.knocks.get(knockId);
    if (!room || !knock) return undefined;
    room.knocks.delete(knockId);
    if (admit) room.admitted.set(knockId, knock.socketId);
    return knock;
  }

  async takeAdmission(roomId: string, knockId: string, socketId: string) {
    const room = this.#rooms.get(roomId);
    if (room?.admitted.get(knockId) !== socketId) return false;
    room.admitted.delete(knockId);
    return true;
  }

  async get(roomId: string, memberId: string) {
    return this.#rooms.get(roomId)?.members.get(memberId);
  }

  find(roomId: string, memberId: string): Maybe<Member | undefined> {
    return this.#rooms.get(roomId)?.members.get(memberId);
  }

  async stats() {
    let participants = 0;
    for (const room of this.#rooms.values()) participants += room.members.size;
    return { rooms: this.#rooms.size, participants };
  }

  async list(roomId: string) {
    return [...(this.#rooms.get(roomId)?.members.values() ?? [])];
  }

  async update(roomId: string, memberId: string, patch: MemberPatch) {
    const room = this.#rooms.get(roomId);
    const member = room?.members.get(memberId);
    if (!room || !member) return undefined;
    const updated = { ...member, ...patch };
    room.members.set(memberId, updated);
    return updated;
  }

  async appendChat(roomId: string, message: ChatMessage) {
    const room = this.#rooms.get(roomId);
    const kept = room?.seen.get(message.id);
    if (kept) return { message: kept, duplicate: true };
    if (room) {
      room.history.push(message);
      if (room.history.length > this.#historyLimit) room.history.shift();
      room.seen.set(message.id, message);
      if (room.seen.size > SEEN_LIMIT) room.seen.delete(room.seen.keys().next().value as string);
    }
    return { message, duplicate: false };
  }

  async history(roomId: string, query: HistoryQuery) {
    return pageOf(this.#rooms.get(roomId)?.history ?? [], query);
  }

  async ready() {
    return true;
  }

  // One process: nobody else to tell it is alive, nobody to take over from.
  async heartbeat() {
    return { restored: 0 };
  }

  async forgetInstance() {}

  async claimOrphans() {
    return [];
  }
}

/** The public view of a member: no socket id leaves the server. */
export function toParticipant({ id, name, audio, video, screen = false }: Member): Participant {
  return { id, name, audio, video, screen };
}
