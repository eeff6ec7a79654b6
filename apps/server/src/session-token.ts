import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a generated secret is kept, under the data directory. */
const SECRET_FILE = 'session-secret';

/**
 * The secret that signs resume tokens: `SESSION_SECRET` when set, else the one stored under
 * `dataDir`, made on first start. Every instance sharing a Redis must be given the same one.
 */
export function loadSessionSecret(configured: string | null, dataDir: string): string {
  if (configured) return configured;
  const file = join(dataDir, SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    // `wx`: if another process made it meanwhile, use theirs.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8').trim();
  }
}

/**
 * The token that lets a participant take their seat back: an HMAC of the room and their id,
 * so a restarted server (or another instance with the same secret) recognises it.
 */
export function seatToken(secret: string, roomId: string, participantId: string): string {
  return createHmac('sha256', secret).update(`${roomId}\n${participantId}`).digest('base64url');
}

/** True when `token` is the seat's token; compared in constant time. */
export function validSeatToken(secret: string, roomId: string, participantId: string, token: string) {
  const expected = Buffer.from(seatToken(secret, roomId, participantId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
