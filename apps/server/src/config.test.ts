import { ROOM_CAPACITY_DEFAULT } from '@moim/protocol';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe('configFromEnv', () => {
  it('has working defaults with nothing set', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      roomCapacity: ROOM_CAPACITY_DEFAULT,
      reconnectGraceMs: 15_000,
      rateLimitScale: 1,
      allowedOrigins: [],
      trustProxy: false,
      logLevel: 'info',
    });
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
        WEB_DIST: '',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      roomCapacity: 4,
      reconnectGraceMs: 5000,
      rateLimitScale: 2.5,
      allowedOrigins: ['https://meet.example.org', 'http://localhost:5173'],
      trustProxy: true,
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
      webDist: null,
    });
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
});
