import { fileURLToPath } from 'node:url';
import { ROOM_CAPACITY_DEFAULT } from '@moim/protocol';
import * as v from 'valibot';
import type { IceSettings } from './ice.js';

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
  /** Redis for several instances sharing rooms; null keeps everything in this process. */
  redisUrl: string | null;
  /** How long an instance counts as alive after its last heartbeat in Redis. */
  instanceTtlMs: number;
  /** A Redis command unanswered for this long fails (the request is answered `internal`). */
  redisCommandTimeoutMs: number;
  /** Behind a reverse proxy: take the client's address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Origins allowed to open a signaling connection; empty means the app's own origin. */
  allowedOrigins: string[];
  /** STUN and TURN servers, and the transport policy, handed to clients at join time. */
  ice: IceSettings;
  /** Certificate and key files (PEM) to serve HTTPS; null serves plain HTTP. */
  tls: { certFile: string; keyFile: string } | null;
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

/** A comma-separated list of URLs, each matching `scheme`. */
const urlList = (scheme: RegExp, message: string) =>
  v.pipe(
    v.string(),
    v.transform((list) =>
      list
        .split(',')
        .map((url) => url.trim())
        .filter(Boolean),
    ),
    v.array(v.pipe(v.string(), v.regex(scheme, message))),
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
  REDIS_URL: v.optional(
    v.pipe(v.string(), v.regex(/^(rediss?:\/\/.*)?$/, 'must be a redis:// or rediss:// URL')),
    '',
  ),
  INSTANCE_TTL_MS: v.optional(intFromEnv(1000, 60_000), '6000'),
  REDIS_COMMAND_TIMEOUT_MS: v.optional(intFromEnv(50, 60_000), '2000'),
  TRUST_PROXY: v.optional(
    v.pipe(
      v.picklist(['', '0', '1', 'false', 'true'], 'must be 1 or 0'),
      v.transform((flag) => flag === '1' || flag === 'true'),
    ),
    '',
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
  STUN_URLS: v.optional(urlList(/^stuns?:/, 'each STUN URL starts with stun: or stuns:'), ''),
  TURN_URLS: v.optional(urlList(/^turns?:/, 'each TURN URL starts with turn: or turns:'), ''),
  // Secrets: checked for presence only, so no message can ever repeat them.
  TURN_SECRET: v.optional(v.string(), ''),
  TURN_USERNAME: v.optional(v.string(), ''),
  TURN_PASSWORD: v.optional(v.string(), ''),
  TURN_CREDENTIAL_TTL: v.optional(intFromEnv(60, 7 * 24 * 3600), '86400'),
  ICE_TRANSPORT_POLICY: v.optional(v.picklist(['all', 'relay'], 'must be all or relay'), 'all'),
  WEB_DIST: v.optional(v.string(), defaultWebDist),
  TLS_CERT: v.optional(v.string(), ''),
  TLS_KEY: v.optional(v.string(), ''),
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
  if (!e.TLS_CERT !== !e.TLS_KEY) {
    throw new Error('invalid configuration: TLS_CERT and TLS_KEY go together');
  }
  if (e.TURN_URLS.length > 0 && !e.TURN_SECRET && !(e.TURN_USERNAME && e.TURN_PASSWORD)) {
    throw new Error('invalid configuration: TURN_URLS needs TURN_SECRET, or TURN_USERNAME and TURN_PASSWORD');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    roomCapacity: e.ROOM_CAPACITY,
    reconnectGraceMs: e.RECONNECT_GRACE_MS,
    rateLimitScale: e.RATE_LIMIT_SCALE,
    allowedOrigins: e.ALLOWED_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    redisUrl: e.REDIS_URL || null,
    instanceTtlMs: e.INSTANCE_TTL_MS,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    ice: {
      stunUrls: e.STUN_URLS,
      turnUrls: e.TURN_URLS,
      turnSecret: e.TURN_SECRET || null,
      turnUsername: e.TURN_USERNAME || null,
      turnPassword: e.TURN_PASSWORD || null,
      turnCredentialTtlSeconds: e.TURN_CREDENTIAL_TTL,
      iceTransportPolicy: e.ICE_TRANSPORT_POLICY,
    },
    webDist: e.WEB_DIST || null,
    tls: e.TLS_CERT && e.TLS_KEY ? { certFile: e.TLS_CERT, keyFile: e.TLS_KEY } : null,
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
    trustProxy: false,
    redisUrl: null,
    instanceTtlMs: 6000,
    redisCommandTimeoutMs: 2000,
    ice: {
      stunUrls: [],
      turnUrls: [],
      turnSecret: null,
      turnUsername: null,
      turnPassword: null,
      turnCredentialTtlSeconds: 86_400,
      iceTransportPolicy: 'all',
    },
    webDist: null,
    tls: null,
    logLevel: 'silent',
    ...overrides,
  };
}
