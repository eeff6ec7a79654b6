/** Room ids: letters and digits of one script and dashes, in code points (room-id.ts). */
export const ROOM_ID_MAX_LENGTH = 64;

/** Display names, counted after trimming and Unicode NFC normalisation. */
export const NAME_MAX_LENGTH = 40;

/** Chat message text, counted after NFC normalisation. */
export const CHAT_TEXT_MAX_LENGTH = 2000;

/** Participants in one room unless the server is configured otherwise. */
export const ROOM_CAPACITY_DEFAULT = 8;

/** Chat messages a room keeps. */
export const CHAT_HISTORY_LIMIT = 100;

/**
 * Bytes of chat history (UTF-8 JSON of the messages) sent with a join, newest first:
 * 100 long messages are ~600 KB, too much to answer a 76-byte request with. Older ones
 * come on demand with `chat:history`, a page at a time under the same cap.
 */
export const CHAT_HISTORY_BYTES = 64 * 1024;

/** Messages in one `chat:history` page at most. */
export const CHAT_HISTORY_PAGE_LIMIT = 50;

/**
 * Session descriptions: a camera + microphone offer is 3-6 KB, a screen share with
 * simulcast and many codecs stays well under 32 KB; this leaves headroom.
 */
export const SDP_MAX_LENGTH = 64 * 1024;

/** One ICE candidate line (RFC 8839 lines are far shorter). */
export const CANDIDATE_MAX_LENGTH = 1024;

/** Server-made participant ids and message ids (UUIDs) fit comfortably. */
export const ID_MAX_LENGTH = 64;

/**
 * Signal bytes (the JSON of `data`) one participant may send to, and receive from, each
 * other participant per 10 s; the server multiplies it by (room capacity - 1) per sender
 * and per receiver. Measured (bench/sdp-sizes.mjs, audio + video + data channel):
 * Chromium 156 offer 6.1 KB, answer 5.4 KB, renegotiation 6.3/6.6 KB, with a second video
 * 11.2/9.9 KB, candidates ~180 B each (10-14 on loopback, a few dozen on a real network);
 * Firefox ESR 153 offer 3.4 KB, answer 3.0 KB, with a second video 5.3/4.9 KB. Three full
 * negotiations at the largest size plus 50 candidates are ~45 KB: this is twice that.
 */
export const SIGNAL_BYTES_PER_PEER = 96 * 1024;

/**
 * A file sent in the chat goes between browsers, never through the server; the server
 * only relays its announcement. One file is at most this large: the receiver keeps it in
 * memory (and hashes it whole, which Web Crypto does in one piece).
 */
export const FILE_MAX_BYTES = 500 * 1024 * 1024;

/** A file name as announced, counted after cleaning (most file systems stop at 255). */
export const FILE_NAME_MAX_LENGTH = 255;

/** A file's media type as announced (`image/png`); RFC 6838 keeps them far shorter. */
export const FILE_TYPE_MAX_LENGTH = 127;

/** A person typing tells the room at most once per this long while the keys keep coming. */
export const TYPING_REPEAT_MS = 3000;

/** Shown as typing this long after their last word of it, unless they send or stop first. */
export const TYPING_SHOWN_MS = 6000;

/**
 * A knock on a locked room waits at most this long for the host's answer; then the knocker
 * is told nobody answered (`knock:answer` with reason `timeout`).
 */
export const KNOCK_TIMEOUT_MS = 3 * 60 * 1000;

/** People waiting to be let into one room at once; more are refused (`room_full`). */
export const KNOCKS_MAX = 20;

/**
 * Reactions one participant may send per REACTION_WINDOW_MS: a burst beyond is clipped
 * (refused `rate_limited`), never relayed. Clients may clip locally at the same rate.
 */
export const REACTIONS_PER_WINDOW = 10;
export const REACTION_WINDOW_MS = 10_000;
