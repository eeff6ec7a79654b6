import {
  type Ack,
  type ClientEventName,
  type ClientToServerEvents,
  clientPayloadSchemas,
  ErrorCode,
  parsePayload,
} from '@moim/protocol';
import type * as v from 'valibot';
import { after, type Maybe } from './maybe.js';
import type { DroppedKind, LimitedKind } from './metrics.js';
import type { Deps, MoimSocket } from './signaling.js';

/** Which rate limit each client event counts against. */
const LIMITED_AS: Record<ClientEventName, LimitedKind> = {
  'room:peek': 'peek',
  'room:join': 'join',
  'room:leave': 'update',
  'participant:update': 'update',
  'signal:send': 'signal',
  'chat:send': 'chat',
  'chat:typing': 'typing',
  'chat:history': 'history',
  'ice:refresh': 'ice',
  'knock:cancel': 'update',
  'host:admit': 'host',
  'host:deny': 'host',
  'host:lock': 'host',
  'host:mute': 'host',
  'host:remove': 'host',
  'host:transfer': 'host',
  'host:lower-hand': 'host',
  'hand:raise': 'hand',
  'reaction:send': 'reaction',
};

/** Budgets of what an address does before it is in a room; the rest follow the participant. */
const PER_ADDRESS = new Set<LimitedKind>(['join', 'peek', 'connection']);

/** Share of an address's connection budget spent when one of its connections is dropped. */
const DROP_PENALTY = 0.5;

export type Payload<E extends ClientEventName> = v.InferOutput<(typeof clientPayloadSchemas)[E]>;
type AckData<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1] extends (
  response: Ack<infer T>,
) => void
  ? T
  : never;
export type Handler<E extends ClientEventName> = (payload: Payload<E>) => Maybe<Ack<AckData<E>>>;

export const refuse = (code: ErrorCode, message: string) => ({
  ok: false as const,
  error: { code, message },
});

/**
 * The budget keys (`p:room/participant`) of one room's participants, as one socket uses them,
 * each made once: a key built afresh for every event costs more to look up (a new string to
 * hash) than the rest of the count. Forgets them all when the socket's room changes.
 */
class SeatKeys {
  #roomId: string | undefined;
  readonly #keys = new Map<string, string>();

  of(roomId: string, participantId: string): string {
    if (roomId !== this.#roomId || this.#keys.size >= SEAT_KEYS_MAX) {
      this.#roomId = roomId;
      this.#keys.clear();
    }
    let key = this.#keys.get(participantId);
    if (key === undefined) {
      key = `p:${roomId}/${participantId}`;
      this.#keys.set(participantId, key);
    }
    return key;
  }
}

/** Participants one socket keeps budget keys for; past it (people came and went), it starts over. */
const SEAT_KEYS_MAX = 256;

export type SeatKey = (roomId: string, participantId: string) => string;

/**
 * Whose budget a socket spends on `kind`: its participant's (room + id) once it holds a
 * seat, so a reconnect to the same seat starts with what is left, else its address's.
 */
function budgetKey(socket: MoimSocket, kind: LimitedKind, seatKey: SeatKey) {
  const { roomId, participantId, address } = socket.data;
  if (!PER_ADDRESS.has(kind) && roomId && participantId) return seatKey(roomId, participantId);
  return `a:${address ?? socket.id}`;
}

/**
 * One socket's event pipeline. Every frame counts against the connection's traffic budget
 * as it arrives, valid or not; each event then spends its kind's budget, is validated
 * against its schema, handled one at a time in arrival order (so an offer is relayed before
 * the candidates that follow it), and answered through its acknowledgement. A handler that
 * throws answers `internal` and changes nothing more. A connection that floods, or keeps
 * sending what no schema accepts, is dropped and its address's connection budget spent.
 */
export function createDispatcher(socket: MoimSocket, deps: Deps) {
  const { limits, metrics, log } = deps;
  const traffic = limits.traffic();
  // Tasks of this socket waiting or running behind `tail`, in arrival order. With none, the
  // next task runs at once, inline, and if it finishes without waiting (the in-memory store
  // and budgets answer at once) no promise is made for it; one that waits holds back every
  // later task until it is done. Tasks that arrive while one runs inline are held until it
  // returns, so they never overtake it.
  let pending = 0;
  let tail: Promise<void> = Promise.resolve();
  let inline = false;
  let held: (() => void)[] | undefined;
  let draining = false;
  const settled = () => {
    pending--;
  };
  let dropped = false;
  // Made on the socket's first event in a room: an idle socket holds none.
  let seats: SeatKeys | undefined;
  const seatKey: SeatKey = (roomId, participantId) => {
    seats ??= new SeatKeys();
    return seats.of(roomId, participantId);
  };
  // Listeners take what arrived off the wire, untyped: the schema decides what it is.
  const raw = socket as unknown as {
    on(event: string, listener: (payload: unknown, ack: unknown) => void): void;
  };

  function drop(kind: DroppedKind) {
    if (dropped) return;
    dropped = true;
    metrics.rateLimited.inc({ kind });
    const address = socket.data.address;
    log.warn({ socket: socket.id, room: socket.data.roomId, kind }, 'connection dropped: flood');
    if (address) {
      limits.penalize('connection', `a:${address}`, DROP_PENALTY).catch((error) => {
        log.error({ err: error }, 'penalty failed');
      });
    }
    socket.disconnect(true);
  }

  // Raw frames, before Socket.IO decodes them into events: counted by number and size.
  const conn = socket.conn as unknown as {
    on(event: 'packet', listener: (packet: { type: string; data?: unknown }) => void): void;
  };
  conn.on('packet', (packet) => {
    if (packet.type !== 'message' || dropped) return;
    const data = packet.data;
    const bytes = typeof data === 'string' ? data.length : Buffer.isBuffer(data) ? data.byteLength : 0;
    const now = Date.now();
    if (!traffic.events.take(1, now)) drop('traffic');
    else if (!traffic.bytes.take(bytes, now)) drop('traffic');
  });

  function junk() {
    if (!traffic.junk.take()) drop('junk');
  }

  /**
   * Runs `task` after everything this socket sent before: at once when nothing is pending.
   * A task that throws or rejects goes to `fail`; the next one runs all the same.
   */
  function run(task: () => Maybe<unknown>, fail: (error: unknown) => void) {
    if (inline) {
      held ??= [];
      held.push(() => run(task, fail));
      return;
    }
    if (pending > 0) {
      pending++;
      tail = tail.then(task).then(settled, (error) => {
        settled();
        fail(error);
      });
      return;
    }
    inline = true;
    let result: Maybe<unknown>;
    try {
      result = task();
    } catch (error) {
      result = undefined;
      fail(error);
    } finally {
      inline = false;
    }
    if (result instanceof Promise) {
      pending++;
      tail = result.then(settled, (error) => {
        settled();
        fail(error);
      });
    }
    // In arrival order, also those that arrive while the held ones run.
    if (held && !draining) {
      draining = true;
      try {
        for (let later = held.shift(); later; later = held.shift()) later();
      } finally {
        held = undefined;
        draining = false;
      }
    }
  }

  /** Queues `task` after everything this socket sent before; errors are logged, never thrown. */
  function enqueue(task: () => Maybe<unknown>, what: string) {
    run(task, (error) => {
      log.error({ err: error, socket: socket.id }, what);
    });
  }

  function on<E extends ClientEventName>(event: E, handler: Handler<E>) {
    const schema = clientPayloadSchemas[event];
    raw.on(event, (payload, ack) => {
      if (dropped) return;
      // An event sent with a callback but no payload puts the callback first.
      const callback = typeof ack === 'function' ? ack : typeof payload === 'function' ? payload : undefined;
      const answer = (response: Ack<object>) => {
        if (!response.ok) metrics.rejected.inc({ reason: response.error.code });
        if (callback) (callback as (r: unknown) => void)(response);
      };
      const parsed = parsePayload(schema, payload);
      if (!parsed.ok) junk();
      run(
        () => {
          if (dropped) return;
          // Spent whether or not the payload is valid: junk is not free.
          const kind = LIMITED_AS[event];
          return after(limits.allow(kind, budgetKey(socket, kind, seatKey)), (allowed) => {
            if (!parsed.ok) return answer(refuse(ErrorCode.InvalidPayload, parsed.message));
            if (socket.data.removed) {
              return answer(refuse(ErrorCode.Removed, 'The host removed you from this call.'));
            }
            if (!allowed) {
              metrics.rateLimited.inc({ kind });
              return answer(
                refuse(ErrorCode.RateLimited, 'Too many requests: slow down and try again shortly.'),
              );
            }
            return after(handler(parsed.value as Payload<E>), answer);
          });
        },
        (error) => {
          log.error({ err: error, event, socket: socket.id }, 'handler failed');
          answer(refuse(ErrorCode.Internal, 'the server could not handle this request'));
        },
      );
    });
  }

  // Events no handler knows are ignored, and counted (as junk, too).
  socket.onAny((event: string) => {
    if (Object.hasOwn(clientPayloadSchemas, event)) return;
    metrics.rejected.inc({ reason: 'unknown_event' });
    junk();
  });

  return { on, enqueue, seatKey };
}
