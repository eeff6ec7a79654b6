/*
 * Room ids: the rule itself (any script, NFC, lower case, one script per name) is the
 * protocol's, so the browser and the server agree on every name (packages/protocol/src/room-id.ts).
 */
import { normaliseRoomName } from '@moim/protocol';

export { canonicalRoomId, isRoomId, normaliseRoomName as normaliseRoomId } from '@moim/protocol';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A fresh unguessable room id such as `k7wq-3mzt-h9xe` (60 bits of randomness). */
export function randomRoomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]);
  return [0, 4, 8].map((start) => chars.slice(start, start + 4).join('')).join('-');
}

/** The path of a room, percent-encoded as browsers write it: `/r/%ED%9A%8C%EC%9D%98%EC%8B%A4`. */
export function roomPath(roomId: string): string {
  return `/r/${encodeURIComponent(roomId)}`;
}

/**
 * The room a person meant by what they typed or pasted: a whole room link
 * (`https://host/r/<id>`, or any URL whose path is `/r/<id>`) is that room; anything else
 * is a name to normalise.
 */
export function roomFromInput(input: string): string {
  const text = input.trim();
  const path = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?(\/r\/[^/?#\s]+)\/?(?:[?#].*)?$/i.exec(text)?.[1];
  if (path) {
    try {
      return normaliseRoomName(decodeURIComponent(path.slice(3)));
    } catch {
      // A malformed percent-escape: treat it as a name.
    }
  }
  return normaliseRoomName(text);
}
