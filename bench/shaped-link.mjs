// One participant behind a 1 Mb/s upload in a three-person call: what the other two receive
// from it. Two network namespaces of this script's own, joined by a veth pair: the server and
// two browsers (Alice, Bob) in one, a third browser (Sam) in the other, whose upload is shaped
// with `tc tbf`. Everything is removed afterwards. Needs root, iproute2 and `pnpm build`.
// Prints figures, asserts nothing:
//
//   node bench/shaped-link.mjs [--runs 3] [--upload 1mbit] [--seconds 12]
//
// Per receiver and run: received Mb/s, fps and width of Sam's video, the longest time with no
// new audio packet from Sam, and the longest time with no new video frame (sampled in the
// page every 500 ms, from the receiving RTCPeerConnection's getStats: about 500 ms when
// nothing ever stops).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, median, root } from './lib.mjs';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    upload: { type: 'string', default: '1mbit' },
    seconds: { type: 'string', default: '12' },
  },
});
const PORT = 4300 + (process.pid % 200);
const NS = { open: `moimb-${PORT}-open`, shaped: `moimb-${PORT}-shaped` };
const VETH = { open: `mb${PORT}o`, shaped: `mb${PORT}s` };
const SUBNET = `10.78.${PORT % 250}`;
const ADDR = { open: `${SUBNET}.1`, shaped: `${SUBNET}.2` };
const ORIGIN = `http://${ADDR.open}:${PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SAMPLE_MS = 500;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const ip = (...args) => execFileSync('ip', args, { stdio: 'pipe' });

function removeNamespaces() {
  for (const ns of Object.values(NS)) {
    try {
      ip('netns', 'del', ns); // takes its end of the veth pair, and so the pair, with it
    } catch {
      // Not there.
    }
  }
}

function makeNamespaces() {
  removeNamespaces();
  ip('netns', 'add', NS.open);
  ip('netns', 'add', NS.shaped);
  ip(
    'link',
    'add',
    VETH.open,
    'netns',
    NS.open,
    'type',
    'veth',
    'peer',
    'name',
    VETH.shaped,
    'netns',
    NS.shaped,
  );
  for (const side of ['open', 'shaped']) {
    ip('-n', NS[side], 'addr', 'add', `${ADDR[side]}/24`, 'dev', VETH[side]);
    ip('-n', NS[side], 'link', 'set', 'lo', 'up');
    ip('-n', NS[side], 'link', 'set', VETH[side], 'up');
  }
  // Everything the shaped browser sends leaves through its end of the pair.
  ip(
    'netns',
    'exec',
    NS.shaped,
    'tc',
    'qdisc',
    'add',
    'dev',
    VETH.shaped,
    'root',
    'tbf',
    'rate',
    options.upload,
    'burst',
    '16kb',
    'latency',
    '200ms',
  );
}

/** Debian's Chromium inside a namespace, through a wrapper script Playwright can start. */
function launchIn(ns, dir) {
  const wrapper = join(dir, `chromium-${ns}`);
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${CHROMIUM} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return chromium.launch({
    executablePath: wrapper,
    // The camera needs a secure origin: plain http from a non-localhost address is one only when told.
    args: [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`],
  });
}

function serverAnswers() {
  try {
    execFileSync(
      'ip',
      [
        'netns',
        'exec',
        NS.open,
        process.execPath,
        '-e',
        `fetch('${ORIGIN}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
}

function keepPeerConnections() {
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      window.__pcs.push(this);
    }
  };
}

async function joinRoom(page, room, name) {
  await page.goto(`${ORIGIN}/r/${room}?name=${name}`);
  await page.getByRole('button', { name: 'Join call' }).click();
  await page.getByRole('figure', { name: `${name} (you)` }).waitFor();
}

/** Waits until the page decodes a real picture from the participant at `address`. */
function waitForPicture(page, address) {
  return page.waitForFunction(
    async (remote) => {
      for (const pc of window.__pcs) {
        if (pc.connectionState !== 'connected') continue;
        const stats = [...(await pc.getStats()).values()];
        const transport = stats.find((s) => s.type === 'transport');
        const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
        if (stats.find((s) => s.id === pair?.remoteCandidateId)?.address !== remote) continue;
        const video = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
        return (video?.frameWidth ?? 0) >= 160;
      }
      return false;
    },
    address,
    { timeout: 90_000, polling: 500 },
  );
}

/** Samples, in the page, what it receives from `address` every 500 ms for `count` samples. */
function sample(page, address, count) {
  return page.evaluate(
    async ([remote, n, every]) => {
      const read = async () => {
        for (const pc of window.__pcs) {
          if (pc.connectionState !== 'connected') continue;
          const stats = [...(await pc.getStats()).values()];
          const transport = stats.find((s) => s.type === 'transport');
          const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
          if (stats.find((s) => s.id === pair?.remoteCandidateId)?.address !== remote) continue;
          const video = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
          const audio = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
          return {
            frames: video?.framesDecoded ?? 0,
            width: video?.frameWidth ?? 0,
            packets: audio?.packetsReceived ?? 0,
            bytes: (video?.bytesReceived ?? 0) + (audio?.bytesReceived ?? 0),
            at: audio?.timestamp ?? Date.now(),
          };
        }
        return null;
      };
      const samples = [];
      while (samples.length < n) {
        samples.push(await read());
        await new Promise((done) => setTimeout(done, every));
      }
      return samples;
    },
    [address, count, SAMPLE_MS],
  );
}

/**
 * The longest time, in ms, between two samples that saw `field` grow (one sample per report,
 * every 500 ms: a stream that never stops shows about 500).
 */
function longestStill(samples, field) {
  let longest = 0;
  let since = samples[0]?.at ?? 0;
  for (const [i, s] of samples.entries()) {
    if (i === 0 || s[field] <= samples[i - 1][field]) continue;
    longest = Math.max(longest, s.at - since);
    since = s.at;
  }
  return Math.max(longest, (samples.at(-1)?.at ?? since) - since);
}

async function runOnce(dir) {
  const server = spawn('ip', ['netns', 'exec', NS.open, process.execPath, 'apps/server/dist/main.js'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), HOST: ADDR.open, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  const browsers = [];
  try {
    for (let tries = 0; !serverAnswers(); tries++) {
      if (tries > 100) throw new Error('the server did not answer');
      await sleep(200);
    }
    const open = await launchIn(NS.open, dir);
    browsers.push(open);
    const shaped = await launchIn(NS.shaped, dir);
    browsers.push(shaped);
    const newPage = async (browser) => {
      const page = await (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
      await page.addInitScript(keepPeerConnections);
      return page;
    };
    const [alice, bob, sam] = [await newPage(open), await newPage(open), await newPage(shaped)];
    const room = `shaped-${Date.now()}`;
    await joinRoom(alice, room, 'Alice');
    await joinRoom(bob, room, 'Bob');
    await joinRoom(sam, room, 'Sam');
    await Promise.all([alice, bob].map((page) => waitForPicture(page, ADDR.shaped)));
    const count = Math.round((Number(options.seconds) * 1000) / SAMPLE_MS);
    const series = await Promise.all([alice, bob].map((page) => sample(page, ADDR.shaped, count)));
    return series.map((raw, i) => {
      const got = raw.filter((s, j) => s !== null && s.at !== raw[j - 1]?.at);
      const first = got[0];
      const last = got.at(-1);
      const seconds = (last.at - first.at) / 1000;
      return {
        receiver: i === 0 ? 'Alice' : 'Bob',
        mbps: ((last.bytes - first.bytes) * 8) / seconds / 1e6,
        fps: (last.frames - first.frames) / seconds,
        width: last.width,
        audioGapMs: longestStill(got, 'packets'),
        videoGapMs: longestStill(got, 'frames'),
        missing: raw.length - got.length,
      };
    });
  } finally {
    for (const browser of browsers) await browser.close().catch(() => {});
    server.kill('SIGKILL');
  }
}

if (process.getuid?.() !== 0) {
  console.log('shaped link: needs root to create network namespaces; nothing measured');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'moim-shaped-bench-'));
process.on('exit', removeNamespaces);
const rows = [];
try {
  makeNamespaces();
  for (let run = 0; run < Number(options.runs); run++) {
    try {
      for (const row of await runOnce(dir)) rows.push({ run, ...row });
    } catch (error) {
      console.log(`run ${run} failed: ${error.message.split('\n')[0]}`);
    }
  }
} finally {
  removeNamespaces();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `\nSam behind a ${options.upload} upload, ${options.seconds} s after his video is up at both others`,
);
console.log('| run | receiver | received Mb/s | fps | width | longest audio gap | longest video gap |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.run} | ${r.receiver} | ${r.mbps.toFixed(2)} | ${r.fps.toFixed(1)} | ${r.width} | ${Math.round(r.audioGapMs)} ms | ${Math.round(r.videoGapMs)} ms |`,
  );
}
if (rows.length) {
  console.log(
    `medians: ${median(rows.map((r) => r.fps)).toFixed(1)} fps, longest audio gap ${Math.round(median(rows.map((r) => r.audioGapMs)))} ms (worst ${Math.round(Math.max(...rows.map((r) => r.audioGapMs)))} ms)`,
  );
}
