// relay and idle-sockets: our signaling server against a bare Socket.IO relay.
import { io } from 'socket.io-client';
import { median, percentile, rss, startServer, waitFor } from './lib.mjs';

const OURS = 'apps/server/dist/main.js';
const BARE = 'bench/bare-relay.mjs';
// Validation and rate limiting stay on; the limits are raised so the run is not throttled.
const OURS_ENV = { RATE_LIMIT_SCALE: '1000', MAX_SESSIONS_PER_ADDRESS: '0', WEB_DIST: '' };

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Joins a client to a room on either server; resolves with the id others address it by. */
async function join(kind, socket, room, name) {
  if (kind === 'ours') {
    const ack = await socket
      .timeout(10_000)
      .emitWithAck('room:join', { roomId: room, name, audio: true, video: true });
    if (!ack.ok) throw new Error(ack.error.code);
    return ack.self.id;
  }
  return socket.timeout(10_000).emitWithAck('join', room);
}

const candidate = (t) => ({
  type: 'candidate',
  candidate: { candidate: `candidate:${t}`, sdpMLineIndex: 0, sdpMid: '0' },
});

/** Pairs in `rooms` rooms; each sender sends `count` signals to its peer. */
async function relayOnce(kind, rooms, count) {
  const server = await startServer(kind === 'ours' ? OURS : BARE, kind === 'ours' ? OURS_ENV : {});
  try {
    const pairs = [];
    for (let r = 0; r < rooms; r++) {
      const [a, b] = await Promise.all([connect(server.url), connect(server.url)]);
      await join(kind, a, `bench-${r}`, 'A');
      const bId = await join(kind, b, `bench-${r}`, 'B');
      pairs.push({ a, b, bId });
    }
    const latencies = [];
    const total = rooms * count;
    let received = 0;
    const event = kind === 'ours' ? 'signal:receive' : 'signal';
    for (const { b } of pairs) {
      b.on(event, ({ data }) => {
        latencies.push(performance.now() - Number(data.candidate.candidate.slice(10)));
        received++;
      });
    }
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      for (const { a, bId } of pairs) {
        const data = candidate(performance.now());
        if (kind === 'ours') a.emit('signal:send', { to: bId, link: 'bench', data });
        else a.emit('signal', { to: bId, data });
      }
      // Let the event loop breathe so sends and receives interleave, as in real use.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(async () => received >= total, 60_000);
    const seconds = (performance.now() - start) / 1000;
    for (const { a, b } of pairs) {
      a.disconnect();
      b.disconnect();
    }
    return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    server.stop();
  }
}

/** Resident memory per connected, joined, idle participant. */
async function idleOnce(kind, participants) {
  const server = await startServer(kind === 'ours' ? OURS : BARE, kind === 'ours' ? OURS_ENV : {});
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = rss(server.pid);
    const sockets = [];
    for (let i = 0; i < participants; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(100, participants - i) }, () => connect(server.url)),
      );
      await Promise.all(batch.map((socket, j) => join(kind, socket, `idle-${Math.floor((i + j) / 2)}`, 'P')));
      sockets.push(...batch);
    }
    // Let the server settle: garbage from the joins collected, buffers released.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const perParticipant = (rss(server.pid) - before) / participants;
    for (const socket of sockets) socket.disconnect();
    return perParticipant;
  } finally {
    server.stop();
  }
}

export async function relay({ quick }) {
  const rooms = quick ? 50 : 200;
  const count = quick ? 20 : 50;
  const rounds = quick ? 1 : 3;
  const runs = { ours: [], bare: [] };
  // Alternate, so drift on the machine hits both alike.
  for (let i = 0; i < rounds; i++) {
    runs.bare.push(await relayOnce('bare', rooms, count));
    runs.ours.push(await relayOnce('ours', rooms, count));
  }
  const pick = (kind, key) => median(runs[kind].map((run) => run[key]));
  return [
    {
      name: `relay throughput (${rooms} rooms x 2, ${count} signals each)`,
      value: pick('ours', 'perSecond'),
      baseline: pick('bare', 'perSecond'),
      unit: 'msg/s',
      // Issue #15's targets for the signal hot path, against the bare relay of the same run.
      target: 'ratio >= 1.0',
      met: pick('ours', 'perSecond') / pick('bare', 'perSecond') >= 1.0,
    },
    {
      name: 'relay latency p50',
      value: pick('ours', 'p50'),
      baseline: pick('bare', 'p50'),
      unit: 'ms',
      target: 'ratio <= 1.2',
      met: pick('ours', 'p50') / pick('bare', 'p50') <= 1.2,
    },
    {
      name: 'relay latency p99',
      value: pick('ours', 'p99'),
      baseline: pick('bare', 'p99'),
      unit: 'ms',
      target: 'ratio <= 1.1',
      met: pick('ours', 'p99') / pick('bare', 'p99') <= 1.1,
    },
  ];
}

export async function idleSockets({ quick }) {
  const participants = quick ? 500 : 5000;
  const bare = await idleOnce('bare', participants);
  const ours = await idleOnce('ours', participants);
  return [
    {
      name: `idle memory per participant (${participants})`,
      value: ours / 1024,
      baseline: bare / 1024,
      unit: 'KB',
      target: 'ratio <= 1.3',
      met: ours / bare <= 1.3,
    },
  ];
}
