import * as v from 'valibot';
import {
  CANDIDATE_MAX_LENGTH,
  CHAT_HISTORY_PAGE_LIMIT,
  CHAT_TEXT_MAX_LENGTH,
  FILE_MAX_BYTES,
  FILE_NAME_MAX_LENGTH,
  FILE_TYPE_MAX_LENGTH,
  ID_MAX_LENGTH,
  NAME_MAX_LENGTH,
  ROOM_ID_MAX_LENGTH,
  SDP_MAX_LENGTH,
} from './limits.js';
import { canonicalRoomId, isRoomId } from './room-id.js';

/**
 * Runtime schemas for every client-to-server payload. Types below are derived from them
 * (`v.InferOutput`), so a payload type cannot drift from its check. Objects are strict:
 * an unknown key is an error, not something silently dropped.
 */

/** A room id, canonicalised first (NFC, lower case) so every spelling of a name is one room. */
export const RoomIdSchema = v.pipe(
  v.string('room id must be a string'),
  // Cheap bound before normalising: 64 code points are at most 256 UTF-16 units.
  v.maxLength(4 * ROOM_ID_MAX_LENGTH, 'room id is too long'),
  v.transform(canonicalRoomId),
  v.check(isRoomId, 'room id must be 1-64 letters or digits of one script, and -'),
);

export const ParticipantIdSchema = v.pipe(
  v.string('participant id must be a string'),
  v.minLength(1, 'participant id is empty'),
  v.maxLength(ID_MAX_LENGTH, 'participant id is too long'),
);

/**
 * Characters that never belong in a name or a message: C0 and C1 controls (a message keeps
 * tab and newline) and those that reorder the text around them (bidi embeddings, overrides,
 * isolates and marks), which can make a line read differently from what was written.
 */
const CONTROLS = '\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F';
const REORDERING = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
const UNSAFE_IN_TEXT = new RegExp(`[${CONTROLS}${REORDERING}]`, 'g');
/**
 * Characters that show nothing: spaces, those Unicode says to render invisibly when
 * unsupported (zero-width spaces and joiners, Hangul fillers, variation selectors, tags, …)
 * and the blank Braille pattern. A name or a message made only of these is empty.
 */
const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** True if `text` has at least one character that shows. */
const hasVisible = (text: string) => text.replace(INVISIBLE, '').length > 0;

/** A message as it may be stored and shown: NFC, with no control or reordering characters. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(UNSAFE_IN_TEXT, '');
}

/** A display name as it may be shown: cleaned like a message, on one line, trimmed. */
export function cleanName(name: string): string {
  return cleanText(name).replace(/\s+/g, ' ').trim();
}

export const DisplayNameSchema = v.pipe(
  v.string('name must be a string'),
  v.transform(cleanName),
  v.minLength(1, 'name is empty'),
  v.check(hasVisible, 'name has no visible characters'),
  v.maxLength(NAME_MAX_LENGTH, `name is longer than ${NAME_MAX_LENGTH} characters`),
);

export const ChatTextSchema = v.pipe(
  v.string('message must be a string'),
  v.transform(cleanText),
  v.check(hasVisible, 'message is empty'),
  v.maxLength(CHAT_TEXT_MAX_LENGTH, `message is longer than ${CHAT_TEXT_MAX_LENGTH} characters`),
);

/** What a participant sends: the two sources the others can see the state of. */
export const MediaStateSchema = v.strictObject({
  audio: v.boolean(),
  video: v.boolean(),
});

const SdpSchema = v.pipe(v.string(), v.maxLength(SDP_MAX_LENGTH, 'sdp is too long'));

/** The signals simple-peer emits: offer, answer, trickled candidate, renegotiation. */
export const SignalDataSchema = v.variant('type', [
  v.strictObject({ type: v.literal('offer'), sdp: SdpSchema }),
  v.strictObject({ type: v.literal('answer'), sdp: SdpSchema }),
  v.strictObject({
    type: v.literal('candidate'),
    candidate: v.strictObject({
      candidate: v.pipe(v.string(), v.maxLength(CANDIDATE_MAX_LENGTH)),
      sdpMLineIndex: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(255))),
      sdpMid: v.nullish(v.pipe(v.string(), v.maxLength(64))),
      usernameFragment: v.nullish(v.pipe(v.string(), v.maxLength(256))),
    }),
  }),
  v.strictObject({ type: v.literal('renegotiate'), renegotiate: v.literal(true) }),
  v.strictObject({
    type: v.literal('transceiverRequest'),
    transceiverRequest: v.strictObject({
      kind: v.picklist(['audio', 'video']),
      init: v.optional(
        v.strictObject({
          direction: v.optional(v.picklist(['sendrecv', 'sendonly', 'recvonly', 'inactive'])),
        }),
      ),
    }),
  }),
]);

/** Ids the clients make: chat message ids, and the participant id a client asks to keep. */
export const ClientIdSchema = v.pipe(v.string('id must be a string'), v.uuid('id must be a UUID'));

/** Names one peer connection of a pair, so signals of a replaced connection are told apart. */
export const LinkIdSchema = v.pipe(
  v.string('link must be a string'),
  v.minLength(1, 'link is empty'),
  v.maxLength(ID_MAX_LENGTH, 'link is too long'),
);

/** Proof that a client is the participant it was: handed out by the server at join time. */
export const ResumeSchema = v.strictObject({
  id: ClientIdSchema,
  token: v.pipe(v.string(), v.minLength(16), v.maxLength(128)),
});

export const RoomPeekPayloadSchema = v.strictObject({ roomId: RoomIdSchema });

export const JoinPayloadSchema = v.strictObject({
  roomId: RoomIdSchema,
  name: DisplayNameSchema,
  audio: v.boolean(),
  video: v.boolean(),
  /** Present when coming back: keeps the participant id (see JoinResult.resumed). */
  resume: v.optional(ResumeSchema),
});

export const LeavePayloadSchema = v.strictObject({});

export const ParticipantUpdatePayloadSchema = v.pipe(
  v.strictObject({
    name: v.optional(DisplayNameSchema),
    audio: v.optional(v.boolean()),
    video: v.optional(v.boolean()),
    /** Sharing a screen: the video the others get is a screen, not a face. */
    screen: v.optional(v.boolean()),
  }),
  v.check((update) => Object.values(update).some((value) => value !== undefined), 'update changes nothing'),
);

export const SignalPayloadSchema = v.strictObject({
  to: ParticipantIdSchema,
  link: LinkIdSchema,
  data: SignalDataSchema,
});

/** A file name as it may be shown: cleaned like a display name (one line, no controls). */
export const FileNameSchema = v.pipe(
  v.string('file name must be a string'),
  v.transform(cleanName),
  v.check(hasVisible, 'file name is empty'),
  v.maxLength(FILE_NAME_MAX_LENGTH, `file name is longer than ${FILE_NAME_MAX_LENGTH} characters`),
);

/**
 * What the chat says of a file sent between browsers: the bytes never reach the server,
 * only this. `sha256` (lower-case hex) is what every receiver checks the bytes against.
 */
export const FileOfferSchema = v.strictObject({
  /** Names the transfer on every data channel that carries it (a UUID made by the sender). */
  id: ClientIdSchema,
  name: FileNameSchema,
  size: v.pipe(
    v.number('size must be a number'),
    v.integer('size must be a whole number'),
    v.minValue(0, 'size is negative'),
    v.maxValue(FILE_MAX_BYTES, `file is larger than ${FILE_MAX_BYTES} bytes`),
  ),
  /** The media type the sender's browser gave it; empty when it gave none. */
  type: v.pipe(
    v.string('type must be a string'),
    v.maxLength(FILE_TYPE_MAX_LENGTH, 'type is too long'),
    v.regex(/^([\w.+-]+\/[\w.+-]+)?$/, 'type is not a media type'),
  ),
  sha256: v.pipe(
    v.string('sha256 must be a string'),
    v.regex(/^[0-9a-f]{64}$/, 'sha256 is not a SHA-256 in hex'),
  ),
});

/**
 * A chat message with the id its sender made: sending it again never makes a second one.
 * It holds either text or the announcement of a file, never both.
 */
export const ChatSendPayloadSchema = v.pipe(
  v.strictObject({ id: ClientIdSchema, text: v.optional(ChatTextSchema), file: v.optional(FileOfferSchema) }),
  v.check(
    (payload) => (payload.text === undefined) !== (payload.file === undefined),
    'a message holds either text or a file',
  ),
);

/** Whether the sender is typing in the chat now (false: they cleared the box). */
export const ChatTypingPayloadSchema = v.strictObject({ typing: v.boolean('typing must be true or false') });

/** Asks for fresh TURN credentials: the server knows whose, from its own records. */
export const IceRefreshPayloadSchema = v.strictObject({});

/** Older chat of the sender's own room: the messages before `before` (a message id), newest last. */
export const ChatHistoryPayloadSchema = v.strictObject({
  before: ClientIdSchema,
  limit: v.optional(
    v.pipe(
      v.number('limit must be a number'),
      v.integer('limit must be a whole number'),
      v.minValue(1, 'limit is below 1'),
      v.maxValue(CHAT_HISTORY_PAGE_LIMIT, `limit is above ${CHAT_HISTORY_PAGE_LIMIT}`),
    ),
  ),
});

/** Leaves the knock queue of a locked room (see `room:join`); closing the tab does the same. */
export const KnockCancelPayloadSchema = v.strictObject({});

/**
 * A host action on one person: a participant id of the host's own room, or for
 * `host:admit` / `host:deny` a knock's id (from `knock:list`). The server checks both.
 */
export const HostTargetPayloadSchema = v.strictObject({ id: ParticipantIdSchema });

/** Locks the room (newcomers knock) or unlocks it. */
export const HostLockPayloadSchema = v.strictObject({ locked: v.boolean('locked must be true or false') });

/** Raises or lowers the sender's own hand. */
export const HandRaisePayloadSchema = v.strictObject({ raised: v.boolean('raised must be true or false') });

/** The five reactions, by the names the wire uses (the UI names them Thumbs up, Clap, …). */
export const REACTIONS = ['thumbs-up', 'clap', 'laugh', 'heart', 'surprised'] as const;
export const ReactionSchema = v.picklist(REACTIONS, `reaction must be one of ${REACTIONS.join(', ')}`);

export const ReactionSendPayloadSchema = v.strictObject({ reaction: ReactionSchema });

export type MediaState = v.InferOutput<typeof MediaStateSchema>;
export type SignalData = v.InferOutput<typeof SignalDataSchema>;
export type RoomPeekPayload = v.InferOutput<typeof RoomPeekPayloadSchema>;
export type JoinPayload = v.InferOutput<typeof JoinPayloadSchema>;
export type LeavePayload = v.InferOutput<typeof LeavePayloadSchema>;
export type ParticipantUpdatePayload = v.InferOutput<typeof ParticipantUpdatePayloadSchema>;
export type SignalPayload = v.InferOutput<typeof SignalPayloadSchema>;
export type ChatSendPayload = v.InferOutput<typeof ChatSendPayloadSchema>;
export type FileOffer = v.InferOutput<typeof FileOfferSchema>;
export type ChatTypingPayload = v.InferOutput<typeof ChatTypingPayloadSchema>;
export type IceRefreshPayload = v.InferOutput<typeof IceRefreshPayloadSchema>;
export type ChatHistoryPayload = v.InferOutput<typeof ChatHistoryPayloadSchema>;
export type KnockCancelPayload = v.InferOutput<typeof KnockCancelPayloadSchema>;
export type HostTargetPayload = v.InferOutput<typeof HostTargetPayloadSchema>;
export type HostLockPayload = v.InferOutput<typeof HostLockPayloadSchema>;
export type HandRaisePayload = v.InferOutput<typeof HandRaisePayloadSchema>;
export type Reaction = v.InferOutput<typeof ReactionSchema>;
export type ReactionSendPayload = v.InferOutput<typeof ReactionSendPayloadSchema>;

/** Every client event's schema, by event name: the server validates with exactly these. */
export const clientPayloadSchemas = {
  'room:peek': RoomPeekPayloadSchema,
  'room:join': JoinPayloadSchema,
  'room:leave': LeavePayloadSchema,
  'participant:update': ParticipantUpdatePayloadSchema,
  'signal:send': SignalPayloadSchema,
  'chat:send': ChatSendPayloadSchema,
  'chat:typing': ChatTypingPayloadSchema,
  'ice:refresh': IceRefreshPayloadSchema,
  'chat:history': ChatHistoryPayloadSchema,
  'knock:cancel': KnockCancelPayloadSchema,
  'host:admit': HostTargetPayloadSchema,
  'host:deny': HostTargetPayloadSchema,
  'host:lock': HostLockPayloadSchema,
  'host:mute': HostTargetPayloadSchema,
  'host:remove': HostTargetPayloadSchema,
  'host:transfer': HostTargetPayloadSchema,
  'host:lower-hand': HostTargetPayloadSchema,
  'hand:raise': HandRaisePayloadSchema,
  'reaction:send': ReactionSendPayloadSchema,
} as const;

export type ClientEventName = keyof typeof clientPayloadSchemas;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Validates a payload; on failure returns the first issue's message, safe to show a client. */
export function parsePayload<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): ParseResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join('.');
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}

/** True if `value` is a signal simple-peer can take; anything else must not reach it. */
export function isSignalData(value: unknown): value is SignalData {
  return v.is(SignalDataSchema, value);
}
