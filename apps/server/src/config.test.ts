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
      stunUrls: [],
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
        STUN_URLS: 'stun:stun.example.org:3478, stuns:stun.example.org:5349',
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
      stunUrls: ['stun:stun.example.org:3478', 'stuns:stun.example.org:5349'],
      logLevel: 'warn',
      webDist: null,
    });
  });

  it('names every bad variable in one error', () => {
    expect(() => configFromEnv({ PORT: 'eighty', ROOM_CAPACITY: '1', STUN_URLS: 'http://x' })).toThrow(
      /PORT.*ROOM_CAPACITY.*STUN_URLS/,
    );
  });
});
