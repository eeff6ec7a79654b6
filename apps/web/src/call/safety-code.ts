/*
 * The safety code of one connection: a number both people can read to each other to check
 * that their browsers' DTLS certificates are the ones the other browser actually uses, so
 * nobody (not even the signaling server, which relays the fingerprints) sits in between.
 * docs/security.md describes the same derivation for anyone to recompute it.
 */

/** Bumped if the derivation ever changes, so old and new codes can never look alike. */
export const SAFETY_CODE_CONTEXT = 'moim safety code v1';
/** Groups of five digits: 6 groups carry about 100 bits of the hash (see docs/security.md). */
export const SAFETY_CODE_GROUPS = 6;
const GROUP_BYTES = 5;

/**
 * Every `a=fingerprint:` of a session description, as `<hash function> <fingerprint>` with
 * the function in lower case and the hex digits in upper case, each once, sorted.
 *
 * @example fingerprintsOf('a=fingerprint:SHA-256 ab:01\r\n') // ['sha-256 AB:01']
 */
export function fingerprintsOf(sdp: string): string[] {
  const found = new Set<string>();
  for (const line of sdp.split(/\r?\n/)) {
    const match = /^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/.exec(line);
    if (match?.[1] && match[2]) found.add(`${match[1].toLowerCase()} ${match[2].toUpperCase()}`);
  }
  return [...found].sort();
}

/**
 * The code for a connection from its two applied session descriptions (local and remote:
 * either order gives the same code), or null if one side has no fingerprint.
 *
 * @example await safetyCode(pc.localDescription.sdp, pc.remoteDescription.sdp) // "30129 84772 …"
 */
export async function safetyCode(localSdp: string, remoteSdp: string): Promise<string | null> {
  const sides = [fingerprintsOf(localSdp), fingerprintsOf(remoteSdp)];
  if (sides.some((side) => side.length === 0)) return null;
  const [first, second] = sides.map((side) => side.join(',')).sort();
  const input = `${SAFETY_CODE_CONTEXT}\n${first}\n${second}`;
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input)));
  return digitGroups(hash);
}

/** Each 5 bytes of the hash, big-endian, modulo 100000, as five digits (Signal's way). */
function digitGroups(hash: Uint8Array): string {
  const groups: string[] = [];
  for (let group = 0; group < SAFETY_CODE_GROUPS; group++) {
    let value = 0;
    // 40 bits exceed 32-bit bit operations, not a double's 53: plain arithmetic.
    for (const byte of hash.subarray(group * GROUP_BYTES, (group + 1) * GROUP_BYTES))
      value = value * 256 + byte;
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}
