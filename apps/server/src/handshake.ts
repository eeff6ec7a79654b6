import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Metrics } from './metrics.js';
import type { RateLimits } from './rate-limits.js';
import type { MoimSocket } from './signaling.js';

/**
 * Browsers always say which page opens a WebSocket; only the allowed origins (by default
 * the one serving the app: same scheme, host and port) may. Other clients send no Origin and
 * are let through: an origin check protects people's browsers, not the server. The scheme
 * is this server's own (https with TLS), or, with `trustProxy`, the X-Forwarded-Proto the
 * proxy set, since a proxy that terminates TLS talks plain http to us.
 */
export function originAllowed(
  req: Pick<IncomingMessage, 'headers'>,
  allowed: string[],
  { tls = false, trustProxy = false }: { tls?: boolean; trustProxy?: boolean } = {},
): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.length > 0) return allowed.includes(origin);
  const forwarded = trustProxy ? forwardedProto(req.headers['x-forwarded-proto']) : undefined;
  const scheme = forwarded ?? (tls ? 'https' : 'http');
  try {
    return new URL(origin).origin === new URL(`${scheme}://${req.headers.host}`).origin;
  } catch {
    return false;
  }
}

/** The scheme the nearest proxy added (the last entry), if it is one we know. */
function forwardedProto(header: string | string[] | undefined): 'http' | 'https' | undefined {
  const last = (Array.isArray(header) ? header.at(-1) : header)?.split(',').at(-1)?.trim().toLowerCase();
  return last === 'http' || last === 'https' ? last : undefined;
}

/**
 * Who is connecting, for the per-address limits. Behind `trustProxy` reverse proxies every
 * connection comes from the nearest one, and each appended the address it saw to
 * X-Forwarded-For: the outermost proxy's entry, `trustProxy` from the right, is the client.
 * Entries further left are whatever the client wrote, so they are never read.
 */
export function clientAddress(
  handshake: { address: string; headers: Record<string, string | string[] | undefined> },
  trustProxy: number | boolean,
): string {
  const hops = Number(trustProxy);
  if (hops <= 0) return handshake.address;
  const header = handshake.headers['x-forwarded-for'];
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the farthest one we have is the best we know.
  return entries[Math.max(0, entries.length - hops)] ?? handshake.address;
}

/** What the handshake learnt about a connection, carried from the request to the socket. */
interface Arrival {
  address: string;
  /** Over the per-address connection budget: refused, with the reason, at namespace connect. */
  overLimit: boolean;
  /** The budget could not be read (its Redis not answering): refused as `internal`. */
  unavailable?: boolean;
  release(): void;
}

const ARRIVAL = Symbol('moim.arrival');
type Carrier = { [ARRIVAL]?: Arrival };
interface EngineSocket extends Carrier {
  request: (IncomingMessage & Carrier) | null;
  once(event: 'close', listener: () => void): void;
}

/**
 * The checks every connection passes before it may speak: its origin, its address (read
 * while the handshake's headers are still there), the per-address connection budget, and
 * the engine.io sessions that address holds open.
 */
export function createHandshake({
  config,
  limits,
  metrics,
  log,
}: {
  config: Config;
  limits: RateLimits;
  metrics: Metrics;
  log: Logger;
}) {
  const open = new Map<string, number>();
  const reserve = (address: string): Arrival => {
    open.set(address, (open.get(address) ?? 0) + 1);
    let released = false;
    return {
      address,
      overLimit: false,
      release() {
        if (released) return;
        released = true;
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      },
    };
  };

  return {
    /** engine.io's `allowRequest`: runs for each new session, before it exists. */
    allowRequest(req: IncomingMessage & Carrier, callback: (error: string | null, ok: boolean) => void) {
      const originOptions = { tls: !!config.tls, trustProxy: config.trustProxy > 0 };
      if (!originAllowed(req, config.allowedOrigins, originOptions)) {
        log.warn({ origin: req.headers.origin }, 'signaling refused: origin not allowed');
        return callback('origin not allowed', false);
      }
      const address = clientAddress(
        { address: req.socket.remoteAddress ?? '', headers: req.headers },
        config.trustProxy,
      );
      const cap = config.maxSessionsPerAddress;
      if (cap > 0 && (open.get(address) ?? 0) >= cap) {
        metrics.rateLimited.inc({ kind: 'sessions' });
        log.warn({ address }, 'signaling refused: too many open sessions from this address');
        return callback('too many connections from this address', false);
      }
      // Counted from now: handshakes in flight hold their place too.
      const arrival = reserve(address);
      req[ARRIVAL] = arrival;
      Promise.resolve(limits.allow('connection', `a:${address}`)).then(
        (ok) => {
          arrival.overLimit = !ok;
          callback(null, true);
        },
        (error) => {
          // Let the session open so the namespace can refuse it with a code the client reads
          // (an engine-level refusal reaches it only as "websocket error").
          arrival.unavailable = true;
          log.error({ err: error }, 'connection limit unavailable');
          callback(null, true);
        },
      );
    },

    /** The engine's `connection`: the session now holds the place its handshake took. */
    onEngineConnection(raw: EngineSocket) {
      const arrival = raw.request?.[ARRIVAL];
      if (!arrival) return;
      raw[ARRIVAL] = arrival;
      raw.once('close', () => arrival.release());
    },

    /** A handshake that failed after it was allowed gives its place back. */
    onEngineError(error: { req?: IncomingMessage & Carrier }) {
      error.req?.[ARRIVAL]?.release();
    },

    /** Namespace middleware: refuses, with a reason the client can show, what is over budget. */
    middleware(socket: MoimSocket, next: (error?: Error) => void) {
      const arrival = (socket.conn as unknown as Carrier)[ARRIVAL];
      if (!arrival) return next(new Error('internal: no handshake'));
      if (arrival.unavailable) {
        return next(new Error('internal: the server could not take this connection, try again shortly'));
      }
      if (arrival.overLimit) {
        metrics.rateLimited.inc({ kind: 'connection' });
        return next(new Error('rate_limited: too many connections from this address, try again in a minute'));
      }
      socket.data.address = arrival.address;
      next();
    },
  };
}
