// flood: a neighbour room's chat round trip (send to acknowledgement) while one client floods
// the server with 100 KB invalid frames, against the same measurement with no flood; and,
// for comparison, the same flood with every limit off (RATE_LIMIT_SCALE=0: what the server
// did before junk was counted).
import { Worker } from 'node:worker_threads';
import { io } from 'socket.io-client';
import { median, percentile, startServer } from './lib.mjs';

const OURS = 'apps/server/dist/main.js';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** `pairs` rooms of two; in each, one side chats every 600 ms (within the chat limit). */
async function chatRoundTrips(url, pairs, ms) {
  const senders = [];
  for (let r = 0; r < pairs; r++) {
    const [a, b] = await Promise.all([connect(url), connect(url)]);
    for (const [socket, name] of [
      [a, 'A'],
      [b, 'B'],
    ]) {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck('room:join', { roomId: `neighbour-${r}`, name, audio: true, video: true });
      if (!ack.ok) throw new Error(ack.error.code);
    }
    senders.push({ a, b });
  }
  return {
    sockets: senders.flatMap(({ a, b }) => [a, b]),
    async measure() {
      const samples = [];
      let lost = 0;
      const until = Date.now() + ms;
      await Promise.all(
        senders.map(async ({ a }, r) => {
          await sleep((r * 600) / pairs);
          for (let i = 0; Date.now() < until; i++) {
            const start = performance.now();
            try {
              const ack = await a
                .timeout(10_000)
                .emitWithAck('chat:send', { id: crypto.randomUUID(), text: `ping ${i}` });
              if (ack.ok) samples.push(performance.now() - start);
              else lost++;
            } catch {
              lost++;
            }
            await sleep(Math.max(0, 600 - (performance.now() - start)));
          }
        }),
      );
      return { samples, lost };
    },
  };
}

/** Starts the flooder's thread; resolves, once it is loaded, with a function that sets it off. */
async function flooder(url, frames, ms) {
  const worker = new Worker(new URL('./flood-worker.mjs', import.meta.url), {
    workerData: { url, frames, ms, from: '127.0.0.2' },
  });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return () => {
    const done = new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    worker.postMessage('go');
    return done;
  };
}

async function once({ limitsOff, flooded, pairs, ms, frames }) {
  const server = await startServer(OURS, {
    WEB_DIST: '',
    ...(limitsOff ? { RATE_LIMIT_SCALE: '0' } : {}),
  });
  try {
    const neighbours = await chatRoundTrips(server.url, pairs, ms);
    const go = flooded ? await flooder(server.url, frames, ms) : null;
    const [{ samples, lost }, flood] = await Promise.all([neighbours.measure(), go ? go() : null]);
    for (const socket of neighbours.sockets) socket.disconnect();
    return {
      p50: median(samples),
      p99: percentile(samples, 99),
      count: samples.length,
      lost,
      flooder: flood,
    };
  } finally {
    server.stop();
  }
}

export async function floodBench({ quick }) {
  const settings = { pairs: 10, ms: quick ? 5000 : 15_000, frames: quick ? 2000 : 5000 };
  const calm = await once({ ...settings, flooded: false });
  const guarded = await once({ ...settings, flooded: true });
  const open = await once({ ...settings, flooded: true, limitsOff: true });
  const detail = (run) =>
    `${run.count} round trips, ${run.lost} lost` +
    (run.flooder
      ? `; flooder sent ${run.flooder.sent} frames over ${run.flooder.connections} connections, ${run.flooder.refused} refused`
      : '');
  for (const [label, run] of [
    ['no flood', calm],
    ['flood', guarded],
    ['flood, limits off', open],
  ]) {
    console.log(
      `\n  ${label}: p50 ${run.p50?.toFixed(2)} ms, p99 ${run.p99?.toFixed(2)} ms (${detail(run)})`,
    );
  }
  return [
    {
      name: 'neighbour chat round trip p50 during a junk flood',
      value: guarded.p50,
      baseline: calm.p50,
      unit: 'ms',
    },
    {
      name: 'neighbour chat round trip p99 during a junk flood',
      value: guarded.p99,
      baseline: calm.p99,
      unit: 'ms',
    },
    {
      name: 'neighbour chat round trip p50, same flood, limits off',
      value: open.p50,
      baseline: calm.p50,
      unit: 'ms',
    },
    {
      name: 'neighbour chat round trip p99, same flood, limits off',
      value: open.p99,
      baseline: calm.p99,
      unit: 'ms',
    },
    { name: 'junk frames the flooder got out (100 KB each)', value: guarded.flooder.sent, unit: 'frames' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await floodBench({ quick: process.argv.includes('--quick') });
  console.table(results);
  process.exit(0);
}
