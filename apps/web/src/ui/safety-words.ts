/*
 * Every word of the safety code feature (ui/ConnectionDetails.tsx, the tile's notices).
 * English for now, kept together so they move into the language catalogues in one piece.
 * None of the sentences may contain the words "safety code" except SAFETY_CODE itself:
 * the UI contract finds the code as the text right after it.
 */

/** The button that opens a remote tile's connection details, and the panel's name. */
export const CONNECTION_DETAILS = 'Connection details';
/** Followed, in the same line of text, by the code itself (the UI contract). */
export const SAFETY_CODE = 'Safety code';
export const MARK_AS_VERIFIED = 'Mark as verified';
/** The tile's mark for a person whose code this device was told matches. */
export const VERIFIED = 'Verified';

/** What comparing the code proves, in one sentence. */
export function safetyCodeMeaning(name: string): string {
  return (
    `If ${name} sees the same digits (compare them by voice or in person), your audio and video ` +
    `go straight to ${name}, encrypted, and nobody in between, not even the server, can listen or watch.`
  );
}

/** The tile's warning: this person's code is not the one marked verified on this device. */
export function codeChanged(name: string): string {
  return `The code for ${name} changed since you verified it: compare it again`;
}

/** Shown in the panel while the code is the one marked verified. */
export function verifiedSince(name: string): string {
  return `You marked this code as verified for ${name} on this device.`;
}
