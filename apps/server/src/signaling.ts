import { randomUUID } from 'node:crypto';
import {
  type Ack,
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
import { type RoomStore, toParticipant } from './rooms.js';

/** What the server records about a socket. Only the server writes it. */
export interface SocketData {
  roomId?: string;
  participantId?: string;
  /** The room whose head count this socket follows from the lobby. */
  watching?: string;
}

export type MoimServer = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;
export type MoimSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

interface Deps {
  io: MoimServer;
  store: RoomStore;
  config: Config;
  log: Logger;
}

type Payload<E extends ClientEventName> = v.InferOutput<(typeof clientPayloadSchemas)[E]>;
type AckData<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  response: Ack<infer T>,
) => void
  ? T
  : never;
type Handler<E extends ClientEventName> = (payload: Payload<E>) => Promise<Ack<AckData<E>>>;

const watchRoom = (roomId: string) => `watch:${roomId}`;

const refuse = (code: ErrorCode, message: string) => ({ ok: false as const, error: { code, message } });

/**
 * Wires one socket's events. Every event is validated against its schema before anything
 * else, handled one at a time in arrival order (so an offer is relayed before the
 * candidates that follow it), and answered through its acknowledgement; a handler that
 * throws answers `internal` and changes nothing more.
 */
export function handleConnection(socket: MoimSocket, deps: Deps) {
  const { io, store, config, log } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  // Listeners take what arrived off the wire, untyped: the schema decides what it is.
  const raw = socket as unknown as {
    on(event: string, listener: (payload: unknown, ack: unknown) => void): void;
  };

  function on<E extends ClientEventName>(event: E, handler: Handler<E>) {
    const schema = clientPayloadSchemas[event];
    raw.on(event, (payload, ack) => {
      const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
      const parsed = parsePayload(schema, payload);
      if (!parsed.ok) {
        reply(refuse(ErrorCode.InvalidPayload, parsed.message));
        return;
      }
      queue = queue.then(async () => {
        try {
          reply(await handler(parsed.value as Payload<E>));
        } catch (error) {
          log.error({ err: error, event, socket: socket.id }, 'handler failed');
          reply(refuse(ErrorCode.Internal, 'the server could not handle this request'));
        }
      });
    });
  }

  async function announceCount(roomId: string) {
    io.to(watchRoom(roomId)).emit('room:count', { roomId, count: await store.count(roomId) });
  }

  /** Takes the socket out of its room, telling the others; harmless when not in one. */
  async function leaveRoom() {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return;
    socket.data.roomId = undefined;
    socket.data.participantId = undefined;
    socket.leave(roomId);
    const member = await store.leave(roomId, participantId);
    if (member) {
      socket.to(roomId).emit('participant:left', { id: participantId });
      log.info({ room: roomId, participant: participantId }, 'left');
    }
    await announceCount(roomId);
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

  on('room:join', async ({ roomId, name, audio, video }) => {
    await leaveRoom();
    const member = { id: randomUUID(), name, audio, video, socketId: socket.id };
    const outcome = await store.join(roomId, member, config.roomCapacity);
    if (!outcome.ok) {
      return refuse(ErrorCode.RoomFull, `This room is full: it holds at most ${config.roomCapacity} people.`);
    }
    unwatch();
    socket.join(roomId);
    socket.data.roomId = roomId;
    socket.data.participantId = member.id;
    const self = toParticipant(member);
    socket.to(roomId).emit('participant:joined', self);
    await announceCount(roomId);
    log.info({ room: roomId, participant: member.id }, 'joined');
    return {
      ok: true,
      self,
      participants: outcome.others.map(toParticipant),
      history: await store.history(roomId),
      iceServers: config.stunUrls.length > 0 ? [{ urls: config.stunUrls }] : [],
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

  on('signal:send', async ({ to, data }) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const target = to === participantId ? undefined : await store.get(roomId, to);
    if (!target) {
      return refuse(ErrorCode.UnknownParticipant, 'Nobody with that id is in your room.');
    }
    io.to(target.socketId).emit('signal:receive', { from: participantId, data });
    return { ok: true };
  });

  on('chat:send', async ({ text }) => {
    const { roomId, participantId } = socket.data;
    const sender = roomId && participantId ? await store.get(roomId, participantId) : undefined;
    if (!roomId || !sender) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const message: ChatMessage = {
      id: randomUUID(),
      from: sender.id,
      name: sender.name,
      text,
      sentAt: Date.now(),
    };
    await store.appendChat(roomId, message);
    socket.to(roomId).emit('chat:message', message);
    return { ok: true, message };
  });

  socket.on('disconnect', () => {
    queue = queue.then(leaveRoom).catch((error) => {
      log.error({ err: error, socket: socket.id }, 'cleanup after disconnect failed');
    });
  });
}
