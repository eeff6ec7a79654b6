import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import helmet from 'helmet';
import type { Registry } from 'prom-client';
import sirv from 'sirv';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** App routes that get `index.html`; the web app reads the path itself. */
const SPA_ROUTE = /^\/(?:r\/[^/]+\/?)?$/;

/**
 * Security headers for every response. The app loads nothing but its own files (no inline
 * script or style), talks only to its own origin (its WebSocket included), and may not be
 * framed; camera and microphone are for this origin alone.
 */
const secureHeaders = helmet({
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
  // Plain http on a LAN must keep working: no forced upgrade, no HSTS from here.
  strictTransportSecurity: false,
});

/**
 * Answers `/healthz` (the process is up), `/readyz` (`ready()`: it can serve calls, its
 * Redis answering) and `/metrics`, and serves the built web app from `webDist`: hashed files under
 * `/assets/` are cached for a year, `index.html` is revalidated every time so a deploy is
 * picked up at the next load.
 */
export function createHttpHandler(
  webDist: string | null,
  metrics?: Registry,
  ready: () => Promise<boolean> = async () => true,
): Handler {
  const hasApp = webDist !== null && existsSync(join(webDist, 'index.html'));
  const serve = hasApp
    ? sirv(webDist, {
        etag: true,
        gzip: false,
        brotli: false,
        setHeaders(res, pathname) {
          res.setHeader(
            'Cache-Control',
            pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      })
    : null;

  return (req, res) => {
    secureHeaders(req, res, () => route(req, res));
  };

  function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self)');
    if (url.pathname === '/metrics' && metrics) {
      metrics.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
          res.end(text);
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    if (url.pathname === '/readyz') {
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
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    if (!serve) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The web app is not built here. Run `pnpm build`, or `pnpm start`, which builds it.\n');
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (SPA_ROUTE.test(url.pathname)) req.url = `/index.html${url.search}`;
    }
    serve(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    });
  }
}
