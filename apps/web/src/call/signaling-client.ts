import { type Ack, type ClientToServerEvents, ErrorCode, type ServerToClientEvents } from '@moim/protocol';
import { io, type Socket } from 'socket.io-client';
import type { Logger } from './logger';

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What a client event carries. */
export type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Result<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (
  response: infer R,
) => void
  ? R
  : never;

/** How long a request waits for the server's acknowledgement. */
export const ACK_TIMEOUT_MS = 8000;

/** Opens the signaling connection to the server that served the page. */
export function connectSignaling(url?: string): SignalingSocket {
  const options = {
    // WebSocket first: it connects in one round trip; long-polling stays as the fallback.
    transports: ['websocket', 'polling'],
    // Come back quickly after a blip or a server restart: 0.5 s, 1 s, 2 s, then every 3 s.
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  };
  return url ? io(url, options) : io(options);
}

export interface RequestOptions {
  timeoutMs?: number;
  /** Where a refusal is reported, with its code; the caller still gets it. */
  log?: Logger;
}

/**
 * Sends a client event and resolves with its acknowledgement; a timeout or a lost
 * connection resolves as a refused one (`no_answer`), so callers handle a single shape.
 */
export async function request<E extends keyof ClientToServerEvents>(
  socket: SignalingSocket,
  event: E,
  payload: Payload<E>,
  { timeoutMs = ACK_TIMEOUT_MS, log }: RequestOptions = {},
): Promise<Result<E>> {
  let response: Ack;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: emitWithAck's overloads cannot follow a generic event name.
    response = (await (socket.timeout(timeoutMs) as any).emitWithAck(event, payload)) as Ack;
  } catch {
    response = { ok: false, error: { code: ErrorCode.NoAnswer, message: 'no answer in time' } };
  }
  if (!response.ok) log?.warn(`${event} refused`, response.error.code, response.error.message);
  return response as Result<E>;
}
