import * as v from 'valibot';

/**
 * Messages two browsers exchange on the data channel of their own peer connection, never
 * through the server. They steer what each sends the other and what each shows of the
 * other, so the receiving side checks every one against these schemas and drops anything
 * else.
 */

/** How a receiver shows a sender's video: not at all, in a grid of many, or large. */
export const RemoteViewSchema = v.picklist(['hidden', 'small', 'large']);

/** Why a sender stopped sending its video on one link (audio always goes on). */
export const VideoPauseReasonSchema = v.picklist(['poor-connection']);

export const PeerMessageSchema = v.variant('type', [
  /** The receiver tells the sender how it shows it now. */
  v.strictObject({ type: v.literal('view'), view: RemoteViewSchema }),
  /** The sender tells the receiver it paused (a reason) or resumed (null) its video. */
  v.strictObject({ type: v.literal('video'), paused: v.nullable(VideoPauseReasonSchema) }),
  /**
   * The sender tells the receiver whether it is speaking now, from its own microphone's
   * level (held through short pauses). Each page measures one microphone, its own, instead
   * of reading the level of every stream it receives (bench/README.md, "speaking levels
   * announced").
   */
  v.strictObject({ type: v.literal('speaking'), speaking: v.boolean() }),
]);

/** Far above the longest valid message; anything longer is not parsed at all. */
export const PEER_MESSAGE_MAX_LENGTH = 256;

export type RemoteView = v.InferOutput<typeof RemoteViewSchema>;
export type VideoPauseReason = v.InferOutput<typeof VideoPauseReasonSchema>;
export type PeerMessage = v.InferOutput<typeof PeerMessageSchema>;

/** Reads one data-channel message (its text); null for anything invalid. */
export function parsePeerMessage(text: unknown): PeerMessage | null {
  if (typeof text !== 'string' || text.length > PEER_MESSAGE_MAX_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const result = v.safeParse(PeerMessageSchema, value);
  return result.success ? result.output : null;
}

export function encodePeerMessage(message: PeerMessage): string {
  return JSON.stringify(message);
}
