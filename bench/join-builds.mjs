// Join to first frame for several web builds, alternating in one run with the bare relay:
// to tell whether a change to the join path helps, on a machine too noisy for two runs.
//
//   node bench/join-builds.mjs --build base=/tmp/base-dist --build new=apps/web/dist [--runs 8] [--relay]
//
// Each build is a `dist` folder served by its own apps/server (WEB_DIST); needs `pnpm build`.
// `--relay`: each build also behind a server that hands out coturn on loopback with
// ICE_TRANSPORT_POLICY=relay (as the relayed case of bench/browser.mjs), alternating too.
import { parseArgs } from 'node:util';
import { bareFirstFrame, launch, ourFirstFrame, timelineTable } from './browser.mjs';
import { median, startCoturn, startServer } from './lib.mjs';

const { values: options } = parseArgs({
  options: {
    build: { type: 'string', multiple: true, default: ['current=apps/web/dist'] },
    runs: { type: 'string', default: '8' },
    relay: { type: 'boolean', default: false },
  },
});

const SECRET = 'bench-turn-secret';
const turn = options.relay ? await startCoturn(SECRET) : null;
const relayed = turn
  ? {
      TURN_URLS: `turn:127.0.0.1:${turn.port}?transport=udp`,
      TURN_SECRET: SECRET,
      ICE_TRANSPORT_POLICY: 'relay',
    }
  : null;
const builds = [];
for (const entry of options.build) {
  const [label, dist] = entry.split('=');
  for (const [kind, env] of relayed
    ? [
        ['direct', {}],
        ['relay', relayed],
      ]
    : [['', {}]]) {
    const server = await startServer('apps/server/dist/main.js', {
      RATE_LIMIT_SCALE: '1000',
      WEB_DIST: dist,
      ...env,
    });
    builds.push({ label: kind ? `${label} (${kind})` : label, server, ms: [], timelines: [] });
  }
}
const bare = await startServer('bench/bare-mesh/relay.mjs');
const bareMs = [];
const browser = await launch();
try {
  for (let run = 0; run < Number(options.runs); run++) {
    bareMs.push(await bareFirstFrame(browser, bare.url, run));
    for (const build of run % 2 ? [...builds].reverse() : builds) {
      const { ms, timeline } = await ourFirstFrame(browser, build.server.url, run);
      build.ms.push(ms);
      build.timelines.push(timeline);
    }
  }
} finally {
  await browser.close();
  for (const { server } of builds) server.stop();
  bare.stop();
  turn?.stop();
}
console.log(
  `bare relay: median ${median(bareMs).toFixed(0)} ms (${bareMs.map((t) => t.toFixed(0)).join(', ')})`,
);
for (const { label, ms, timelines } of builds) {
  console.log(
    `\n${label}: median ${median(ms).toFixed(0)} ms, ${(median(ms) / median(bareMs)).toFixed(2)}x bare (${ms.map((t) => t.toFixed(0)).join(', ')})`,
  );
  console.log(timelineTable(timelines));
}
