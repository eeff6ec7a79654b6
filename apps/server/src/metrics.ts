import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { RoomStore } from './rooms.js';

export type LimitedKind =
  | 'signal'
  | 'signal_bytes_sent'
  | 'signal_bytes_received'
  | 'chat'
  | 'typing'
  | 'history'
  | 'join'
  | 'update'
  | 'peek'
  | 'ice'
  | 'host'
  | 'hand'
  | 'reaction'
  | 'connection';
/** Refusals outside the keyed budgets: a connection's raw traffic, junk, open sessions. */
export type DroppedKind = 'traffic' | 'junk' | 'sessions';

/** What `/metrics` exposes, in Prometheus' text format. One registry per app. */
export function createMetrics(store: RoomStore, connectedSockets: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'moim_' });
  new Gauge({
    name: 'moim_connected_sockets',
    help: 'Signaling connections open now.',
    registers: [registry],
    collect() {
      this.set(connectedSockets());
    },
  });
  new Gauge({
    name: 'moim_rooms',
    help: 'Rooms with at least one participant.',
    registers: [registry],
    async collect() {
      this.set((await store.stats()).rooms);
    },
  });
  new Gauge({
    name: 'moim_participants',
    help: 'Participants in rooms, including those holding their seat through a reconnect.',
    registers: [registry],
    async collect() {
      this.set((await store.stats()).participants);
    },
  });
  // Signals are most of what is relayed: counted in a number and added at scrape time, so the
  // hot path does not hash a label set for every signal.
  let signalsRelayed = 0;
  return {
    registry,
    relayed: new Counter({
      name: 'moim_relayed_messages_total',
      help: 'Messages relayed to other participants, by kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
      collect() {
        if (signalsRelayed === 0) return;
        this.inc({ kind: 'signal' }, signalsRelayed);
        signalsRelayed = 0;
      },
    }),
    /** One more signal relayed (the `signal` kind of `relayed`). */
    signalRelayed() {
      signalsRelayed++;
    },
    rejected: new Counter({
      name: 'moim_rejected_messages_total',
      help: 'Client events refused or ignored, by reason (an error code, or unknown_event).',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'moim_rate_limited_total',
      help: 'Events and connections refused by a rate limit, by kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
