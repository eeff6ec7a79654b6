import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import type { IceServer } from '@moim/protocol';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { testConfig } from './config.js';
import { type IceSettings, iceConfigFor, iceServersFor, turnCredential } from './ice.js';
import { type Client, connect } from './test-support.js';

const settings: IceSettings = {
  stunUrls: ['stun:stun.example.org:3478'],
  turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'],
  turnSecret: 'north-wind',
  turnUsername: null,
  turnPassword: null,
  turnCredentialTtlSeconds: 3600,
  iceTransportPolicy: 'all',
};

describe('turnCredential', () => {
  it('makes what coturn use-auth-secret accepts: <expiry>:<id>, base64 HMAC-SHA1 of it', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const { username, credential } = turnCredential('north-wind', 'participant-1', 3600, now);
    expect(username).toBe(`${now / 1000 + 3600}:participant-1`);
    // Computed independently, as coturn does.
    const expected = createHmac('sha1', Buffer.from('north-wind', 'utf8'))
      .update(Buffer.from(username))
      .digest();
    expect(Buffer.from(credential, 'base64')).toEqual(expected);
    expect(credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('expires after the configured lifetime', () => {
    const now = 1_800_000_000_000;
    for (const ttl of [60, 86_400]) {
      const [expiry] = turnCredential('s', 'p', ttl, now).username.split(':');
      expect(Number(expiry) - now / 1000).toBe(ttl);
    }
  });
});

describe('iceServersFor', () => {
  it('hands out STUN, and TURN with a credential for this participant', () => {
    const now = 1_800_000_000_000;
    expect(iceServersFor(settings, 'alice', now)).toEqual([
      { urls: settings.stunUrls },
      { urls: settings.turnUrls, ...turnCredential('north-wind', 'alice', 3600, now) },
    ]);
  });

  it('uses a static account when there is no secret', () => {
    const servers = iceServersFor(
      { ...settings, turnSecret: null, turnUsername: 'moim', turnPassword: 'pw' },
      'a',
    );
    expect(servers[1]).toEqual({ urls: settings.turnUrls, username: 'moim', credential: 'pw' });
  });

  it('hands out nothing when nothing is configured: host candidates only', () => {
    expect(iceServersFor({ ...settings, stunUrls: [], turnUrls: [] }, 'a')).toEqual([]);
  });
});

describe('ICE settings at join time', () => {
  it('match the configuration, are fresh at every join, and no secret reaches the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const secret = 'never-log-this-secret';
    const app = createApp(
      testConfig({
        logLevel: 'trace',
        ice: { ...settings, turnSecret: secret, iceTransportPolicy: 'relay' },
      }),
      { logDestination: sink },
    );
    const url = await app.listen();
    try {
      const socket = await connect(url);
      const ack = await socket
        .timeout(2000)
        .emitWithAck('room:join', { roomId: 'ice', name: 'Alice', audio: true, video: true });
      if (!ack.ok) throw new Error(ack.error.code);
      expect(ack.iceTransportPolicy).toBe('relay');
      expect(ack.iceServers[0]).toEqual({ urls: settings.stunUrls });
      const turn = ack.iceServers[1];
      expect(turn?.urls).toEqual(settings.turnUrls);
      expect(turn?.username).toMatch(new RegExp(`^\\d+:${ack.self.id}$`));
      expect(turn?.credential).toBe(
        createHmac('sha1', secret)
          .update(turn?.username ?? '')
          .digest('base64'),
      );
      socket.disconnect();
      expect(lines.join('')).toContain('"msg":"joined"');
      expect(lines.join('')).not.toContain(secret);
      expect(lines.join('')).not.toContain(turn?.credential);
    } finally {
      await app.close();
    }
  });
});

describe('iceConfigFor', () => {
  it('says when credentials made from the secret expire, and that others do not', () => {
    const now = 1_800_000_000_250;
    const config = iceConfigFor(settings, 'alice', now);
    const expiry = Number(config.iceServers[1]?.username?.split(':')[0]);
    expect(config.iceExpiresInMs).toBe(expiry * 1000 - now);
    expect(config.iceExpiresInMs).toBeLessThanOrEqual(3600 * 1000);
    expect(config.iceExpiresInMs).toBeGreaterThan(3599 * 1000);
    const fixed = { ...settings, turnSecret: null, turnUsername: 'moim', turnPassword: 'pw' };
    expect(iceConfigFor(fixed, 'alice', now).iceExpiresInMs).toBeNull();
    expect(iceConfigFor({ ...settings, turnUrls: [] }, 'alice', now).iceExpiresInMs).toBeNull();
  });
});

describe('ice:refresh', () => {
  const secret = 'north-wind';
  const ttl = 600;
  const start = () =>
    createApp(testConfig({ ice: { ...settings, turnSecret: secret, turnCredentialTtlSeconds: ttl } }));
  const join = (socket: Client, roomId = 'long-call') =>
    socket.timeout(2000).emitWithAck('room:join', { roomId, name: 'Alice', audio: true, video: true });
  const refresh = (socket: Client) => socket.timeout(2000).emitWithAck('ice:refresh', {});
  const expiryOf = (username: string | undefined) => Number(username?.split(':')[0]);

  it('is refused to a socket without a seat: no credentials for the asking', async () => {
    const app = start();
    const url = await app.listen();
    try {
      const socket = await connect(url);
      expect(await refresh(socket)).toEqual({
        ok: false,
        error: { code: 'not_in_room', message: 'Join a room first.' },
      });
      // Watching a room from its lobby is not a seat either.
      await socket.timeout(2000).emitWithAck('room:peek', { roomId: 'long-call' });
      expect(await refresh(socket)).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
      // Nor is a seat given up.
      expect((await join(socket)).ok).toBe(true);
      await socket.timeout(2000).emitWithAck('room:leave', {});
      expect(await refresh(socket)).toMatchObject({ ok: false, error: { code: 'not_in_room' } });
      socket.disconnect();
    } finally {
      await app.close();
    }
  });

  it('hands a seated participant fresh credentials for its own id, and says when they expire', async () => {
    const app = start();
    const url = await app.listen();
    try {
      const socket = await connect(url);
      const joined = await join(socket);
      if (!joined.ok) throw new Error(joined.error.code);
      expect(joined.iceExpiresInMs).toBeGreaterThan((ttl - 1) * 1000);
      expect(joined.iceExpiresInMs).toBeLessThanOrEqual(ttl * 1000);

      const before = Date.now();
      const fresh = await refresh(socket);
      if (!fresh.ok) throw new Error(fresh.error.code);
      const turn = fresh.iceServers.find((server: IceServer) => server.username);
      expect(turn?.urls).toEqual(settings.turnUrls);
      expect(turn?.username).toMatch(new RegExp(`^\\d+:${joined.self.id}$`));
      expect(turn?.credential).toBe(
        createHmac('sha1', secret)
          .update(turn?.username ?? '')
          .digest('base64'),
      );
      // Valid for a whole lifetime from now, not from the join.
      expect(expiryOf(turn?.username)).toBeGreaterThanOrEqual(Math.floor(before / 1000) + ttl);
      expect(expiryOf(turn?.username)).toBeGreaterThanOrEqual(
        expiryOf(joined.iceServers.find((server: IceServer) => server.username)?.username),
      );
      expect(fresh.iceTransportPolicy).toBe('all');
      expect(fresh.iceExpiresInMs).toBeGreaterThan((ttl - 1) * 1000);
      socket.disconnect();
    } finally {
      await app.close();
    }
  });

  it('is rate limited', async () => {
    const app = start();
    const url = await app.listen();
    try {
      const socket = await connect(url);
      expect((await join(socket)).ok).toBe(true);
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await refresh(socket));
      expect(answers.filter((answer) => answer.ok).length).toBe(6);
      expect(answers.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
      socket.disconnect();
    } finally {
      await app.close();
    }
  });
});
