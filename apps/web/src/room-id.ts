import { ROOM_ID_MAX_LENGTH, ROOM_ID_PATTERN } from '@moim/protocol';

/**
 * Turns what a person typed into a room id: lower case, runs of anything else than
 * a-z and 0-9 become one dash. "Team Standup!" -> "team-standup". Empty if nothing is left.
 */
export function normaliseRoomId(input: string): string {
  return input
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, ROOM_ID_MAX_LENGTH)
    .replace(/-+$/, '');
}

export function isRoomId(value: string): boolean {
  return ROOM_ID_PATTERN.test(value);
}

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A fresh unguessable room id such as `k7wq-3mzt-h9xe` (60 bits of randomness). */
export function randomRoomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]);
  return [0, 4, 8].map((start) => chars.slice(start, start + 4).join('')).join('-');
}
