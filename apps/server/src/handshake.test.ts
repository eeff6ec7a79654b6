import { createServer, type IncomingMessage, request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { io as connectRaw } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';

let app: App;
let url: string;
const cleanups: (() => void)[] = [];

async function start(overrides: Partial<Config> = {}) {
  app = createApp(testConfig(overrides));
  url = await app.listen();
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await app?.close();
});

/**
 * A reverse proxy as nginx with `proxy_add_x_forwarded_for` is: it passes requests and
 * WebSocket upgrades on, appending the address it saw to whatever X-Forwarded-For came in.
 */
async function startProxy(target: string): Promise<string> {
  const { hostname, port } = new URL(target);
  const forwarded = (req: IncomingMessage) => {
    const seen = req.socket.remoteAddress ?? '';
    const prior = req.headers['x-forwarded-for'];
    return { ...req.headers, 'x-forwarded-for': prior ? `${prior}, ${seen}` : seen };
  };
  const proxy = createServer((req, res) => {
    const upstream = request(
      { host: hostname, port, path: req.url, method: req.method, headers: forwarded(req) },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on('upgrade', (req, socket, head) => {
    const upstream = tcpConnect(Number(port), hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(forwarded(req))) {
        for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    proxy.closeAllConnections();
    proxy.close();
  });
  const address = proxy.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** Connects from the local address `from`, sending `forged` as its own X-Forwarded-For. */
function attempt(target: string, from: string, forged?: string): Promise<string> {
  const socket = connectRaw(target, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    localAddress: from,
    ...(forged ? { extraHeaders: { 'X-Forwarded-For': forged } } : {}),
  } as Parameters<typeof connectRaw>[1]);
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(error.message));
  }).finally(() => socket.disconnect());
}

describe('behind a trusted proxy', () => {
  it('counts connections by the address the proxy saw, whatever the client wrote', async () => {
    await start({ trustProxy: 1, rateLimitScale: 0.1 }); // 6 connections a minute per address
    const proxy = await startProxy(url);
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) outcomes.push(await attempt(proxy, '127.0.0.2', `198.51.100.${i}`));
    expect(outcomes.slice(0, 6)).toEqual(Array(6).fill('connected'));
    expect(outcomes[7]).toMatch(/^rate_limited/);
    // Somebody else behind the same proxy has a budget of their own.
    expect(await attempt(proxy, '127.0.0.3', '198.51.100.1')).toBe('connected');
  });

  it('with TRUST_PROXY unset, a forged header counts for nothing either', async () => {
    await start({ rateLimitScale: 0.1 });
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) outcomes.push(await attempt(url, '127.0.0.4', `198.51.100.${i}`));
    expect(outcomes[6]).toMatch(/^rate_limited/);
  });
});

/** A bare engine.io handshake over HTTP long-polling, which never joins the namespace. */
async function engineSession(): Promise<{ status: number; sid?: string }> {
  const response = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
  const body = await response.text();
  // An open packet: "0" then the JSON of the session.
  return response.ok
    ? { status: response.status, sid: JSON.parse(body.slice(1)).sid }
    : { status: response.status };
}

describe('bare engine.io sessions', () => {
  it('are counted per address, and the ones past the limit are refused', async () => {
    await start({ maxSessionsPerAddress: 5, connectTimeoutMs: 60_000 });
    const sessions = [];
    for (let i = 0; i < 8; i++) sessions.push(await engineSession());
    expect(sessions.map((s) => s.status)).toEqual([200, 200, 200, 200, 200, 403, 403, 403]);
    // A real client from that address is refused too, until sessions close.
    expect(await attempt(url, '127.0.0.1')).not.toBe('connected');
    // Another address is not.
    expect(await attempt(url, '127.0.0.5')).toBe('connected');
  });

  it('are closed when they do not join the namespace in time, which frees their places', async () => {
    await start({ maxSessionsPerAddress: 3, connectTimeoutMs: 300 });
    const sessions = [];
    for (let i = 0; i < 3; i++) sessions.push(await engineSession());
    // A pending long-poll gets the close packet ("1") when the server gives up on the session;
    // one that comes later hears that the session is unknown.
    for (const { sid } of sessions) {
      const poll = await fetch(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
      const body = await poll.text();
      // Packets in one payload are separated by \x1e; the close packet comes last.
      expect(poll.status === 400 ? JSON.parse(body) : body.split('\x1e').at(-1)).toEqual(
        poll.status === 400 ? { code: 1, message: 'Session ID unknown' } : '1',
      );
    }
    // All three places are free again (a refused attempt takes none).
    for (let i = 0; i < 3; i++) {
      await expect.poll(async () => (await engineSession()).status, { timeout: 5000 }).toBe(200);
    }
  });

  it('count connected clients too, and give their place back when they leave', async () => {
    await start({ maxSessionsPerAddress: 2 });
    const open = [0, 1].map(() =>
      connectRaw(url, { transports: ['websocket'], forceNew: true, reconnection: false }),
    );
    cleanups.push(() => {
      for (const socket of open) socket.disconnect();
    });
    await Promise.all(
      open.map((socket) => new Promise<void>((resolve) => socket.once('connect', () => resolve()))),
    );
    expect((await engineSession()).status).toBe(403);
    open[0]?.disconnect();
    await expect.poll(async () => (await engineSession()).status, { timeout: 5000 }).toBe(200);
  });
});
