import type { RoomCount } from '@moim/protocol';
import { announceDeparture } from './hosting.js';
import type { Deps, MoimSocket } from './signaling.js';

/**
 * Timers for participants whose connection dropped: each is announced as gone only if it
 * has not come back when its timer fires. One per participant; resuming cancels it.
 */
export class GraceTimers {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  start(roomId: string, participantId: string, ms: number, onExpiry: () => void) {
    const key = `${roomId}/${participantId}`;
    this.cancel(roomId, participantId);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      onExpiry();
    }, ms);
    timer.unref();
    this.#timers.set(key, timer);
  }

  cancel(roomId: string, participantId: string) {
    const key = `${roomId}/${participantId}`;
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
  }

  /** The seats held now, waiting for their participant to come back. */
  held(): { roomId: string; participantId: string }[] {
    return [...this.#timers.keys()].map((key) => {
      // Room ids never hold a slash (isRoomId, protocol room-id.ts).
      const slash = key.indexOf('/');
      return { roomId: key.slice(0, slash), participantId: key.slice(slash + 1) };
    });
  }

  clear() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

export const watchRoom = (roomId: string) => `watch:${roomId}`;

/** Tells those following a room from its lobby how many are in it now. */
export async function announceCount({ io, store }: Pick<Deps, 'io' | 'store'>, roomId: string) {
  const count: RoomCount = { roomId, count: await store.count(roomId) };
  io.to(watchRoom(roomId)).emit('room:count', count);
}

/**
 * Starts the grace period of a participant whose connection is gone: unless somebody
 * resumed the seat by then, the room is told they left. Any instance may run it; only the
 * one whose `leave` removes the member announces it.
 */
export function startGrace(deps: Deps, roomId: string, participantId: string) {
  const { store, log, grace, config } = deps;
  grace.start(roomId, participantId, config.reconnectGraceMs, () => {
    void (async () => {
      const current = await store.get(roomId, participantId);
      if (!current || current.socketId !== null) return;
      const departure = await store.depart(roomId, participantId);
      if (!departure) return;
      await announceDeparture(deps, roomId, departure);
      log.info({ room: roomId, participant: participantId }, 'gone after grace');
      await announceCount(deps, roomId);
    })().catch((error) => log.error({ err: error }, 'grace expiry failed'));
  });
}

/**
 * A dropped connection is not a departure yet: the seat is held for the grace period,
 * and the room hears of it only if nobody resumed it by then.
 */
export async function holdSeat(deps: Deps, socket: MoimSocket) {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) return;
  const member = await deps.store.get(roomId, participantId);
  // Already taken over by a newer socket (a resume that beat this disconnect).
  if (!member || member.socketId !== socket.id) return;
  await deps.store.update(roomId, participantId, { socketId: null });
  startGrace(deps, roomId, participantId);
}

/** Takes the socket out of its room, telling the others; harmless when not in one. */
export async function leaveRoom(deps: Deps, socket: MoimSocket) {
  const { roomId, participantId } = socket.data;
  if (!roomId || !participantId) return;
  socket.data.roomId = undefined;
  socket.data.participantId = undefined;
  socket.leave(roomId);
  deps.grace.cancel(roomId, participantId);
  const departure = await deps.store.depart(roomId, participantId);
  if (departure) {
    // The socket has left the room already: the others hear it.
    await announceDeparture(deps, roomId, departure);
    deps.log.info({ room: roomId, participant: participantId }, 'left');
  }
  await announceCount(deps, roomId);
}
