import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { testConfig } from './config.js';
import { rawRequest } from './test-support.js';

let app: App;
let port: number;
let webDist: string;
/** Errors nothing caught: each would have ended a server running on its own. */
const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', recordUncaught);
  webDist = mkdtempSync(join(tmpdir(), 'moim-web-'));
  mkdirSync(join(webDist, 'assets'));
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>moim</title>');
  writeFileSync(join(webDist, 'assets', 'index-abc123.js'), 'console.log("app")');
  // The app served, metrics open: every route a request can reach is in play.
  app = createApp(testConfig({ webDist, rateLimitScale: 0 }));
  port = Number(new URL(await app.listen()).port);
});
afterAll(async () => {
  process.off('uncaughtException', recordUncaught);
  await app.close();
  rmSync(webDist, { recursive: true, force: true });
});

const request = (line: string, headers = 'Host: localhost\r\n') => `${line}\r\n${headers}\r\n`;

/** Sends one request, then checks that the server still answers its health check. */
async function survives(raw: string | Buffer) {
  const response = await rawRequest(port, raw);
  expect(uncaught, `uncaught after ${JSON.stringify(String(raw).slice(0, 120))}`).toEqual([]);
  // A refusal is fine; an error the server did not expect (a 500 from the guard) is not.
  if (response) expect(response.status, String(raw).slice(0, 120)).toBeLessThan(500);
  const health = await rawRequest(
    port,
    request('GET /healthz HTTP/1.1', 'Host: localhost\r\nConnection: close\r\n'),
  );
  expect(health?.status, `after ${JSON.stringify(String(raw).slice(0, 120))}`).toBe(200);
  return response;
}

const targets = [
  '//[',
  '//',
  '//x/metrics',
  '//x/healthz',
  '/%',
  '/%E0%A4%A',
  '/%ZZ',
  '/%00',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/../../../etc/passwd',
  '/assets/../index.html',
  '/assets/%2e%2e%2findex.html',
  '/r/%ZZ',
  '/r/room/%ff',
  '/?%',
  '/?a=%zz&b',
  '/healthz?%',
  '/metrics?%E0',
  '/\\\\evil.example/',
  '/@evil.example',
  '/:80',
  '/#frag',
  '/ü',
  `/${'a'.repeat(8000)}`,
  `/r/${'%'.repeat(4000)}`,
  `/${'/'.repeat(6000)}`,
  'http://x/',
  'http://x/metrics',
  'https://localhost/healthz',
  'http://[::1/',
  'http://%/',
  'ftp://x/',
  '*',
  'localhost:80',
  'x',
  '?',
  '%',
  '',
  '/socket.io/',
  '/socket.io/?EIO=4&transport=polling&sid=%',
  '/socket.io/?EIO=9&transport=polling',
  '/socket.io/?EIO=4&transport=nope',
  '/socket.io/?EIO=4&transport=polling&sid=unknown',
  '/socket.io/?%zz=1&EIO=4&transport=polling',
  '/socket.io//..//metrics',
];
const methods = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'BREW',
  'get',
  'G ET',
  '',
];
const versions = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1', 'HTTX/1.1', ''];

const table: string[] = [
  ...methods.flatMap((method) => targets.map((target) => request(`${method} ${target} HTTP/1.1`))),
  ...versions.flatMap((version) =>
    ['/', '//[', 'http://x/', '*'].map((target) => request(`GET ${target} ${version}`)),
  ),
  request('GET / HTTP/1.1', 'Host: localhost\r\nContent-Length: -1\r\n'),
  request('GET / HTTP/1.1', 'Host: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n'),
  `${request('POST / HTTP/1.1', 'Host: localhost\r\nTransfer-Encoding: chunked\r\n')}zz\r\n`,
  request('GET / HTTP/1.1', 'Host: localhost\r\nBad Header: x\r\n'),
  request('GET / HTTP/1.1', `Host: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n`),
  request('GET / HTTP/1.1', 'Host: localhost\r\nRange: bytes=999999-\r\n'),
  request('GET / HTTP/1.1', 'Host: localhost\r\nRange: bytes=-5--3\r\n'),
  request('GET / HTTP/1.1', 'Host: localhost\r\nIf-None-Match: *\r\n'),
  request('GET /socket.io/?EIO=4&transport=polling HTTP/1.1', 'Host: localhost\r\nOrigin: %\r\n'),
  request('GET /socket.io/?EIO=4&transport=polling HTTP/1.1', 'Host: [\r\nOrigin: http://[\r\n'),
  ...[
    '/socket.io/?EIO=4&transport=websocket',
    '/socket.io/?EIO=4&transport=websocket&sid=%',
    '/socket.io/?EIO=4&transport=websocket&sid=unknown',
    '/socket.io/?EIO=3&transport=websocket',
    '/socket.io/?transport=polling',
    '/socket.io/?%zz',
    '//[',
    'http://x/socket.io/',
    '/metrics',
  ].flatMap((target) =>
    ['dGhlIHNhbXBsZSBub25jZQ==', '', '%%%'].map((key) =>
      request(
        `GET ${target} HTTP/1.1`,
        `Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n`,
      ),
    ),
  ),
  request('GET /metrics HTTP/1.1', 'Host: localhost\r\nAuthorization: Bearer\r\n'),
  request('GET / HTTP/1.1', ''),
  'GET / HTTP/1.1\n\n',
  '\r\n\r\n',
  'GET',
  'GET / HTTP/1.1\r\nHost: localhost\r\n',
  'CONNECT localhost:22 HTTP/1.1\r\nHost: localhost:22\r\n\r\n',
  'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
  '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03',
  '\x00\x01\x02\x03\xff\xfe',
];

describe('HTTP requests no server should fall to', () => {
  it(`answers a table of ${table.length} raw requests and stays up after each`, async () => {
    for (const raw of table) await survives(raw);
  }, 180_000);

  it('routes on the path as received: nothing that merely resolves to /metrics gets the metrics', async () => {
    for (const target of [
      '//x/metrics',
      '//metrics',
      '/./metrics',
      '/x/../metrics',
      '/%6detrics',
      '/metrics/',
      'http://x/metrics',
    ]) {
      const response = await survives(
        request(`GET ${target} HTTP/1.1`, 'Host: localhost\r\nConnection: close\r\n'),
      );
      expect(response?.status, target).toBeGreaterThanOrEqual(400);
      expect(response?.body, target).not.toContain('moim_');
    }
  }, 60_000);

  const fragment = fc.constantFrom(
    '/',
    '//',
    '%',
    '%2',
    '%zz',
    '%2e',
    '%00',
    '..',
    '.',
    '?',
    '#',
    '&',
    '=',
    ':',
    '@',
    '[',
    ']',
    '\\',
    '*',
    'http://',
    'metrics',
    'healthz',
    'r',
    'assets',
    'socket.io',
    'index.html',
    'ü',
    '\u{1F600}',
    '\t',
    ' ',
  );
  const target = fc.oneof(
    fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('')),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
  const method = fc.oneof(fc.constantFrom(...methods), fc.stringMatching(/^[A-Z-]{1,12}$/));
  const header = fc.oneof(
    fc.constantFrom(
      'Host: localhost',
      'Connection: close',
      'Content-Length: 0',
      'Upgrade: websocket',
      'Expect: 100-continue',
    ),
    fc
      .tuple(fc.stringMatching(/^[A-Za-z-]{1,16}$/), fc.string({ unit: 'binary-ascii', maxLength: 60 }))
      .map(([name, value]) => `${name}: ${value}`),
  );

  it('answers hundreds of generated requests and stays up after each', async () => {
    await fc.assert(
      fc.asyncProperty(method, target, fc.array(header, { maxLength: 5 }), async (verb, path, headers) => {
        await survives(`${verb} ${path} HTTP/1.1\r\n${headers.map((line) => `${line}\r\n`).join('')}\r\n`);
      }),
      { numRuns: 400 },
    );
  }, 240_000);
});
