import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { testConfig } from './config.js';

let webDist: string;
let app: App;

beforeAll(() => {
  webDist = mkdtempSync(join(tmpdir(), 'moim-web-'));
  mkdirSync(join(webDist, 'assets'));
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>moim</title>');
  writeFileSync(join(webDist, 'assets', 'index-abc123.js'), 'console.log("app")');
});

afterAll(() => rmSync(webDist, { recursive: true, force: true }));
afterEach(() => app?.close());

async function serve(dist: string | null) {
  app = createApp(testConfig({ webDist: dist }));
  return app.listen();
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

  it('accepts exactly the configured origins when ALLOWED_ORIGINS is set', async () => {
    app = createApp(testConfig({ allowedOrigins: ['https://meet.example.org'] }));
    const url = await app.listen();
    const handshake = (origin: string) =>
      fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } }).then((r) => r.status);
    expect(await handshake('https://meet.example.org')).toBe(200);
    expect(await handshake(url)).toBe(403);
  });
});
