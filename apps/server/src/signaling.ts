import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type Ack,
  CHAT_HISTORY_BYTES,
  CHAT_HISTORY_LIMIT,
  CHAT_HISTORY_PAGE_LIMIT,
  type ChatMessage,
  type ClientEventName,
  type ClientToServerEvents,
  clientPayloadSchemas,
  ErrorCode,
  parsePayload,
  type ServerToClientEvents,
} from '@moim/protocol';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type * as v from 'valibot';
import type { Config } from './config.js';
import { iceServersFor } from './ice.js';
import type { LimitedKind, Metrics } from './metrics.js';
import type { GraceTimers } from './presence.js';
import type { RateLimits } from './rate-limits.js';
import { type Member, type RoomStore, toParticipant } from './rooms.js';

/** What the server records about a socket. Only the server writes it. */
export interface SocketData {
  roomId?: string;
  participantId?: string;
  /** The room whose head count this socket follows from the lobby. */
  watching?: string;
}

export type MoimServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type MoimSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

export interface Deps {
  io: MoimServer;
  store: RoomStore;
  config: Config;
  log: Logger;
  grace: GraceTimers;
  limits: RateLimits;
  metrics: Metrics;
  /** This server instance, recorded with each member it holds the socket of. */
  instance: string;
}

/** Which rate limit each client event counts against. */
const LIMITED_AS: Record<ClientEventName, LimitedKind> = {
  'room:peek': 'peek',
  'room:join': 'join',
  'room:leave': 'update',
  'participant:update': 'update',
  'signal:send': 'signal',
  'chat:send': 'chat',
  'chat:history': 'history',
};

type Payload<E extends ClientEventName> = v.InferOutput<(typeof clientPayloadSchemas)[E]>;
type AckData<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  response: Ack<infer T>,
) => void
  ? T
  : never;
type Handler<E extends ClientEventName> = (payload: Payload<E>) => Promise<Ack<AckData<E>>>;

const watchRoom = (roomId: string) => `watch:${roomId}`;

/** Tells those following a room from its lobby how many are in it now. */
async function announceCount({ io, store }: Pick<Deps, 'io' | 'store'>, roomId: string) {
  io.to(watchRoom(roomId)).emit('room:count', { roomId, count: await store.count(roomId) });
}

/**
 * Starts the grace period of a participant whose connection is gone: unless somebody
 * resumed the seat by then, the room is told they left. Any instance may run it; only the
 * one whose `leave` removes the member announces it.
 */
export function startGrace(deps: Deps, roomId: string, participantId: string) {
  const { io, store, log, grace, config } = deps;
  grace.start(roomId, participantId, config.reconnectGraceMs, () => {
    void (async () => {
      const current = await store.get(roomId, participantId);
      if (!current || current.socketId !== null) return;
      if (!(await store.leave(roomId, participantId))) return;
      io.to(roomId).emit('participant:left', { id: participantId });
      log.info({ room: roomId, participant: participantId }, 'gone after grace');
      await announceCount(deps, roomId);
    })().catch((error) => log.error({ err: error }, 'grace expiry failed'));
  });
}

const refuse = (code: ErrorCode, message: string) => ({ ok: false as const, error: { code, message } });

const newToken = () => randomBytes(24).toString('base64url');

function sameToken(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Wires one socket's events. Every event is validated against its schema before anything
 * else, handled one at a time in arrival order (so an offer is relayed before the
 * candidates that follow it), and answered through its acknowledgement; a handler that
 * throws answers `internal` and changes nothing more.
 */
export function handleConnection(socket: MoimSocket, deps: Deps) {
  const { io, store, config, log, grace, limits, metrics, instance } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  // Listeners take what arrived off the wire, untyped: the schema decides what it is.
  const raw = socket as unknown as {
    on(event: string, listener: (payload: unknown, ack: unknown) => void): void;
  };

  function on<E extends ClientEventName>(event: E, handler: Handler<E>) {
    const schema = clientPayloadSchemas[event];
    raw.on(event, (payload, ack) => {
      // An event sent with a callback but no payload puts the callback first.
      const callback = typeof ack === 'function' ? ack : typeof payload === 'function' ? payload : undefined;
      const answer = (response: Ack<object>) => {
        if (!response.ok) metrics.rejected.inc({ reason: response.error.code });
        if (callback) (callback as (r: unknown) => void)(response);
      };
      const parsed = parsePayload(schema, payload);
      if (!parsed.ok) {
        answer(refuse(ErrorCode.InvalidPayload, parsed.message));
        return;
      }
      queue = queue.then(async () => {
        try {
          const kind = LIMITED_AS[event];
          if (!(await limits.allow(kind, socket.id))) {
            metrics.rateLimited.inc({ kind });
            answer(refuse(ErrorCode.RateLimited, 'Too many requests: slow down and try again shortly.'));
            return;
          }
          answer(await handler(parsed.value as Payload<E>));
        } catch (error) {
          log.error({ err: error, event, socket: socket.id }, 'handler failed');
          answer(refuse(ErrorCode.Internal, 'the server could not handle this request'));
        }
      });
    });
  }

  // Events no handler knows are ignored, and counted.
  socket.onAny((event: string) => {
    if (!Object.hasOwn(clientPayloadSchemas, event)) metrics.rejected.inc({ reason: 'unknown_event' });
  });

  /** Takes the socket out of its room, telling the others; harmless when not in one. */
  async function leaveRoom() {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return;
    socket.data.roomId = undefined;
    socket.data.participantId = undefined;
    socket.leave(roomId);
    grace.cancel(roomId, participantId);
    const member = await store.leave(roomId, participantId);
    if (member) {
      socket.to(roomId).emit('participant:left', { id: participantId });
      log.info({ room: roomId, participant: participantId }, 'left');
    }
    await announceCount(deps, roomId);
  }

  function unwatch() {
    if (socket.data.watching) socket.leave(watchRoom(socket.data.watching));
    socket.data.watching = undefined;
  }

  on('room:peek', async ({ roomId }) => {
    unwatch();
    socket.join(watchRoom(roomId));
    socket.data.watching = roomId;
    return { ok: true, count: await store.count(roomId), capacity: config.roomCapacity };
  });

  on('room:join', async ({ roomId, name, audio, video, resume }) => {
    // Coming back: the same seat if the server still holds it and the token matches; the
    // same id if nobody holds it (after a restart, or once the grace ran out).
    const held = resume ? await store.get(roomId, resume.id) : undefined;
    const resumed = !!(held && resume && sameToken(held.token, resume.token));
    // One room at a time: a connection in a room may only take its own seat again.
    const ownSeat = resumed && socket.data.roomId === roomId && socket.data.participantId === held?.id;
    if (socket.data.roomId && !ownSeat) {
      return refuse(ErrorCode.AlreadyInRoom, 'You are already in a room: leave it first.');
    }
    let member: Member;
    if (resumed && held) {
      grace.cancel(roomId, held.id);
      // The old socket, if the server has not noticed it is dead yet, no longer speaks for them.
      const previous = held.socketId;
      member =
        (await store.update(roomId, held.id, { name, audio, video, socketId: socket.id, instance })) ?? held;
      if (previous && previous !== socket.id) io.in(previous).disconnectSockets(true);
      if (held.name !== name || held.audio !== audio || held.video !== video) {
        socket.to(roomId).emit('participant:updated', toParticipant(member));
      }
    } else {
      const id = resume && !held ? resume.id : randomUUID();
      member = { id, name, audio, video, socketId: socket.id, token: newToken(), instance };
      const outcome = await store.join(roomId, member, config.roomCapacity);
      if (!outcome.ok) {
        return refuse(
          ErrorCode.RoomFull,
          `This room is full: it holds at most ${config.roomCapacity} people.`,
        );
      }
      socket.to(roomId).emit('participant:joined', toParticipant(member));
    }
    unwatch();
    socket.join(roomId);
    socket.data.roomId = roomId;
    socket.data.participantId = member.id;
    await announceCount(deps, roomId);
    log.info({ room: roomId, participant: member.id, resumed }, 'joined');
    const everyone = await store.list(roomId);
    // The newest messages only, by bytes too: older ones come with `chat:history`.
    const history = await store.history(roomId, { limit: CHAT_HISTORY_LIMIT, maxBytes: CHAT_HISTORY_BYTES });
    return {
      ok: true,
      self: toParticipant(member),
      participants: everyone.filter((other) => other.id !== member.id).map(toParticipant),
      history: history.messages,
      moreHistory: history.more,
      // Fresh TURN credentials at every join, a resume after a reconnect included.
      iceServers: iceServersFor(config.ice, member.id),
      iceTransportPolicy: config.ice.iceTransportPolicy,
      token: member.token,
      resumed,
      graceMs: config.reconnectGraceMs,
    };
  });

  on('room:leave', async () => {
    await leaveRoom();
    return { ok: true };
  });

  on('participant:update', async (patch) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const member = await store.update(roomId, participantId, patch);
    if (!member) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const self = toParticipant(member);
    socket.to(roomId).emit('participant:updated', self);
    return { ok: true, self };
  });

  on('signal:send', async ({ to, link, data }) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const target = to === participantId ? undefined : await store.get(roomId, to);
    if (!target) {
      return refuse(ErrorCode.UnknownParticipant, 'Nobody with that id is in your room.');
    }
    if (!target.socketId) {
      return refuse(ErrorCode.ParticipantAway, 'That participant is reconnecting.');
    }
    io.to(target.socketId).emit('signal:receive', { from: participantId, link, data });
    metrics.relayed.inc({ kind: 'signal' });
    return { ok: true };
  });

  on('chat:send', async ({ id, text }) => {
    const { roomId, participantId } = socket.data;
    const sender = roomId && participantId ? await store.get(roomId, participantId) : undefined;
    if (!roomId || !sender) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const candidate: ChatMessage = { id, from: sender.id, name: sender.name, text, sentAt: Date.now() };
    const { message, duplicate } = await store.appendChat(roomId, candidate);
    if (duplicate) {
      // Sent again after a lost acknowledgement: confirm, but never relay it twice.
      if (message.from !== sender.id) return refuse(ErrorCode.InvalidPayload, 'id: that id is taken');
      return { ok: true, message };
    }
    socket.to(roomId).emit('chat:message', message);
    metrics.relayed.inc({ kind: 'chat' });
    return { ok: true, message };
  });

  on('chat:history', async ({ before, limit = CHAT_HISTORY_PAGE_LIMIT }) => {
    // Only the socket's own room, from the server's record of it.
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    return { ok: true, ...(await store.history(roomId, { before, limit, maxBytes: CHAT_HISTORY_BYTES })) };
  });

  /**
   * A dropped connection is not a departure yet: the seat is held for the grace period,
   * and the room hears of it only if nobody resumed it by then.
   */
  async function holdSeat() {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return;
    const member = await store.get(roomId, participantId);
    // Already taken over by a newer socket (a resume that beat this disconnect).
    if (!member || member.socketId !== socket.id) return;
    await store.update(roomId, participantId, { socketId: null });
    startGrace(deps, roomId, participantId);
  }

  socket.on('disconnect', (reason) => {
    // The client hung up on purpose (tab closed, page left): no grace, they are gone.
    const departure = reason === 'client namespace disconnect' ? leaveRoom : holdSeat;
    queue = queue.then(departure).catch((error) => {
      log.error({ err: error, socket: socket.id }, 'cleanup after disconnect failed');
    });
  });
}
