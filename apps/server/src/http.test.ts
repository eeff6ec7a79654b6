import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp, originAllowed } from './app.js';
import { type Config, testConfig } from './config.js';
import { rawRequest } from './test-support.js';

let webDist: string;
let app: App;

const PAGE = '<!doctype html><title>moim</title>';
const SCRIPT = 'console.log("app")';

/** A file and its precompressed copies, as the web app's build writes them. */
function writeCompressible(path: string, text: string) {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text));
}

beforeAll(() => {
  webDist = mkdtempSync(join(tmpdir(), 'moim-web-'));
  mkdirSync(join(webDist, 'assets'));
  writeCompressible(join(webDist, 'index.html'), PAGE);
  writeCompressible(join(webDist, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(webDist, 'assets', 'index-abc123.js.map'), '{"version":3}');
});

/** A GET with exactly these headers (fetch would add Accept-Encoding and decode), body undecoded. */
function getRaw(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      }).on('error', reject);
    },
  );
}

afterAll(() => rmSync(webDist, { recursive: true, force: true }));
afterEach(() => app?.close());

async function serve(dist: string | null, overrides: Partial<Config> = {}) {
  app = createApp(testConfig({ webDist: dist, ...overrides }));
  return app.listen();
}

/** Log lines the app writes, parsed. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(
        ...String(chunk)
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      );
      done();
    },
  });
  return { lines, stream };
}

describe('HTTP', () => {
  it('answers /healthz', async () => {
    const url = await serve(null);
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it.each(['/', '/r/team-standup', '/r/team-standup/'])(
    'serves the app for %s, revalidated each load',
    async (path) => {
      const url = await serve(webDist);
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<title>moim</title>');
    },
  );

  it('serves hashed assets with a year-long immutable cache', async () => {
    const url = await serve(webDist);
    const response = await fetch(`${url}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    ['', undefined, (body: Buffer) => body],
    ['identity', undefined, (body: Buffer) => body],
  ])('sends a script precompressed as Accept-Encoding "%s" allows', async (accepted, encoding, decode) => {
    const url = await serve(webDist);
    const response = await getRaw(
      `${url}/assets/index-abc123.js`,
      accepted ? { 'accept-encoding': accepted } : {},
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['content-length']).toBe(String(response.body.length));
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(decode(response.body).toString()).toBe(SCRIPT);
  });

  it('sends the page of an app route compressed too, still revalidated each load', async () => {
    const url = await serve(webDist);
    const response = await getRaw(`${url}/r/team-standup?name=Ana`, { 'accept-encoding': 'br' });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(response.body).toString()).toBe(PAGE);
  });

  it('answers a revalidation of an unchanged file 304 with its caching headers', async () => {
    const url = await serve(webDist);
    const first = await getRaw(`${url}/`, { 'accept-encoding': 'gzip' });
    const etag = String(first.headers.etag);
    // Each encoding is its own representation, with its own validator.
    expect((await getRaw(`${url}/`)).headers.etag).not.toBe(etag);
    const again = await getRaw(`${url}/`, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['cache-control']).toBe('no-cache');
    expect(again.headers.vary).toBe('Accept-Encoding');
  });

  it('never publishes source maps', async () => {
    const url = await serve(webDist);
    expect((await getRaw(`${url}/assets/index-abc123.js.map`)).status).toBe(404);
  });

  it('answers 404 for anything else', async () => {
    const url = await serve(webDist);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/r/a/b`)).status).toBe(404);
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
  });

  it('says how to build the app when it is not built', async () => {
    const url = await serve(join(webDist, 'missing'));
    const response = await fetch(`${url}/r/room`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('pnpm build');
  });
});

describe('security', () => {
  it('sends a Content-Security-Policy with no inline script and only its own origin to connect to', async () => {
    const url = await serve(webDist);
    const response = await fetch(`${url}/r/room`);
    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );
    expect(directives['script-src']).toBe("'self'");
    expect(directives['connect-src']).toBe("'self'");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect(directives['object-src']).toBe("'none'");
    // Files received in the chat are object URLs: an image's preview needs blob: in img-src,
    // and a download link needs nothing (a download is not a fetch); nothing else allows blob:.
    expect(directives['img-src']).toBe("'self' data: blob:");
    expect(csp.match(/blob:/g)).toHaveLength(2); // img-src and media-src (remote video)
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('permissions-policy')).toContain('camera=(self)');
  });

  it('refuses a Socket.IO connection from a foreign origin and accepts its own', async () => {
    const url = await serve(null);
    const handshake = (origin: string) =>
      fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }).then((r) => r.status);
    expect(await handshake('https://evil.example')).toBe(403);
    expect(await handshake(url)).toBe(200);
  });

  it('refuses a page of the same host over another scheme', async () => {
    const url = await serve(null);
    const handshake = (origin: string) =>
      fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }).then((r) => r.status);
    expect(await handshake(url.replace('http:', 'https:'))).toBe(403);
    expect(await handshake(url)).toBe(200);
  });

  it('compares scheme, host and port; behind a trusted proxy, with the scheme it forwarded', () => {
    const req = (headers: Record<string, string>) => ({ headers: { host: 'meet.example.org', ...headers } });
    const allowed = (headers: Record<string, string>, options = {}) =>
      originAllowed(req(headers), [], options);
    expect(allowed({ origin: 'http://meet.example.org' })).toBe(true);
    expect(allowed({ origin: 'https://meet.example.org' })).toBe(false);
    expect(allowed({ origin: 'http://meet.example.org:8080' })).toBe(false);
    expect(allowed({ origin: 'https://meet.example.org' }, { tls: true })).toBe(true);
    expect(allowed({ origin: 'https://meet.example.org', host: 'meet.example.org:443' }, { tls: true })).toBe(
      true,
    );
    expect(allowed({ origin: 'http://meet.example.org' }, { tls: true })).toBe(false);
    // nginx terminates TLS and says so; the header counts only when the proxy is trusted.
    const viaProxy = { 'x-forwarded-proto': 'https' };
    expect(allowed({ origin: 'https://meet.example.org', ...viaProxy }, { trustProxy: true })).toBe(true);
    expect(allowed({ origin: 'http://meet.example.org', ...viaProxy }, { trustProxy: true })).toBe(false);
    expect(allowed({ origin: 'https://meet.example.org', ...viaProxy })).toBe(false);
    expect(
      allowed(
        { origin: 'https://meet.example.org', 'x-forwarded-proto': 'http, https' },
        { trustProxy: true },
      ),
    ).toBe(true);
    expect(
      allowed({ origin: 'https://meet.example.org', 'x-forwarded-proto': 'gopher' }, { trustProxy: true }),
    ).toBe(false);
    expect(allowed({ origin: 'null' })).toBe(false);
  });

  it('sends no HSTS over plain http', async () => {
    const url = await serve(webDist);
    expect((await fetch(`${url}/`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('puts security headers on Socket.IO responses: handshake, refusals and WebSocket upgrades', async () => {
    const url = await serve(null);
    const port = Number(new URL(url).port);
    const expectSecure = (headers: Record<string, string | null>, what: string) => {
      expect(headers['x-content-type-options'], what).toBe('nosniff');
      expect(headers['content-security-policy'], what).toBe("default-src 'none';frame-ancestors 'none'");
      expect(headers['referrer-policy'], what).toBe('no-referrer');
      expect(headers['cross-origin-resource-policy'], what).toBe('same-origin');
    };
    const asObject = (response: Response) => Object.fromEntries(response.headers.entries());
    const handshake = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    expect(handshake.status).toBe(200);
    expectSecure(asObject(handshake), 'polling handshake');
    const refused = await fetch(`${url}/socket.io/?EIO=4&transport=nope`);
    expect(refused.status).toBe(400);
    expectSecure(asObject(refused), 'refusal');
    const upgrade = await rawRequest(
      port,
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n' +
        'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      { headersOnly: true },
    );
    expect(upgrade?.status).toBe(101);
    expectSecure(upgrade?.headers ?? {}, 'WebSocket upgrade');
  });

  it('accepts exactly the configured origins when ALLOWED_ORIGINS is set', async () => {
    app = createApp(testConfig({ allowedOrigins: ['https://meet.example.org'] }));
    const url = await app.listen();
    const handshake = (origin: string) =>
      fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }).then((r) => r.status);
    expect(await handshake('https://meet.example.org')).toBe(200);
    expect(await handshake(url)).toBe(403);
  });
});

describe('methods', () => {
  it.each([
    ['POST', '/'],
    ['PUT', '/r/room'],
    ['DELETE', '/assets/index-abc123.js'],
    ['PATCH', '/healthz'],
    ['POST', '/metrics'],
    ['OPTIONS', '/'],
  ])('answers %s %s with 405 and the methods it allows, not the page', async (method, path) => {
    const url = await serve(webDist);
    const response = await fetch(`${url}${path}`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await response.text()).not.toContain('<title>moim</title>');
  });

  it('answers HEAD like GET, without a body', async () => {
    const url = await serve(webDist);
    const response = await fetch(`${url}/r/room`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('/metrics', () => {
  it('is open when no METRICS_TOKEN is set', async () => {
    const url = await serve(null);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('moim_connected_sockets');
  });

  it('wants the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'scrape-me-0123456789';
    const url = await serve(null, { metricsToken: token });
    const scrape = (authorization?: string) =>
      fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
    for (const wrong of [
      undefined,
      'Bearer',
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Basic ${token}`,
      token,
    ]) {
      const response = await scrape(wrong);
      expect(response.status, String(wrong)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain('moim_');
    }
    const response = await scrape(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('moim_connected_sockets');
  });
});

describe('errors in request handling', () => {
  it('are logged and answered 500, and the server goes on', async () => {
    const log = logSink();
    app = createApp(testConfig({ logLevel: 'info' }), { logDestination: log.stream });
    const url = await app.listen();
    app.metrics.registry.metrics = () => {
      throw new Error('collector exploded');
    };
    expect((await fetch(`${url}/metrics`)).status).toBe(500);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        msg: 'request handling failed',
        err: expect.objectContaining({ message: 'collector exploded' }),
      }),
    );
  });

  it('a file removed under the running server ends that response only', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'moim-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>moim</title>');
    writeFileSync(join(dist, 'assets', 'old-1.js'), 'old');
    try {
      const log = logSink();
      app = createApp(testConfig({ webDist: dist, logLevel: 'info' }), { logDestination: log.stream });
      const port = Number(new URL(await app.listen()).port);
      // A rebuild replaced the hashed files the server listed at start.
      rmSync(join(dist, 'assets', 'old-1.js'));
      await rawRequest(port, 'GET /assets/old-1.js HTTP/1.1\r\nHost: localhost\r\n\r\n');
      // The file's open fails in the thread pool, maybe after the connection is gone.
      await expect.poll(() => log.lines.map((line) => line.msg)).toContain('static file unreadable');
      expect((await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n'))?.status).toBe(200);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('a request the HTTP parser cannot read is answered 400 and its connection closed', async () => {
    const port = Number(new URL(await serve(null)).port);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nBad Header: x\r\n\r\n'))?.status).toBe(400);
    expect((await rawRequest(port, `GET / HTTP/1.1\r\nX: ${'x'.repeat(20_000)}\r\n\r\n`))?.status).toBe(431);
  });
});
