import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config.js';
import { createHttpHandler } from './http.js';
import { createLogger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { GraceTimers } from './presence.js';
import { createRateLimits } from './rate-limits.js';
import { connectRedis } from './redis.js';
import { type LiveSeat, MemoryRoomStore, type RoomStore } from './rooms.js';
import { type Deps, handleConnection, type MoimServer, startGrace } from './signaling.js';

/**
 * Socket.IO's largest accepted message. The largest legitimate one is a signal carrying a
 * session description (SDP_MAX_LENGTH characters plus JSON escaping), far below the 1 MB
 * default that would let one client make the server buffer megabytes.
 */
export const MAX_MESSAGE_BYTES = 160 * 1024;

export interface App {
  http: HttpServer;
  io: MoimServer;
  metrics: Metrics;
  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:41234`. */
  listen(): Promise<string>;
  /** Disconnects every socket and stops listening. Calling it twice is harmless. */
  close(): Promise<void>;
}

export interface AppDeps {
  store?: RoomStore;
  /** Where logs go (JSON lines); standard output by default. */
  logDestination?: DestinationStream;
}

/**
 * Browsers always say which page opens a WebSocket; only the allowed origins (by default
 * the one serving the app) may. Other clients send no Origin and are let through: an
 * origin check protects people's browsers, not the server.
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.length > 0) return allowed.includes(origin);
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Who is connecting, for the per-address limit. Behind a reverse proxy every connection
 * comes from the proxy, so with `trustProxy` the first X-Forwarded-For address counts.
 */
export function clientAddress(
  handshake: { address: string; headers: Record<string, string | string[] | undefined> },
  trustProxy: boolean,
): string {
  const forwarded = handshake.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return trustProxy && first ? first : handshake.address;
}

/** Builds the HTTP server and the signaling on it, without listening yet. */
export function createApp(config: Config, deps: AppDeps = {}): App {
  const log = createLogger(config.logLevel, deps.logDestination);
  const redis = config.redisUrl
    ? connectRedis(config.redisUrl, log, { commandTimeoutMs: config.redisCommandTimeoutMs })
    : null;
  const store = deps.store ?? redis?.store ?? new MemoryRoomStore();
  const instance = randomUUID();
  // Counts sockets at scrape time, once `io` exists.
  const metrics = createMetrics(store, () => io.engine.clientsCount);
  // The app's own handler goes first: Socket.IO then takes /socket.io/ and passes the rest on.
  // Ready while the store answers (Redis included) and the instance is not shutting down.
  const ready = async () => closing === undefined && (await store.ready());
  const handler = createHttpHandler(config.webDist, metrics.registry, ready);
  const http: HttpServer = config.tls
    ? createHttpsServer(
        { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
        handler,
      )
    : createServer(handler);
  const io: MoimServer = new Server(http, {
    serveClient: false,
    ...(redis ? { adapter: redis.adapter } : {}),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    allowRequest: (req, callback) => {
      const ok = originAllowed(req, config.allowedOrigins);
      if (!ok) log.warn({ origin: req.headers.origin }, 'signaling refused: origin not allowed');
      callback(ok ? null : 'origin not allowed', ok);
    },
  });
  const limits = createRateLimits(config.rateLimitScale, redis?.client);
  io.use((socket, next) => {
    limits.allow('connection', clientAddress(socket.handshake, config.trustProxy)).then(
      (ok) => {
        if (ok) return next();
        metrics.rateLimited.inc({ kind: 'connection' });
        next(new Error('rate_limited: too many connections from this address, try again in a minute'));
      },
      (error) => {
        // The client gets a code, never the driver's words.
        log.error({ err: error }, 'connection check failed');
        next(new Error('internal: the server could not take this connection, try again shortly'));
      },
    );
  });
  // Socket.IO keeps each handshake request for the socket's lifetime; nothing here reads
  // it, and dropping it saves a few KB per idle participant (Socket.IO memory guide).
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });
  const grace = new GraceTimers();
  const signaling: Deps = { io, store, config, log, grace, limits, metrics, instance };
  io.on('connection', (socket) => handleConnection(socket, signaling));

  // With several instances: say this one is alive (putting its seats back if the store lost
  // them), and take over the participants of any that stopped saying so (crashed, killed),
  // announcing them gone after the grace period. A store of one process does nothing here.
  const liveSeats = (): LiveSeat[] => [
    ...[...io.of('/').sockets.values()].flatMap(({ id, data: { roomId, participantId } }) =>
      roomId && participantId ? [{ roomId, participantId, socketId: id }] : [],
    ),
    ...grace.held().map((seat) => ({ ...seat, socketId: null })),
  ];
  const beat = async () => {
    const { restored } = await store.heartbeat(instance, config.instanceTtlMs, liveSeats());
    if (restored > 0) log.warn({ restored }, 'the store had lost this instance: seats put back');
  };
  const sweep = async () => {
    for (const { roomId, member } of await store.claimOrphans(instance)) {
      log.info(
        { room: roomId, participant: member.id, instance: member.instance },
        'instance gone: seat held',
      );
      startGrace(signaling, roomId, member.id);
    }
  };
  const timers: NodeJS.Timeout[] = [];
  void beat().catch((error) => log.error({ err: error }, 'heartbeat failed'));
  timers.push(
    setInterval(
      () => void beat().catch((error) => log.error({ err: error }, 'heartbeat failed')),
      config.instanceTtlMs / 3,
    ),
    setInterval(
      () => void sweep().catch((error) => log.error({ err: error }, 'orphan sweep failed')),
      config.instanceTtlMs / 2,
    ),
  );
  for (const timer of timers) timer.unref();

  let closing: Promise<void> | undefined;
  return {
    http,
    io,
    metrics,
    listen: () =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const { address, port } = http.address() as AddressInfo;
          const host = address.includes(':') ? `[${address}]` : address;
          log.info({ port, host: address }, 'listening');
          resolve(`${config.tls ? 'https' : 'http'}://${host}:${port}`);
        });
      }),
    close: () => {
      closing ??= (async () => {
        for (const timer of timers) clearInterval(timer);
        grace.clear();
        // Closes every transport without a disconnect packet, so clients treat it as a
        // dropped connection and reconnect (to this server restarted, or another one).
        await new Promise<void>((resolve) => {
          io.close(() => resolve());
          http.closeAllConnections();
        });
        // The other instances hold this one's seats at their next sweep.
        await store.forgetInstance(instance).catch(() => {});
        await redis?.close();
      })();
      return closing;
    },
  };
}
