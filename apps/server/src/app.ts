import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config.js';
import { createHttpHandler } from './http.js';
import { GraceTimers } from './presence.js';
import { MemoryRoomStore, type RoomStore } from './rooms.js';
import { handleConnection, type MoimServer } from './signaling.js';

/**
 * Socket.IO's largest accepted message. The largest legitimate one is a signal carrying a
 * session description (SDP_MAX_LENGTH characters plus JSON escaping), far below the 1 MB
 * default that would let one client make the server buffer megabytes.
 */
export const MAX_MESSAGE_BYTES = 160 * 1024;

export interface App {
  http: HttpServer;
  io: MoimServer;
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:41234`. */
  listen(): Promise<string>;
  /** Disconnects every socket and stops listening. Calling it twice is harmless. */
  close(): Promise<void>;
}

export interface AppDeps {
  store?: RoomStore;
}

/** Builds the HTTP server and the signaling on it, without listening yet. */
export function createApp(config: Config, deps: AppDeps = {}): App {
  const log = pino({ level: config.logLevel, base: undefined });
  const store = deps.store ?? new MemoryRoomStore();
  const http = createServer(createHttpHandler(config.webDist));
  const io: MoimServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
  });
  // Socket.IO keeps each handshake request for the socket's lifetime; nothing here reads
  // it, and dropping it saves a few KB per idle participant (Socket.IO memory guide).
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });
  const grace = new GraceTimers();
  io.on('connection', (socket) => handleConnection(socket, { io, store, config, log, grace }));

  let closing: Promise<void> | undefined;
  return {
    http,
    io,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const { address, port } = http.address() as AddressInfo;
          const host = address.includes(':') ? `[${address}]` : address;
          log.info({ port, host: address }, 'listening');
          resolve(`http://${host}:${port}`);
        });
      }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        grace.clear();
        // Closes every transport without a disconnect packet, so clients treat it as a
        // dropped connection and reconnect (to this server restarted, or another one).
        io.close(() => resolve());
        http.closeAllConnections();
      });
      return closing;
    },
  };
}
