import { type DestinationStream, type Logger, pino } from 'pino';

/** Error fields that hold what a failed command carried: chat text, tokens, session descriptions. */
const CARRIED = new Set(['args', 'argv', 'arguments', 'payload', 'data']);

/**
 * pino's error serializer, minus the data an error carries. ioredis puts the failed
 * command on its errors (`command: { name, args }`, and on `previousErrors` after a
 * transaction), and the arguments of a chat write are the message itself: only the
 * command's name is kept.
 */
function errorForLog(error: unknown): unknown {
  return scrub(pino.stdSerializers.err(error as Error), 0);
}

function scrub(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 4) return '[nested]';
  if (value instanceof Error) return scrub(pino.stdSerializers.err(value), depth + 1);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (CARRIED.has(key)) continue;
    if (key === 'command' && field && typeof field === 'object') {
      const { name } = field as { name?: unknown };
      kept.command = typeof name === 'string' ? { name } : {};
      continue;
    }
    kept[key] = scrub(field, depth + 1);
  }
  return kept;
}

/** The server's logger: JSON lines, errors without the data of the command that failed. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: undefined, serializers: { err: errorForLog } }, destination);
}
