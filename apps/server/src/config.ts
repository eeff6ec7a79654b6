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
  /** How long a knock on a locked room waits for the host; KNOCK_TIMEOUT_MS unless set. */
  knockTimeoutMs?: number;
  /** Multiplies every rate limit; 0 turns rate limiting off. */
  rateLimitScale: number;
  /** Redis for several instances sharing rooms; null keeps everything in this process. */
  redisUrl: string | null;
  /** How long an instance counts as alive after its last heartbeat in Redis. */
  instanceTtlMs: number;
  /**
   * Reverse proxies in front (0: none): the client's address is the one the outermost of
   * them added to X-Forwarded-For, this many entries from the right.
   */
  trustProxy: number;
  /** Signs resume tokens; null: the one stored in `dataDir`, made on first start. */
  sessionSecret: string | null;
  /** Where the server keeps what must survive a restart (the generated session secret). */
  dataDir: string;
  /** How long an engine.io session may stay open without joining the namespace. */
  connectTimeoutMs: number;
  /** Engine.io sessions one client address may hold open at once; 0: no limit. */
  maxSessionsPerAddress: number;
  /** A Redis command unanswered for this long fails (the request is answered `internal`). */
  redisCommandTimeoutMs: number;
  /** Origins allowed to open a signaling connection; empty means the app's own origin. */
  allowedOrigins: string[];
  /** STUN and TURN servers, and the transport policy, handed to clients at join time. */
  ice: IceSettings;
  /** Certificate and key files (PEM) to serve HTTPS; null serves plain HTTP. */
  tls: { certFile: string; keyFile: string } | null;
  /** Bearer token `/metrics` asks for; null leaves it open (block it at the proxy then). */
  metricsToken: string | null;
  /** Folder holding the built web app; `null` serves no app (tests of signaling only). */
  webDist: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Four hours: a credential copied out of a page is of use for that long at most. */
const TURN_CREDENTIAL_TTL_DEFAULT = 4 * 3600;

const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const defaultDataDir = fileURLToPath(new URL('../../../data', import.meta.url));

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
  KNOCK_TIMEOUT_MS: v.optional(intFromEnv(1000, 3_600_000)),
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
      v.string(),
      v.regex(/^(\d{1,2}|true|false)?$/, 'must be the number of proxies in front (0, 1, 2…)'),
      v.transform((hops) => (hops === 'true' ? 1 : hops === 'false' || hops === '' ? 0 : Number(hops))),
    ),
    '',
  ),
  // A secret: checked for length only, so no message can ever repeat it.
  SESSION_SECRET: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => s === '' || s.length >= 32, 'must be at least 32 characters'),
    ),
    '',
  ),
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), defaultDataDir),
  CONNECT_TIMEOUT_MS: v.optional(intFromEnv(100, 60_000), '5000'),
  MAX_SESSIONS_PER_ADDRESS: v.optional(intFromEnv(0, 1_000_000), '50'),
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
  METRICS_TOKEN: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (token) => token === '' || /^[\x21-\x7e]{16,}$/.test(token),
        'must be at least 16 printable characters, no spaces',
      ),
    ),
    '',
  ),
  // Clients renew theirs before expiry (ice:refresh): a long lifetime only helps whoever copied one.
  TURN_CREDENTIAL_TTL: v.optional(intFromEnv(60, 24 * 3600), String(TURN_CREDENTIAL_TTL_DEFAULT)),
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
    ...(e.KNOCK_TIMEOUT_MS === undefined ? {} : { knockTimeoutMs: e.KNOCK_TIMEOUT_MS }),
    rateLimitScale: e.RATE_LIMIT_SCALE,
    allowedOrigins: e.ALLOWED_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    sessionSecret: e.SESSION_SECRET || null,
    dataDir: e.DATA_DIR,
    connectTimeoutMs: e.CONNECT_TIMEOUT_MS,
    maxSessionsPerAddress: e.MAX_SESSIONS_PER_ADDRESS,
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
    metricsToken: e.METRICS_TOKEN || null,
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
    trustProxy: 0,
    // One secret for every test server, so a "restarted" one honours the tokens.
    sessionSecret: 'test-session-secret-0123456789abcdef',
    dataDir: '/nonexistent/moim-test-data',
    connectTimeoutMs: 5000,
    maxSessionsPerAddress: 50,
    redisUrl: null,
    instanceTtlMs: 6000,
    redisCommandTimeoutMs: 2000,
    ice: {
      stunUrls: [],
      turnUrls: [],
      turnSecret: null,
      turnUsername: null,
      turnPassword: null,
      turnCredentialTtlSeconds: TURN_CREDENTIAL_TTL_DEFAULT,
      iceTransportPolicy: 'all',
    },
    metricsToken: null,
    webDist: null,
    tls: null,
    logLevel: 'silent',
    ...overrides,
  };
}
