import { createConnection } from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents } from '@moim/protocol';
import { io, type Socket } from 'socket.io-client';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client, connected. */
export async function connect(url: string): Promise<Client> {
  const socket: Client = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the next emission of `event`, or rejects after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  timeoutMs = 2000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, listener as never);
  });
}

/** Every server event a socket receives, in order, as [event, payload]. */
export function record(socket: Client): [string, unknown][] {
  const seen: [string, unknown][] = [];
  socket.onAny((event: string, payload: unknown) => seen.push([event, payload]));
  return seen;
}

/** Cuts the connection as a network failure would: no goodbye reaches the server. */
export function dropConnection(socket: Client) {
  socket.io.engine.close();
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `request` byte for byte to a fresh TCP connection (no client library to tidy it up)
 * and resolves with the response the server sent before closing, or null if it sent none.
 * With `headersOnly`, stops reading at the end of the headers (a WebSocket upgrade).
 */
export function rawRequest(
  port: number,
  request: string | Buffer,
  { headersOnly = false, timeoutMs = 5000 } = {},
): Promise<RawResponse | null> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no end of response within ${timeoutMs} ms to ${JSON.stringify(String(request).slice(0, 80))}`,
        ),
      );
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!match) return resolve(null);
      const headers: Record<string, string> = {};
      for (const line of text
        .slice(0, end === -1 ? undefined : end)
        .split('\r\n')
        .slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(match[1]), headers, body: end === -1 ? '' : text.slice(end + 4) });
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (headersOnly && Buffer.concat(chunks).includes('\r\n\r\n')) {
        socket.destroy();
        finish();
      }
    });
    // A reset after the answer is still an answer.
    socket.on('error', () => {});
    socket.on('close', finish);
    // Half-close: the server sees the request is complete, or that it never will be.
    socket.end(request);
  });
}
