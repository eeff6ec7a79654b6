import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import sirv from 'sirv';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** App routes that get `index.html`; the web app reads the path itself. */
const SPA_ROUTE = /^\/(?:r\/[^/]+\/?)?$/;

/** Every path this handler serves is read-only. */
const ALLOWED_METHODS = 'GET, HEAD';

/** Socket.IO's path: its requests are answered by Socket.IO, not by the handler below. */
const SOCKET_IO_PATH = '/socket.io/';

/** Half a year: a browser that saw the app over HTTPS keeps to HTTPS. */
const HSTS = { maxAge: 180 * 24 * 3600, includeSubDomains: false };

/**
 * Security headers for every response. The app loads nothing but its own files (no inline
 * script or style), talks only to its own origin (its WebSocket included), and may not be
 * framed; camera and microphone are for this origin alone.
 */
const appHeaders = (tls: boolean) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Only when this process serves TLS itself: plain http on a LAN must keep working.
    strictTransportSecurity: tls ? HSTS : false,
  });

/**
 * The headers helmet gives Socket.IO's responses (data, never a page: nothing may load or
 * frame them), collected once so they can be added where Socket.IO writes its own.
 */
function socketIoHeaders(tls: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  const collect = {
    setHeader: (name: string, value: string) => {
      headers[name] = String(value);
    },
    removeHeader: () => {},
  };
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    strictTransportSecurity: tls ? HSTS : false,
  })({} as IncomingMessage, collect as unknown as ServerResponse, () => {});
  return headers;
}

/** Bearer tokens compared through their hashes: constant time whatever their lengths. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

interface HttpOptions {
  /** Folder holding the built web app; null serves none. */
  webDist: string | null;
  metrics?: Registry;
  /** When set, `/metrics` answers only requests carrying `Authorization: Bearer <token>`. */
  metricsToken?: string | null;
  /** This process serves HTTPS: send HSTS. */
  tls?: boolean;
  log: Logger;
  /** Whether this instance can serve calls now (its Redis answering): `/readyz`. */
  ready?: () => Promise<boolean>;
}

/**
 * Answers `/healthz` (the process is up), `/readyz` (`ready()`: it can serve calls, its
 * Redis answering) and `/metrics`, and serves the built web app from `webDist`: hashed files under
 * `/assets/` are cached for a year, `index.html` is revalidated every time so a deploy is
 * picked up at the next load; each in its precompressed copy when the request accepts one,
 * and never a source map. Routes on the path exactly as received: nothing is decoded
 * or merged first, so `//x/metrics` or `/%6detrics` is not `/metrics`.
 */
export function createHttpHandler({
  webDist,
  metrics,
  metricsToken,
  tls = false,
  log,
  ready = async () => true,
}: HttpOptions): Handler {
  const hasApp = webDist !== null && existsSync(join(webDist, 'index.html'));
  // The build writes a `.br` and a `.gz` beside each text file (apps/web/vite.config.ts): sirv
  // sends the one the request accepts, with its Content-Encoding, and the file itself otherwise.
  const serve = hasApp ? sirv(webDist, { etag: true, brotli: true, gzip: true }) : null;
  const secureHeaders = appHeaders(tls);

  return (req, res) => {
    secureHeaders(req, res, () => route(req, res));
  };

  function route(req: IncomingMessage, res: ServerResponse) {
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self)');
    const target = req.url ?? '';
    // Only origin-form targets (`/path?query`); absolute-form, `*` and the like name no file here.
    if (!target.startsWith('/')) return plain(res, 400, 'Bad request\n');
    const query = target.indexOf('?');
    const path = query === -1 ? target : target.slice(0, query);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(res, 405, 'Method not allowed\n', { Allow: ALLOWED_METHODS });
    }
    if (path === '/metrics' && metrics) {
      if (metricsToken && !bearerMatches(req.headers.authorization, metricsToken)) {
        return plain(res, 401, 'Unauthorized\n', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      }
      metrics.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
          res.end(text);
        },
        (error) => {
          log.error({ err: error }, 'metrics failed');
          plain(res, 500, 'Internal error\n');
        },
      );
      return;
    }
    if (path === '/readyz') {
      ready().then(
        (ok) => {
          res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify({ ok }));
        },
        () => {
          res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(JSON.stringify({ ok: false }));
        },
      );
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    if (!serve) {
      return plain(
        res,
        404,
        'The web app is not built here. Run `pnpm build`, or `pnpm start`, which builds it.\n',
      );
    }
    // Source maps are never published, even when a build made them (MOIM_SOURCEMAP).
    if (path.endsWith('.map')) return plain(res, 404, 'Not found\n');
    if (SPA_ROUTE.test(path)) req.url = `/index.html${query === -1 ? '' : target.slice(query)}`;
    // Set here, not in sirv's setHeaders, so that a 304 carries them too.
    res.setHeader(
      'Cache-Control',
      path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    res.setHeader('Vary', 'Accept-Encoding');
    // A file gone since start (a rebuild under a running server) fails while streaming.
    res.once('pipe', (source) => {
      source.once('error', (error) => {
        log.warn({ err: error, path }, 'static file unreadable');
        res.destroy();
      });
    });
    serve(req, res, () => plain(res, 404, 'Not found\n'));
  }
}

interface SocketIoEngine {
  on(event: 'headers', listener: (headers: Record<string, string>) => void): unknown;
}

/**
 * The last line of defence around every HTTP request, Socket.IO's included: an error thrown
 * while handling one is logged and answered 500, and the process goes on. Requests the HTTP
 * parser cannot read are answered 400 (431, 408) and their connection closed. Call it after
 * Socket.IO has attached its listener.
 */
export function guardServer(
  server: HttpServer,
  { log, tls, engine }: { log: Logger; tls: boolean; engine: SocketIoEngine },
) {
  const listeners = server.listeners('request') as Handler[];
  const socketHeaders = Object.entries(socketIoHeaders(tls));
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (req.url?.startsWith(SOCKET_IO_PATH))
        for (const [name, value] of socketHeaders) res.setHeader(name, value);
      for (const listener of listeners) listener.call(server, req, res);
    } catch (error) {
      log.error({ err: error, method: req.method }, 'request handling failed');
      if (!res.headersSent) plain(res, 500, 'Internal error\n');
      else res.destroy();
    }
  });
  const upgrades = server.listeners('upgrade') as ((
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
  ) => void)[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    try {
      for (const listener of upgrades) listener.call(server, req, socket, head);
    } catch (error) {
      log.error({ err: error }, 'upgrade handling failed');
      socket.destroy();
    }
  });
  // A WebSocket upgrade has no response object: Socket.IO lets us add to its headers.
  engine.on('headers', (headers) => {
    for (const [name, value] of socketHeaders) headers[name] = value;
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    log.debug({ err: error }, 'unreadable HTTP request');
    if (error.code !== 'ECONNRESET' && socket.writable && socket.bytesWritten === 0) {
      const status =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? '408 Request Timeout'
            : '400 Bad Request';
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
}
