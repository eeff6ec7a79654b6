import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { Server } from 'socket.io';
import type { Config } from './config.js';
import { createHandshake } from './handshake.js';
import { closeLocalRemoved, KnockTimers, REMOVE_SOCKET } from './hosting.js';
import { createHttpHandler, guardServer } from './http.js';
import { createLogger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { GraceTimers, startGrace } from './presence.js';
import { createRateLimits } from './rate-limits.js';
import { connectRedis } from './redis.js';
import { type LiveSeat, MemoryRoomStore, type RoomStore } from './rooms.js';
import { loadSessionSecret } from './session-token.js';
import { type Deps, handleConnection, type MoimServer } from './signaling.js';

/**
 * Socket.IO's largest accepted message. The largest legitimate one is a signal carrying a
 * session description (SDP_MAX_LENGTH characters plus JSON escaping), far below the 1 MB
 * default that would let one client make the server buffer megabytes.
 */
const MAX_MESSAGE_BYTES = 160 * 1024;

export interface App {
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

// The handshake checks live in handshake.ts; these names stay importable from here.
export { clientAddress, originAllowed } from './handshake.js';

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
  const handler = createHttpHandler({
    webDist: config.webDist,
    metrics: metrics.registry,
    metricsToken: config.metricsToken,
    tls: !!config.tls,
    log,
    ready,
  });
  const http: HttpServer = config.tls
    ? createHttpsServer(
        { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
        handler,
      )
    : createServer(handler);
  const limits = createRateLimits(config.rateLimitScale, config.roomCapacity, redis?.client);
  const handshake = createHandshake({ config, limits, metrics, log });
  const io: MoimServer = new Server(http, {
    serveClient: false,
    ...(redis ? { adapter: redis.adapter } : {}),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // A session that never joins the namespace (a bare engine.io handshake) is closed.
    connectTimeout: config.connectTimeoutMs,
    allowRequest: handshake.allowRequest,
  });
  guardServer(http, { log, tls: !!config.tls, engine: io.engine });
  io.use(handshake.middleware);
  io.engine.on('connection_error', handshake.onEngineError);
  // Socket.IO keeps each handshake request for the socket's lifetime; once the handshake
  // has read the address from it, dropping it saves a few KB per idle participant.
  io.engine.on('connection', (rawSocket: Parameters<typeof handshake.onEngineConnection>[0]) => {
    handshake.onEngineConnection(rawSocket);
    rawSocket.request = null;
  });
  if (config.redisUrl && !config.sessionSecret) {
    log.warn(
      "SESSION_SECRET is unset: instances sharing Redis need the same one to honour each other's resume tokens",
    );
  }
  const sessionSecret = loadSessionSecret(config.sessionSecret, config.dataDir);
  const grace = new GraceTimers();
  const knockTimers = new KnockTimers();
  const signaling: Deps = {
    io,
    store,
    config,
    log,
    grace,
    knockTimers,
    limits,
    metrics,
    instance,
    sessionSecret,
  };
  io.on('connection', (socket) => handleConnection(socket, signaling));
  // Another instance's host removed someone whose socket is here.
  io.on(REMOVE_SOCKET, (socketId: string) => {
    const socket = io.of('/').sockets.get(socketId);
    if (socket) closeLocalRemoved(socket);
  });

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
        knockTimers.clear();
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
