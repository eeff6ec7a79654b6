import { randomUUID } from 'node:crypto';
import { KNOCK_TIMEOUT_MS, KNOCKS_MAX, type Knock, type ParticipantLeft } from '@moim/protocol';
import type { Departure, KnockOutcome, KnockRecord } from './rooms.js';
import type { Deps, MoimServer, MoimSocket } from './signaling.js';

/*
 * Hosting's moving parts shared by the handlers and presence: knocks on a locked room (each
 * waits at most the knock timeout), what a departure tells the room, and closing the
 * connection of someone the host removed, on whichever instance holds it.
 */

/** One timer per knock waiting on this instance; the knock's own instance runs it. */
export class KnockTimers {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  start(knockId: string, ms: number, onExpiry: () => void) {
    this.cancel(knockId);
    const timer = setTimeout(() => {
      this.#timers.delete(knockId);
      onExpiry();
    }, ms);
    timer.unref();
    this.#timers.set(knockId, timer);
  }

  cancel(knockId: string) {
    clearTimeout(this.#timers.get(knockId));
    this.#timers.delete(knockId);
  }

  clear() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

/** What the host sees of a knock: never its socket. */
export const toKnock = ({ id, name }: KnockRecord): Knock => ({ id, name });

/** Sends the host the whole list of knocks waiting, wherever their socket is. */
export async function tellHost({ io, store }: Pick<Deps, 'io' | 'store'>, roomId: string) {
  const { hostId } = await store.state(roomId);
  const host = hostId ? await store.get(roomId, hostId) : undefined;
  if (!host?.socketId) return;
  const knocks = (await store.knocks(roomId)).map(toKnock);
  io.to(host.socketId).emit('knock:list', { knocks });
}

/**
 * Parks `socket` as a knock on `roomId`: it is in no room and hears nothing of it, the host
 * is told, and the knock ends by itself after the knock timeout.
 */
export async function knock(
  deps: Deps,
  socket: MoimSocket,
  roomId: string,
  name: string,
): Promise<KnockOutcome> {
  const record: KnockRecord = { id: randomUUID(), name, socketId: socket.id };
  const outcome = await deps.store.addKnock(roomId, record, KNOCKS_MAX);
  if (outcome !== 'ok') return outcome;
  socket.data.knock = { roomId, id: record.id };
  deps.knockTimers.start(record.id, deps.config.knockTimeoutMs ?? KNOCK_TIMEOUT_MS, () => {
    void expire(deps, socket, roomId, record.id).catch((error) =>
      deps.log.error({ err: error }, 'knock expiry failed'),
    );
  });
  deps.log.info({ room: roomId, knock: record.id }, 'knocked');
  await tellHost(deps, roomId);
  return 'ok';
}

async function expire(deps: Deps, socket: MoimSocket, roomId: string, knockId: string) {
  if (socket.data.knock?.id === knockId) socket.data.knock = undefined;
  const record = await deps.store.takeKnock(roomId, knockId, false);
  // Let in but never came: the admission lapses with the knock.
  await deps.store.takeAdmission(roomId, knockId, socket.id);
  if (!record) return;
  deps.io.to(record.socketId).emit('knock:answer', { admitted: false, reason: 'timeout' });
  await tellHost(deps, roomId);
}

/** Ends this socket's knock, if it has one: cancelled, or the socket went away. */
export async function withdrawKnock(deps: Deps, socket: MoimSocket) {
  const current = socket.data.knock;
  if (!current) return;
  socket.data.knock = undefined;
  deps.knockTimers.cancel(current.id);
  const waiting = await deps.store.takeKnock(current.roomId, current.id, false);
  // An admission it never used goes too.
  await deps.store.takeAdmission(current.roomId, current.id, socket.id);
  if (waiting) await tellHost(deps, current.roomId);
}

/** The host's answer to a knock; false if no such knock is waiting. */
export async function answerKnock(deps: Deps, roomId: string, knockId: string, admitted: boolean) {
  const record = await deps.store.takeKnock(roomId, knockId, admitted);
  if (!record) return false;
  deps.io
    .to(record.socketId)
    .emit('knock:answer', admitted ? { admitted: true } : { admitted: false, reason: 'denied' });
  deps.log.info({ room: roomId, knock: knockId, admitted }, 'knock answered');
  await tellHost(deps, roomId);
  return true;
}

/**
 * Tells the room what a departure changed: who left (to everyone but `except`, the socket of
 * someone removed), the new host (who gets the knocks waiting), the hands. Knocks left
 * waiting in a room that emptied are answered: nothing holds them back now.
 */
export async function announceDeparture(deps: Deps, roomId: string, departure: Departure, except?: string) {
  const { io } = deps;
  const everyone = except ? io.to(roomId).except(except) : io.to(roomId);
  everyone.emit('participant:left', { id: departure.member.id } satisfies ParticipantLeft);
  if (departure.hostChanged && departure.hostId) {
    io.to(roomId).emit('room:host', { hostId: departure.hostId });
    deps.log.info({ room: roomId, host: departure.hostId }, 'host handed over');
    if ((await deps.store.knocks(roomId)).length > 0) await tellHost(deps, roomId);
  }
  if (departure.handsChanged) everyone.emit('room:hands', { hands: departure.hands });
  for (const waiting of departure.orphanedKnocks) {
    io.to(waiting.socketId).emit('knock:answer', { admitted: true });
  }
}

/** Name of the event by which one instance asks the others to close a removed socket. */
export const REMOVE_SOCKET = 'moim:remove-socket';

/** Tells a removed participant's socket, then closes it; on the instance that holds it. */
export function closeRemoved(io: MoimServer, socketId: string) {
  const local = io.of('/').sockets.get(socketId);
  if (!local) {
    io.serverSideEmit(REMOVE_SOCKET, socketId);
    return;
  }
  closeLocalRemoved(local);
}

export function closeLocalRemoved(socket: MoimSocket) {
  const { roomId } = socket.data;
  socket.data.removed = true;
  socket.data.roomId = undefined;
  socket.data.participantId = undefined;
  if (roomId) socket.leave(roomId);
  socket.emit('room:removed', {});
  socket.disconnect(true);
}
