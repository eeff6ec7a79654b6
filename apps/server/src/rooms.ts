import { CHAT_HISTORY_LIMIT, type ChatMessage, type Participant } from '@moim/protocol';

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

/**
 * Where room state lives. Every method is async so that a shared store (Redis, for several
 * server instances) can replace the in-memory one without touching the handlers.
 */
export interface RoomStore {
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
  history(roomId: string): Promise<ChatMessage[]>;
}

interface Room {
  members: Map<string, Member>;
  history: ChatMessage[];
  /** Recent message ids, for de-duplication beyond the history kept for newcomers. */
  seen: Map<string, ChatMessage>;
}

/** Message ids remembered per room to recognise a message sent again. */
const SEEN_LIMIT = 1000;

/**
 * One process's rooms, in memory. A room exists while somebody is in it: when the last
 * member leaves, its chat goes with it.
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
    if (room.members.size >= capacity) return { ok: false, reason: 'full' };
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

  async history(roomId: string) {
    return [...(this.#rooms.get(roomId)?.history ?? [])];
  }
}

/** The public view of a member: no socket id leaves the server. */
export function toParticipant({ id, name, audio, video, screen = false }: Member): Participant {
  return { id, name, audio, video, screen };
}
