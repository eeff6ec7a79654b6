import type * as v from 'valibot';
import type {
  ChatHistoryPayload,
  ChatSendPayload,
  ChatTypingPayload,
  ClientEventName,
  clientPayloadSchemas,
  FileOffer,
  HandRaisePayload,
  HostLockPayload,
  HostTargetPayload,
  IceRefreshPayload,
  JoinPayload,
  KnockCancelPayload,
  LeavePayload,
  MediaState,
  ParticipantUpdatePayload,
  Reaction,
  ReactionSendPayload,
  RoomPeekPayload,
  SignalData,
  SignalPayload,
} from './schemas.js';

/** Stable error codes carried by refused acknowledgements. */
export const ErrorCode = {
  /** The payload failed its schema; nothing changed. */
  InvalidPayload: 'invalid_payload',
  /** The room is at capacity. */
  RoomFull: 'room_full',
  /** The event needs a joined room and this socket has none. */
  NotInRoom: 'not_in_room',
  /** A signal named a participant who is not in the sender's room. */
  UnknownParticipant: 'unknown_participant',
  /** A signal named a participant who is in the room but briefly disconnected. */
  ParticipantAway: 'participant_away',
  /** Too many events of this kind from this connection: slow down and try again. */
  RateLimited: 'rate_limited',
  /** A join from a connection that is already in a room: leave it first. */
  AlreadyInRoom: 'already_in_room',
  /** Something failed on the server; the message says nothing more. */
  Internal: 'internal',
  /** Client side only: the server did not answer in time, or the connection is down. */
  NoAnswer: 'no_answer',
  /** A host action (`host:*`) from someone who is not the room's host: refused, nothing changed. */
  NotHost: 'not_host',
  /**
   * A `room:join` to a locked room, or from someone the host removed: not joined, but
   * parked as a knock. The host is asked; `knock:answer` follows (or `knock:cancel` first).
   */
  WaitingForHost: 'waiting_for_host',
  /** Client side, from `knock:answer` (reason `denied`): the host did not let this knock in. */
  KnockDenied: 'knock_denied',
  /** Client side, from `knock:answer` (reason `timeout`): nobody answered within KNOCK_TIMEOUT_MS. */
  KnockTimeout: 'knock_timeout',
  /** The host removed this participant: anything their connection still sends is refused. */
  Removed: 'removed',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AckError {
  code: ErrorCode;
  message: string;
}

/** Every acknowledgement: success with its data, or a coded error. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: AckError };
export type AckCallback<T extends object = object> = (response: Ack<T>) => void;

/** A participant as everyone in the room sees them. */
export interface Participant extends MediaState {
  id: string;
  name: string;
  /** Sharing a screen: show it whole, not cropped like a face. */
  screen?: boolean;
}

/** A chat message as stamped by the server. */
export interface ChatMessage {
  id: string;
  /** The sender's participant id. */
  from: string;
  /** The sender's name when it was sent. */
  name: string;
  /** Empty when the message announces a file. */
  text: string;
  /** A file sent straight between browsers: only its description passes the server. */
  file?: FileOffer;
  /** Server time, milliseconds since the epoch. */
  sentAt: number;
}

export interface RoomPeekResult {
  count: number;
  capacity: number;
}

/** One entry of `RTCConfiguration.iceServers`, as the server hands it out. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** How this participant's peer connections reach each other, and for how long. */
export interface IceConfig {
  /** STUN/TURN servers for this participant's peer connections. */
  iceServers: IceServer[];
  /** `relay`: connect through TURN only, never revealing addresses to the others. */
  iceTransportPolicy: 'all' | 'relay';
  /**
   * Milliseconds from this answer until the TURN credentials expire (renew them before,
   * with `ice:refresh`), or null when they do not.
   */
  iceExpiresInMs: number | null;
}

export interface JoinResult extends IceConfig {
  /** This socket's participant id in the room. */
  self: Participant;
  /** Everyone already present, in order of arrival. */
  participants: Participant[];
  /** The room's recent chat, oldest first, at most CHAT_HISTORY_BYTES of it. */
  history: ChatMessage[];
  /** The room keeps older messages than these: ask with `chat:history`. */
  moreHistory: boolean;
  /** Secret to send back in `resume` to keep this identity after a reconnect. */
  token: string;
  /**
   * True when the server still held this participant (a reconnect within the grace
   * period): nobody saw them leave, and peer connections may be kept. False for a fresh
   * join, including one that kept its id after the server restarted or the grace ran out.
   */
  resumed: boolean;
  /** How long the server waits before announcing a disconnected participant as gone. */
  graceMs: number;
  /** The host's participant id (possibly this socket's own, `self.id`). */
  hostId: string;
  /** Newcomers must knock (`room:locked` tells of changes). */
  locked: boolean;
  /** Participant ids with a raised hand, in order of raising (`room:hands` tells of changes). */
  hands: string[];
  /**
   * For the host: the people waiting to be let in, in order of knocking (`knock:list` tells
   * of changes). Always empty for anyone else.
   */
  knocks: Knock[];
}

/** Someone waiting to be let into a locked room, as the host sees them. */
export interface Knock {
  /** Made by the server; names the knock in `host:admit` / `host:deny`. Not a participant id. */
  id: string;
  /** The name they gave in their `room:join`. */
  name: string;
}

/** A page of older chat, oldest first. */
export interface ChatHistoryPage {
  messages: ChatMessage[];
  /** The room keeps messages older than this page. */
  more: boolean;
}

export interface ClientToServerEvents {
  /** How many are in a room; also subscribes this socket to `room:count` for it until it joins. */
  'room:peek': (payload: RoomPeekPayload, ack: AckCallback<RoomPeekResult>) => void;
  'room:join': (payload: JoinPayload, ack: AckCallback<JoinResult>) => void;
  'room:leave': (payload: LeavePayload, ack: AckCallback) => void;
  'participant:update': (payload: ParticipantUpdatePayload, ack: AckCallback<{ self: Participant }>) => void;
  /** A WebRTC signal for one participant of the sender's own room. */
  'signal:send': (payload: SignalPayload, ack: AckCallback) => void;
  'chat:send': (payload: ChatSendPayload, ack: AckCallback<{ message: ChatMessage }>) => void;
  /** The sender is typing (at most once per TYPING_REPEAT_MS), or stopped; to their own room. */
  'chat:typing': (payload: ChatTypingPayload, ack: AckCallback) => void;
  /** Fresh ICE settings (TURN credentials) before the ones from the join expire; needs a seat. */
  'ice:refresh': (payload: IceRefreshPayload, ack: AckCallback<IceConfig>) => void;
  /** Older messages of the sender's own room, for scrolling back past the join's history. */
  'chat:history': (payload: ChatHistoryPayload, ack: AckCallback<ChatHistoryPage>) => void;
  /** Stops waiting to be let in (after a `room:join` answered `waiting_for_host`). Always ok. */
  'knock:cancel': (payload: KnockCancelPayload, ack: AckCallback) => void;
  /**
   * Host only (else `not_host`): lets a knock in (`id` from `knock:list`, else
   * `unknown_participant`). The knocker gets `knock:answer { admitted: true }` and joins
   * with `room:join` again, which this one time skips the lock.
   */
  'host:admit': (payload: HostTargetPayload, ack: AckCallback) => void;
  /** Host only: refuses a knock; the knocker gets `knock:answer { admitted: false, reason: 'denied' }`. */
  'host:deny': (payload: HostTargetPayload, ack: AckCallback) => void;
  /**
   * Host only: locks or unlocks the room; everyone (host included) gets `room:locked` if it
   * changed. Unlocking lets nobody in by itself: knocks waiting stay for the host to answer.
   */
  'host:lock': (payload: HostLockPayload, ack: AckCallback) => void;
  /**
   * Host only: asks another participant to turn their microphone off; only they get
   * `host:muted-you`. A request their app obeys, not enforced (media goes peer to peer).
   * `participant_away` while they are reconnecting.
   */
  'host:mute': (payload: HostTargetPayload, ack: AckCallback) => void;
  /**
   * Host only: ends another participant's seat. They get `room:removed` and their connection
   * is closed; everyone else gets `participant:left`. Their seat token no longer resumes it:
   * a `room:join` with it knocks (`waiting_for_host`), even in an unlocked room.
   */
  'host:remove': (payload: HostTargetPayload, ack: AckCallback) => void;
  /**
   * Host only: hands the role to another participant; everyone gets `room:host`. With knocks
   * waiting, the new host gets `knock:list` with them and the old one an empty `knock:list`.
   */
  'host:transfer': (payload: HostTargetPayload, ack: AckCallback) => void;
  /** Host only: lowers anyone's raised hand (their own included); everyone gets `room:hands` if it changed. */
  'host:lower-hand': (payload: HostTargetPayload, ack: AckCallback) => void;
  /** Raises or lowers the sender's own hand; everyone (sender included) gets `room:hands` if it changed. */
  'hand:raise': (payload: HandRaisePayload, ack: AckCallback<RoomHands>) => void;
  /**
   * A reaction to the sender's room: the others get `reaction`, the sender shows its own on
   * the ok (it is not sent back). A burst beyond REACTIONS_PER_WINDOW is refused `rate_limited`.
   */
  'reaction:send': (payload: ReactionSendPayload, ack: AckCallback) => void;
}

/** A participant has left the room, or was gone past the grace period. */
export interface ParticipantLeft {
  id: string;
}

/** A WebRTC signal relayed from another participant of the room (see `signal:send`). */
export interface SignalRelay {
  /** The sender's participant id. */
  from: string;
  /** Which peer connection of the pair it is for, as the sender named it. */
  link: string;
  data: SignalData;
}

/** How many are in a room now, for those following it from its lobby (`room:peek`). */
export interface RoomCount {
  roomId: string;
  count: number;
}

/** Someone in the room is typing in the chat, or stopped (see `chat:typing`). */
export interface TypingRelay {
  /** The typist's participant id, from the server's records. */
  from: string;
  typing: boolean;
}

/** To the host: everyone waiting to be let in, in order of knocking; sent whenever it changes. */
export interface KnockList {
  knocks: Knock[];
}

/**
 * To a knocker: the host's answer. Admitted (or the room emptied, so nothing holds them
 * back): send `room:join` again. Refused by the host (`denied`), or nobody answered within
 * KNOCK_TIMEOUT_MS (`timeout`).
 */
export type KnockAnswer = { admitted: true } | { admitted: false; reason: 'denied' | 'timeout' };

/** The room was locked or unlocked by its host. */
export interface RoomLocked {
  locked: boolean;
}

/** Who the host is now: handed over, or the host left for good and the longest present took it. */
export interface RoomHost {
  hostId: string;
}

/** Participant ids with a raised hand, in order of raising. */
export interface RoomHands {
  hands: string[];
}

/** A reaction from someone in the room (never the receiver's own: see `reaction:send`). */
export interface ReactionRelay {
  /** The sender's participant id, from the server's records. */
  from: string;
  reaction: Reaction;
}

/** An event that carries nothing. */
export type Empty = Record<string, never>;

export interface ServerToClientEvents {
  'participant:joined': (participant: Participant) => void;
  'participant:updated': (participant: Participant) => void;
  'participant:left': (payload: ParticipantLeft) => void;
  'signal:receive': (payload: SignalRelay) => void;
  'chat:message': (message: ChatMessage) => void;
  'chat:typing': (payload: TypingRelay) => void;
  'room:count': (payload: RoomCount) => void;
  /** To the host only: see KnockList. */
  'knock:list': (payload: KnockList) => void;
  /** To a knocker only: see KnockAnswer. */
  'knock:answer': (payload: KnockAnswer) => void;
  'room:locked': (payload: RoomLocked) => void;
  'room:host': (payload: RoomHost) => void;
  'room:hands': (payload: RoomHands) => void;
  /** To the one the host asked to mute: turn the microphone off and say so. */
  'host:muted-you': (payload: Empty) => void;
  /** To the one the host removed, just before the server closes their connection. */
  'room:removed': (payload: Empty) => void;
  reaction: (payload: ReactionRelay) => void;
}

// Compile-time checks, nothing at run time: every client event has a schema whose output is
// exactly that event's payload type, and no schema names an event that does not exist. (The
// server's table of rate-limit kinds is a Record over the same names, so it is checked too.)
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type SchemaOutputs = { [E in ClientEventName]: v.InferOutput<(typeof clientPayloadSchemas)[E]> };
type EventPayloads = { [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>[0] };
export type ClientEventsHaveSchemas = Assert<Same<SchemaOutputs, EventPayloads>>;
