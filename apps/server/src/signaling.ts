import type { ClientToServerEvents, ServerToClientEvents } from '@moim/protocol';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { Config } from './config.js';
import { createDispatcher } from './dispatch.js';
import { chatHandlers } from './handlers/chat.js';
import { hostHandlers } from './handlers/host.js';
import { roomHandlers } from './handlers/room.js';
import { signalHandlers } from './handlers/signal.js';
import { type KnockTimers, withdrawKnock } from './hosting.js';
import type { Metrics } from './metrics.js';
import { type GraceTimers, holdSeat, leaveRoom } from './presence.js';
import type { RateLimits } from './rate-limits.js';
import type { RoomStore } from './rooms.js';

/** What the server records about a socket. Only the server writes it. */
interface SocketData {
  roomId?: string;
  participantId?: string;
  /** The room whose head count this socket follows from the lobby. */
  watching?: string;
  /** The client's address as the handshake found it (behind TRUST_PROXY, the proxy's word). */
  address?: string;
  /** Waiting to be let into a locked room: the knock, made by the server. */
  knock?: { roomId: string; id: string };
  /** The host removed this socket's participant: it is being closed, and may do nothing more. */
  removed?: boolean;
}

/** What instances sharing a Redis adapter ask of each other. */
export interface InterServerEvents {
  /** Close this socket, whose participant the host removed, if it is one of yours. */
  'moim:remove-socket': (socketId: string) => void;
}

export type MoimServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type MoimSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface Deps {
  io: MoimServer;
  store: RoomStore;
  config: Config;
  log: Logger;
  grace: GraceTimers;
  knockTimers: KnockTimers;
  limits: RateLimits;
  metrics: Metrics;
  /** This server instance, recorded with each member it holds the socket of. */
  instance: string;
  /** Signs and checks resume tokens (SESSION_SECRET). */
  sessionSecret: string;
}

/** Wires one socket: its events through the dispatcher, and what its disconnect means. */
export function handleConnection(socket: MoimSocket, deps: Deps) {
  const { on, enqueue, seatKey } = createDispatcher(socket, deps);
  roomHandlers(socket, deps, on);
  signalHandlers(socket, deps, on, seatKey);
  chatHandlers(socket, deps, on);
  hostHandlers(socket, deps, on);

  socket.on('disconnect', (reason) => {
    // The client hung up on purpose (tab closed, page left): no grace, they are gone.
    const departure = reason === 'client namespace disconnect' ? leaveRoom : holdSeat;
    enqueue(() => departure(deps, socket), 'cleanup after disconnect failed');
    // A knocker who closes the tab stops knocking.
    enqueue(() => withdrawKnock(deps, socket), 'knock cleanup after disconnect failed');
  });
}
