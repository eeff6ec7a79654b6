import { ROOM_CAPACITY_DEFAULT } from '@moim/protocol';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe('configFromEnv', () => {
  it('leaves the knock timeout to KNOCK_TIMEOUT_MS unless set, and reads it when it is', () => {
    expect(configFromEnv({}).knockTimeoutMs).toBeUndefined();
    expect(configFromEnv({ KNOCK_TIMEOUT_MS: '60000' }).knockTimeoutMs).toBe(60_000);
    expect(() => configFromEnv({ KNOCK_TIMEOUT_MS: '10' })).toThrow(/KNOCK_TIMEOUT_MS/);
  });

  it('has working defaults with nothing set', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      roomCapacity: ROOM_CAPACITY_DEFAULT,
      reconnectGraceMs: 15_000,
      rateLimitScale: 1,
      allowedOrigins: [],
      trustProxy: 0,
      sessionSecret: null,
      connectTimeoutMs: 5000,
      maxSessionsPerAddress: 50,
      metricsToken: null,
      logLevel: 'info',
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.webDist).toMatch(/apps\/web\/dist$/);
  });

  it('reads every variable', () => {
    expect(
      configFromEnv({
        PORT: '8080',
        HOST: '127.0.0.1',
        ROOM_CAPACITY: '4',
        RECONNECT_GRACE_MS: '5000',
        RATE_LIMIT_SCALE: '2.5',
        ALLOWED_ORIGINS: 'https://meet.example.org, http://localhost:5173',
        TRUST_PROXY: '1',
        SESSION_SECRET: 'a-long-random-string-shared-by-every-instance',
        DATA_DIR: '/var/lib/moim',
        CONNECT_TIMEOUT_MS: '3000',
        MAX_SESSIONS_PER_ADDRESS: '0',
        REDIS_URL: 'redis://cache.internal:6379/2',
        INSTANCE_TTL_MS: '4000',
        REDIS_COMMAND_TIMEOUT_MS: '750',
        STUN_URLS: 'stun:stun.example.org:3478, stuns:stun.example.org:5349',
        TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443?transport=tcp',
        TURN_SECRET: 'north-wind',
        TURN_CREDENTIAL_TTL: '600',
        ICE_TRANSPORT_POLICY: 'relay',
        TLS_CERT: '/etc/moim/cert.pem',
        TLS_KEY: '/etc/moim/key.pem',
        LOG_LEVEL: 'warn',
        METRICS_TOKEN: 'scrape-me-0123456789',
        WEB_DIST: '',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      roomCapacity: 4,
      reconnectGraceMs: 5000,
      rateLimitScale: 2.5,
      allowedOrigins: ['https://meet.example.org', 'http://localhost:5173'],
      trustProxy: 1,
      sessionSecret: 'a-long-random-string-shared-by-every-instance',
      dataDir: '/var/lib/moim',
      connectTimeoutMs: 3000,
      maxSessionsPerAddress: 0,
      redisUrl: 'redis://cache.internal:6379/2',
      instanceTtlMs: 4000,
      redisCommandTimeoutMs: 750,
      ice: {
        stunUrls: ['stun:stun.example.org:3478', 'stuns:stun.example.org:5349'],
        turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'],
        turnSecret: 'north-wind',
        turnUsername: null,
        turnPassword: null,
        turnCredentialTtlSeconds: 600,
        iceTransportPolicy: 'relay',
      },
      tls: { certFile: '/etc/moim/cert.pem', keyFile: '/etc/moim/key.pem' },
      logLevel: 'warn',
      metricsToken: 'scrape-me-0123456789',
      webDist: null,
    });
  });

  it('reads TRUST_PROXY as the number of proxies in front', () => {
    expect(configFromEnv({ TRUST_PROXY: '0' }).trustProxy).toBe(0);
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(configFromEnv({ TRUST_PROXY: 'false' }).trustProxy).toBe(0);
    expect(configFromEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => configFromEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => configFromEnv({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });

  it('wants a long SESSION_SECRET, and never repeats it', () => {
    const short = 'short-secret';
    let message = '';
    try {
      configFromEnv({ SESSION_SECRET: short });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/SESSION_SECRET: must be at least 32 characters/);
    expect(message).not.toContain(short);
    expect(() => configFromEnv({ CONNECT_TIMEOUT_MS: '10' })).toThrow(/CONNECT_TIMEOUT_MS/);
  });

  it('names every bad variable in one error', () => {
    expect(() => configFromEnv({ PORT: 'eighty', ROOM_CAPACITY: '1', STUN_URLS: 'http://x' })).toThrow(
      /PORT.*ROOM_CAPACITY.*STUN_URLS/,
    );
  });

  it('wants credentials with TURN URLs, and never repeats a secret in its errors', () => {
    expect(() => configFromEnv({ TURN_URLS: 'turn:turn.example.org' })).toThrow(/TURN_SECRET/);
    const secret = 'do-not-print-me';
    let message = '';
    try {
      configFromEnv({ TURN_URLS: 'http://wrong', TURN_PASSWORD: secret, PORT: secret });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/TURN_URLS/);
    expect(message).not.toContain(secret);
  });

  it('takes a static TURN account, and wants TLS certificate and key together', () => {
    const config = configFromEnv({ TURN_URLS: 'turn:t.example', TURN_USERNAME: 'moim', TURN_PASSWORD: 'pw' });
    expect(config.ice).toMatchObject({ turnUsername: 'moim', turnPassword: 'pw', turnSecret: null });
    expect(() => configFromEnv({ TLS_CERT: 'cert.pem' })).toThrow(/TLS_CERT and TLS_KEY/);
  });

  it('wants a METRICS_TOKEN long enough to guess, and never repeats it', () => {
    for (const token of ['short-token', 'has a space in it, long enough']) {
      let message = '';
      try {
        configFromEnv({ METRICS_TOKEN: token });
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(/METRICS_TOKEN/);
      expect(message).not.toContain(token);
    }
  });

  it('makes TURN credentials last four hours unless told otherwise, and never more than a day', () => {
    expect(configFromEnv({}).ice.turnCredentialTtlSeconds).toBe(4 * 3600);
    expect(configFromEnv({ TURN_CREDENTIAL_TTL: '86400' }).ice.turnCredentialTtlSeconds).toBe(86_400);
    expect(() => configFromEnv({ TURN_CREDENTIAL_TTL: String(7 * 24 * 3600) })).toThrow(
      /TURN_CREDENTIAL_TTL/,
    );
    expect(() => configFromEnv({ TURN_CREDENTIAL_TTL: '59' })).toThrow(/TURN_CREDENTIAL_TTL/);
  });
});
