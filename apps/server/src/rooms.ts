import { CHAT_HISTORY_LIMIT, type ChatHistoryPage, type ChatMessage, type Participant } from '@moim/protocol';
import { type HistoryQuery, pageOf } from './history-page.js';

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

export type JoinOutcome = { ok: true } | { ok: false; reason: 'full' };

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
 * server instances) can replace the in-memory one without touching the handlers.
 */
export interface RoomStore extends InstanceRegistry {
  count(roomId: string): Promise<number>;
  /** Adds a member unless the room is at capacity; check and insert are one step. */
  join(roomId: string, member: Member, capacity: number): Promise<JoinOutcome>;
  /** Removes a member; returns it, or undefined if it was not there. */
  leave(roomId: string, memberId: string): Promise<Member | undefined>;
  get(roomId: string, memberId: string): Promise<Member | undefined>;
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

  async join(roomId: string, member: Member, capacity: number): Promise<JoinOutcome> {
    let room = this.#rooms.get(roomId);
    if (!room) {
      room = { members: new Map(), history: [], seen: new Map() };
      this.#rooms.set(roomId, room);
    }
    // Taking one's own seat again never counts twice against the capacity.
    if (!room.members.has(member.id) && room.members.size >= capacity) return { ok: false, reason: 'full' };
    room.members.set(member.id, member);
    return { ok: true };
  }

  async leave(roomId: string, memberId: string) {
    const room = this.#rooms.get(roomId);
    const member = room?.members.get(memberId);
    if (!room || !member) return undefined;
    room.members.delete(memberId);
    if (room.members.size === 0) this.#rooms.delete(roomId);
    return member;
  }

  async get(roomId: string, memberId: string) {
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
