import { fileURLToPath } from 'node:url';
import { ROOM_CAPACITY_DEFAULT } from '@moim/protocol';
import * as v from 'valibot';

/** The server's settings, parsed once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** Participants allowed in one room. */
  roomCapacity: number;
  /** How long a disconnected participant is kept before the room is told they left. */
  reconnectGraceMs: number;
  /** Multiplies every rate limit; 0 turns rate limiting off. */
  rateLimitScale: number;
  /** Origins allowed to open a signaling connection; empty means the app's own origin. */
  allowedOrigins: string[];
  /** STUN server URLs handed to clients at join time. */
  stunUrls: string[];
  /** Folder holding the built web app; `null` serves no app (tests of signaling only). */
  webDist: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

const intFromEnv = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(min),
    v.maxValue(max),
  );

const EnvSchema = v.object({
  PORT: v.optional(intFromEnv(0, 65535), '3000'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
  ROOM_CAPACITY: v.optional(intFromEnv(2, 50), String(ROOM_CAPACITY_DEFAULT)),
  RECONNECT_GRACE_MS: v.optional(intFromEnv(0, 300_000), '15000'),
  RATE_LIMIT_SCALE: v.optional(
    v.pipe(v.string(), v.regex(/^\d+(\.\d+)?$/, 'must be a number'), v.transform(Number), v.maxValue(1000)),
    '1',
  ),
  ALLOWED_ORIGINS: v.optional(
    v.pipe(
      v.string(),
      v.transform((list) =>
        list
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      ),
      v.array(v.pipe(v.string(), v.regex(/^https?:\/\/[^/]+$/, 'each origin is scheme://host[:port]'))),
    ),
    '',
  ),
  STUN_URLS: v.optional(
    v.pipe(
      v.string(),
      v.transform((list) =>
        list
          .split(',')
          .map((url) => url.trim())
          .filter(Boolean),
      ),
      v.array(v.pipe(v.string(), v.regex(/^stuns?:/, 'each STUN URL starts with stun: or stuns:'))),
    ),
    '',
  ),
  WEB_DIST: v.optional(v.string(), defaultWebDist),
  LOG_LEVEL: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
});

/** Reads the configuration; throws one readable error naming every bad variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const result = v.safeParse(EnvSchema, env);
  if (!result.success) {
    const problems = result.issues.map(
      (issue) => `${issue.path?.map((item) => String(item.key)).join('.')}: ${issue.message}`,
    );
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = result.output;
  return {
    port: e.PORT,
    host: e.HOST,
    roomCapacity: e.ROOM_CAPACITY,
    reconnectGraceMs: e.RECONNECT_GRACE_MS,
    rateLimitScale: e.RATE_LIMIT_SCALE,
    allowedOrigins: e.ALLOWED_ORIGINS,
    stunUrls: e.STUN_URLS,
    webDist: e.WEB_DIST || null,
    logLevel: e.LOG_LEVEL,
  };
}

/** Defaults for tests: an ephemeral port on loopback, no web app, no logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    roomCapacity: ROOM_CAPACITY_DEFAULT,
    reconnectGraceMs: 15_000,
    rateLimitScale: 1,
    allowedOrigins: [],
    stunUrls: [],
    webDist: null,
    logLevel: 'silent',
    ...overrides,
  };
}
