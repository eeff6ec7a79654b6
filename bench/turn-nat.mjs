// Join to first frame between two browsers behind symmetric NAT, through coturn (issue #15).
// Five network namespaces of this script's own: a "wan" one with the moim server and coturn
// on a public-like address, two NAT routers (nftables `masquerade fully-random`: a new random
// port for every destination, and only answers let back in) and behind each a browser, Alice
// and Bob. No direct path exists: the browsers must meet at the relay (`--networks open`:
// the same without NAT, a direct path; default `nat,open`, alternating). Everything is
// removed afterwards. Needs root, iproute2, nftables (`apt-get install nftables`), coturn,
// python3 for `--delay`, and `pnpm build`. Prints figures, asserts nothing:
//
//   node bench/turn-nat.mjs [--runs 12] [--delay ms] [--networks nat,open]
//                           [--policy all|relay] [--pairs] [--build label=dist …]
//
// Per run: join to first frame (both sides, as bench/browser.mjs measures it), how many
// links each side made (more than one: a link was given up and replaced), the selected pair,
// and the ICE moments from each page's RTCPeerConnection events. `--build` (repeatable) serves
// several web builds with one moim server each, alternating runs.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { ourFirstFrame, timelineTable } from './browser.mjs';
import { CHROMIUM_ARGS, median, percentile, root, turnserverFlags } from './lib.mjs';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '12' },
    /** One-way delay in ms on each router's outside link (through bench/delay-wire.py). */
    delay: { type: 'string', default: '0' },
    policy: { type: 'string', default: 'all' },
    build: { type: 'string', multiple: true, default: [] },
    networks: { type: 'string', default: 'nat,open' },
    pairs: { type: 'boolean', default: false },
  },
});
const PORT = 4500 + (process.pid % 200);
const S = PORT % 250;
const NS = Object.fromEntries(['wan', 'ra', 'rb', 'ca', 'cb'].map((n) => [n, `moimn-${PORT}-${n}`]));
// veth pairs: wan–router A, wan–router B, router A–Alice, router B–Bob.
const LINKS = [
  { a: ['wan', `mn${PORT}wa`, `10.81.${S}.1`], b: ['ra', `mn${PORT}aw`, `10.81.${S}.2`] },
  { a: ['wan', `mn${PORT}wb`, `10.82.${S}.1`], b: ['rb', `mn${PORT}bw`, `10.82.${S}.2`] },
  { a: ['ra', `mn${PORT}al`, `10.83.${S}.1`], b: ['ca', `mn${PORT}ac`, `10.83.${S}.2`] },
  { a: ['rb', `mn${PORT}bl`, `10.84.${S}.1`], b: ['cb', `mn${PORT}bc`, `10.84.${S}.2`] },
];
/** The moim server's and coturn's address, on the wan namespace's loopback. */
const PUBLIC = `10.80.${S}.1`;
const TURN_PORT = 3478;
const SECRET = 'bench-nat-secret';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const run = (ns, command, args, input) =>
  execFileSync('ip', ['netns', 'exec', NS[ns], command, ...args], { stdio: 'pipe', input });

function removeNamespaces() {
  for (const ns of Object.values(NS)) {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'pipe' }); // takes its veth ends along
    } catch {
      // Not there.
    }
  }
}

/** The NAT of router `r`: `wan` is its outside interface, `lan` its inside one. */
const natRules = (wan, lan) => `
table ip moim_nat {
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "${wan}" masquerade fully-random
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "${lan}" oifname "${wan}" accept
  }
}
`;

/**
 * With `--delay`, the two outside links are TAP pairs joined by bench/delay-wire.py, which
 * hands each frame across that much later (this kernel has no netem); the others are veth.
 */
async function makeNamespaces() {
  removeNamespaces();
  for (const ns of Object.values(NS)) execFileSync('ip', ['netns', 'add', ns]);
  for (const ns of Object.keys(NS)) run(ns, 'ip', ['link', 'set', 'lo', 'up']);
  const delayMs = Number.parseFloat(options.delay);
  const delayed = delayMs > 0 ? LINKS.slice(0, 2) : [];
  if (delayed.length) {
    const wire = spawn(
      'python3',
      [`${root}bench/delay-wire.py`, String(delayMs), ...delayed.flatMap(({ a, b }) => [a[1], b[1]])],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(wire);
    await new Promise((resolve, reject) => {
      wire.stdout.once('data', resolve);
      wire.once('exit', () => reject(new Error('delay-wire.py exited')));
    });
    for (const { a, b } of delayed) {
      for (const [ns, dev] of [a, b]) execFileSync('ip', ['link', 'set', dev, 'netns', NS[ns]]);
    }
  }
  for (const { a, b } of LINKS) {
    if (!delayed.some((link) => link.a === a)) {
      execFileSync('ip', [
        'link',
        'add',
        a[1],
        'netns',
        NS[a[0]],
        'type',
        'veth',
        'peer',
        'name',
        b[1],
        'netns',
        NS[b[0]],
      ]);
    }
    for (const [ns, dev, addr] of [a, b]) {
      run(ns, 'ip', ['addr', 'add', `${addr}/24`, 'dev', dev]);
      run(ns, 'ip', ['link', 'set', dev, 'up']);
    }
  }
  run('wan', 'ip', ['addr', 'add', `${PUBLIC}/32`, 'dev', 'lo']);
  // The wan routes between the routers' outside addresses; it knows no inside network.
  for (const ns of ['wan', 'ra', 'rb']) run(ns, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  run('ra', 'ip', ['route', 'add', 'default', 'via', LINKS[0].a[2]]);
  run('rb', 'ip', ['route', 'add', 'default', 'via', LINKS[1].a[2]]);
  run('ca', 'ip', ['route', 'add', 'default', 'via', LINKS[2].a[2]]);
  run('cb', 'ip', ['route', 'add', 'default', 'via', LINKS[3].a[2]]);
}

/**
 * `nat`: both routers masquerade and let only answers in; `open`: no NAT, and the wan routes
 * to both inside networks, so the browsers' host candidates reach each other (the direct
 * case, with the same servers and ICE settings).
 */
function setNetwork(kind) {
  for (const [router, wan, lan] of [
    ['ra', LINKS[0].b[1], LINKS[2].a[1]],
    ['rb', LINKS[1].b[1], LINKS[3].a[1]],
  ]) {
    run(router, 'nft', ['flush', 'ruleset']);
    if (kind === 'nat') run(router, 'nft', ['-f', '-'], natRules(wan, lan));
  }
  for (const [inside, via] of [
    [`10.83.${S}.0/24`, LINKS[0].b[2]],
    [`10.84.${S}.0/24`, LINKS[1].b[2]],
  ]) {
    run('wan', 'ip', ['route', kind === 'nat' ? 'del' : 'replace', inside, 'via', via]);
  }
}

/**
 * coturn as docs/deploy.md sets it up (UDP and TCP on 3478, `use-auth-secret`, private peers
 * denied), with the addresses that play public ones here allowed as peers.
 */
function startCoturn() {
  const publicPeers = [PUBLIC, LINKS[0].b[2], LINKS[1].b[2]];
  const denied = [
    '0.0.0.0-0.255.255.255',
    '10.0.0.0-10.255.255.255',
    '100.64.0.0-100.127.255.255',
    '127.0.0.0-127.255.255.255',
    '169.254.0.0-169.254.255.255',
    '172.16.0.0-172.31.255.255',
    '192.168.0.0-192.168.255.255',
  ];
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      NS.wan,
      '/usr/bin/turnserver',
      ...turnserverFlags(SECRET),
      `--listening-ip=${PUBLIC}`,
      `--relay-ip=${PUBLIC}`,
      `--listening-port=${TURN_PORT}`,
      '--no-multicast-peers',
      ...denied.map((range) => `--denied-peer-ip=${range}`),
      ...publicPeers.map((address) => `--allowed-peer-ip=${address}`),
      '--min-port=49160',
      '--max-port=49999',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  return { child, ready: () => output.includes('Total General servers'), output: () => output };
}

function startMoim(port, dist) {
  return spawn('ip', ['netns', 'exec', NS.wan, process.execPath, 'apps/server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: PUBLIC,
      LOG_LEVEL: 'silent',
      RATE_LIMIT_SCALE: '1000',
      STUN_URLS: `stun:${PUBLIC}:${TURN_PORT}`,
      TURN_URLS: `turn:${PUBLIC}:${TURN_PORT}?transport=udp,turn:${PUBLIC}:${TURN_PORT}?transport=tcp`,
      TURN_SECRET: SECRET,
      ICE_TRANSPORT_POLICY: options.policy,
      ...(dist ? { WEB_DIST: dist } : {}),
    },
    stdio: 'ignore',
  });
}

function answers(url) {
  try {
    run(
      'ca',
      process.execPath,
      ['-e', `fetch('${url}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
      undefined,
    );
    return true;
  } catch {
    return false;
  }
}

/** Debian's Chromium inside a namespace, through a wrapper script Playwright can start. */
function launchIn(ns, dir, origins) {
  const wrapper = join(dir, `chromium-${ns}`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${NS[ns]} ${CHROMIUM} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return chromium.launch({
    executablePath: wrapper,
    // The camera needs a secure origin: plain http from a non-localhost address is one only when told.
    args: [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origins.join(',')}`],
  });
}

/** Keeps every RTCPeerConnection of the page, with the times of its ICE events. */
function recordPeerConnections() {
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      const events = [];
      window.__pcs.push({ pc: this, events });
      const note = (kind, value) => events.push({ t: Date.now(), kind, value });
      this.addEventListener('icegatheringstatechange', () => note('gathering', this.iceGatheringState));
      this.addEventListener('iceconnectionstatechange', () => note('ice', this.iceConnectionState));
      this.addEventListener('signalingstatechange', () => note('signaling', this.signalingState));
      this.addEventListener('connectionstatechange', () => note('connection', this.connectionState));
      this.addEventListener('icecandidate', (e) => {
        const type = e.candidate?.candidate.match(/ typ (\w+)/)?.[1];
        if (type) note('candidate', `${type}/${e.candidate.protocol}`);
      });
    }
  };
}

/** Per page: links made (with a remote description), the selected pair, ICE events. */
function linkReport(page) {
  return page.evaluate(async () => {
    const links = window.__pcs.filter(({ pc }) => pc.remoteDescription);
    const last = links.at(-1);
    const report = { links: links.length, events: links.map(({ events }) => events) };
    if (last && last.pc.connectionState !== 'closed') {
      const stats = [...(await last.pc.getStats()).values()];
      const byId = (id) => stats.find((s) => s.id === id);
      const transport = stats.find((s) => s.type === 'transport');
      const pair = byId(transport?.selectedCandidatePairId);
      const local = byId(pair?.localCandidateId);
      const remote = byId(pair?.remoteCandidateId);
      report.selected = `${local?.candidateType}(${local?.relayProtocol ?? local?.protocol})/${remote?.candidateType}`;
      report.pairs = stats.filter((s) => s.type === 'candidate-pair').length;
      report.succeeded = stats.filter((s) => s.type === 'candidate-pair' && s.state === 'succeeded').length;
      // Every pair, highest priority first: what ICE had to check before the one that worked.
      report.pairList = stats
        .filter((s) => s.type === 'candidate-pair')
        .sort((a, b) => Number(b.priority ?? 0) - Number(a.priority ?? 0))
        .map((p) => {
          const l = byId(p.localCandidateId);
          const r = byId(p.remoteCandidateId);
          const mark = p.id === pair?.id ? ' <= selected' : '';
          return `${l?.candidateType}/${l?.protocol}${l?.relayProtocol ? `(${l.relayProtocol})` : ''} -> ${r?.candidateType}/${r?.protocol} ${r?.address}: ${p.state}, ${p.requestsSent} sent, ${p.responsesReceived} answered${mark}`;
        });
    }
    return report;
  });
}

const children = [];
if (process.getuid?.() !== 0) {
  console.log('turn-nat: needs root to create network namespaces; nothing measured');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'moim-nat-bench-'));
process.on('exit', removeNamespaces);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));
const networks = options.networks.split(',');
const builds = (options.build.length ? options.build : ['current=']).map((entry, i) => {
  const [label, dist] = entry.split('=');
  return { label, dist: dist || null, port: PORT + 1000 + i };
});
/** One case per build and network, in the order they alternate. */
const cases = builds.flatMap((build) =>
  networks.map((network) => ({
    ...build,
    network,
    label: `${build.label}, ${network}`,
    ms: [],
    timelines: [],
    reports: [],
  })),
);
const browsers = [];
try {
  await makeNamespaces();
  const turn = startCoturn();
  children.push(turn.child);
  for (let tries = 0; !turn.ready(); tries++) {
    if (tries > 100 || turn.child.exitCode !== null) throw new Error(`coturn: ${turn.output().slice(-300)}`);
    await sleep(100);
  }
  setNetwork('open');
  for (const build of builds) {
    children.push(startMoim(build.port, build.dist));
    build.url = `http://${PUBLIC}:${build.port}`;
    for (let tries = 0; !answers(build.url); tries++) {
      if (tries > 100) throw new Error('the moim server did not answer');
      await sleep(200);
    }
  }
  for (const c of cases) c.url = builds.find((b) => b.port === c.port).url;
  const origins = builds.map((b) => b.url);
  const alice = await launchIn('ca', dir, origins);
  browsers.push(alice);
  const bob = await launchIn('cb', dir, origins);
  browsers.push(bob);
  let network = 'open';
  for (let i = 0; i < Number(options.runs); i++) {
    for (const build of i % 2 ? [...cases].reverse() : cases) {
      if (network !== build.network) {
        setNetwork(build.network);
        network = build.network;
      }
      const join = ourFirstFrame(alice, build.url, `nat-${i}`, {
        bobBrowser: bob,
        init: recordPeerConnections,
        inspect: async (a, b) => ({ alice: await linkReport(a), bob: await linkReport(b) }),
      });
      const result = await Promise.race([join, sleep(90_000).then(() => null)]);
      if (!result) {
        console.log(`${build.label} run ${i}: no first frame within 90 s`);
        for (const browser of browsers) for (const context of browser.contexts()) await context.close();
        continue;
      }
      const { ms, timeline, inspected, zero } = result;
      build.ms.push(ms);
      build.timelines.push(timeline);
      build.reports.push({ ms, ...inspected });
      const ice = (events) =>
        events
          .flat()
          .filter((e) => e.kind === 'ice' || (e.kind === 'gathering' && e.value === 'complete'))
          .map((e) => `${e.kind === 'ice' ? e.value : 'gathered'}@${Math.round(e.t - zero)}`)
          .join(' ');
      console.log(
        `${build.label} run ${i}: ${ms} ms; links ${inspected.alice.links}/${inspected.bob.links}; ` +
          `selected ${inspected.alice.selected} / ${inspected.bob.selected}; pairs ${inspected.alice.pairs} (${inspected.alice.succeeded} ok); ` +
          `Alice ICE ${ice(inspected.alice.events)}; Bob ICE ${ice(inspected.bob.events)}`,
      );
      // A link given up and replaced: what each of them went through, and the run's marks.
      if (inspected.alice.links > 1 || inspected.bob.links > 1) {
        for (const [who, report] of [
          ['Alice', inspected.alice],
          ['Bob', inspected.bob],
        ]) {
          report.events.forEach((events, n) => {
            const list = events.map((e) => `${e.kind}:${e.value}@${Math.round(e.t - zero)}`).join(' ');
            console.log(`  ${who}'s link ${n + 1}: ${list}`);
          });
        }
        console.log(
          `  marks: ${JSON.stringify(timeline, (_, v) => (typeof v === 'number' ? Math.round(v) : v))}`,
        );
      }
      if (options.pairs) console.log(`  Alice's pairs:\n    ${inspected.alice.pairList?.join('\n    ')}`);
    }
  }
} finally {
  for (const browser of browsers) await browser.close().catch(() => {});
  for (const child of children) child.kill('SIGKILL');
  await sleep(200);
  removeNamespaces();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\nnat: both behind symmetric NAT; open: direct paths; ${options.delay} ms each way on each outside link, policy ${options.policy}`,
);
console.log('| case | runs | min | p25 | median | p75 | max | runs with a replaced link |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { label, ms, reports } of cases) {
  if (!ms.length) continue;
  const replaced = reports.filter((r) => r.alice.links > 1 || r.bob.links > 1).length;
  const f = (n) => `${Math.round(n)}`;
  console.log(
    `| ${label} | ${ms.length} | ${f(Math.min(...ms))} | ${f(percentile(ms, 25))} | ${f(median(ms))} | ${f(percentile(ms, 75))} | ${f(Math.max(...ms))} | ${replaced} |`,
  );
}
for (const { label, ms, timelines } of cases) {
  if (ms.length) console.log(`\n${label}: ${ms.join(', ')} ms\n${timelineTable(timelines)}`);
}
process.exit(0);
