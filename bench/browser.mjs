// join to first frame, in headless Chromium with fake devices (the mesh is in mesh.mjs).

import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { median, startCoturn, startServer } from './lib.mjs';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-device-for-media-stream',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
}

/**
 * How long a person looks at the lobby before clicking: nobody joins within milliseconds of
 * the page opening, and both moim and the bare pages get the same time to settle.
 */
const LOBBY_MS = 1000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function person(browser, url, init) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  if (init) await context.addInitScript(init);
  // BENCH_ADAPTATION=off: moim's pages with the sending ladder off (to see what it costs a join).
  if (process.env.BENCH_ADAPTATION === 'off')
    await context.addInitScript(() => localStorage.setItem('moim:adaptation', 'off'));
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/**
 * Resolves with Date.now() at the first decoded frame of every remote video the page shows,
 * `expected` of them (videos matching `selector`).
 */
function firstFrames(page, expected, selector = 'figure:not([aria-label$="(you)"]) video') {
  return page.evaluate(
    ([count, css]) =>
      new Promise((resolve) => {
        const seen = new Map();
        const check = () => {
          for (const video of document.querySelectorAll(css)) {
            if (seen.has(video) || !video.srcObject) continue;
            seen.set(video, null);
            video.requestVideoFrameCallback(() => {
              seen.set(video, Date.now());
              const times = [...seen.values()].filter((t) => t !== null);
              if (times.length >= count) resolve(Math.max(...times));
            });
          }
          if ([...seen.values()].filter((t) => t !== null).length < count) setTimeout(check, 10);
        };
        check();
      }),
    [expected, selector],
  );
}

/** The page's `moim:` marks (call/timeline.ts), as Date.now() times, by moment. */
function moments(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((mark) => mark.name.startsWith('moim:'))
        .map((mark) => [mark.name.slice(5), performance.timeOrigin + mark.startTime]),
    ),
  );
}

/**
 * One moim join: Alice is in the call, Bob clicks Join; the time until both show a first
 * frame, and the timeline. Options: `bobBrowser` (Bob in another browser than Alice's),
 * `init` (a script for both pages before theirs) and `inspect(alice, bob)`, whose result
 * comes back as `inspected`, read before the pages close.
 */
export async function ourFirstFrame(browser, base, run, { bobBrowser = browser, init, inspect } = {}) {
  const room = `bench-frame-${run}-${Date.now()}`;
  const alice = await person(browser, `${base}/r/${room}?name=Alice`, init);
  await alice.getByRole('button', { name: 'Join call' }).click();
  await alice.getByRole('figure', { name: 'Alice (you)' }).waitFor();
  const bob = await person(bobBrowser, `${base}/r/${room}?name=Bob`, init);
  await bob.getByLabel('Camera preview').waitFor();
  await sleep(LOBBY_MS);
  // Alice's marks of her own join are not part of Bob's.
  await alice.evaluate(() => performance.clearMarks());
  const frames = Promise.all([firstFrames(alice, 1), firstFrames(bob, 1)]);
  const start = Date.now();
  await bob.getByRole('button', { name: 'Join call' }).click();
  const [aliceFrame, bobFrame] = await frames;
  const [aliceMoments, bobMoments] = await Promise.all([moments(alice), moments(bob)]);
  const inspected = inspect ? await inspect(alice, bob) : undefined;
  await alice.context().close();
  await bob.context().close();
  const zero = bobMoments['join-click'] ?? start;
  const relative = (list) => Object.fromEntries(Object.entries(list).map(([name, t]) => [name, t - zero]));
  return {
    ms: Math.max(aliceFrame, bobFrame) - start,
    inspected,
    /** The newcomer's click, as Date.now(): the timeline's zero. */
    zero,
    timeline: {
      newcomer: { ...relative(bobMoments), 'first-frame': bobFrame - zero },
      present: { ...relative(aliceMoments), 'first-frame': aliceFrame - zero },
    },
  };
}

/**
 * The bare relay baseline: the same join on two pages of bench/bare-mesh (raw
 * RTCPeerConnection, a relay of a few lines), both directions. `size` is the camera size
 * asked for (the browser's default, or moim's 1280x720).
 */
export async function bareFirstFrame(browser, base, run, size) {
  const room = `bench-bare-${run}-${Date.now()}`;
  const query = size ? `&w=${size.width}&h=${size.height}&fps=30` : '';
  const [alice, bob] = [
    await person(browser, `${base}/?room=${room}${query}`),
    await person(browser, `${base}/?room=${room}${query}`),
  ];
  for (const page of [alice, bob]) await page.waitForFunction(() => document.title === 'ready');
  await alice.evaluate(() => window.join());
  await sleep(LOBBY_MS);
  const frames = Promise.all([firstFrames(alice, 1, 'video'), firstFrames(bob, 1, 'video')]);
  const start = Date.now();
  await bob.evaluate(() => window.join());
  const done = Math.max(...(await frames));
  await alice.context().close();
  await bob.context().close();
  return done - start;
}

/** The floor: two RTCPeerConnections in one page, offer, answer and candidates handed over directly. */
async function floorFirstFrame(browser, base) {
  const page = await person(browser, `${base}/healthz`);
  const ms = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const start = performance.now();
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    const frame = new Promise((resolve) => {
      b.ontrack = (e) => {
        if (video.srcObject) return;
        video.srcObject = e.streams[0];
        video.play();
        video.requestVideoFrameCallback(() => resolve(performance.now()));
      };
    });
    for (const track of stream.getTracks()) a.addTrack(track, stream);
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription);
    return (await frame) - start;
  });
  await page.context().close();
  return ms;
}

const MOMENTS = {
  newcomer: [
    'join-click',
    'join-ack',
    'link-created',
    'offer-sent',
    'candidate-sent',
    'relay-candidate-sent',
    'answer-received',
    'relay-candidate-received',
    'track-received',
    'ice-connected',
    'dtls-connected',
    'channel-open',
    'first-frame',
  ],
  present: [
    'offer-received',
    'link-created',
    'answer-sent',
    'candidate-received',
    'relay-candidate-received',
    'relay-candidate-sent',
    'track-received',
    'ice-connected',
    'dtls-connected',
    'channel-open',
    'first-frame',
  ],
};

/** The median time of each moment after the newcomer's click, per side, over the runs. */
export function timelineTable(timelines) {
  const lines = ['| side | moment | ms after the click (median) |', '| --- | --- | ---: |'];
  for (const [side, names] of Object.entries(MOMENTS)) {
    for (const name of names) {
      const times = timelines.map((t) => t[side][name]).filter((t) => t !== undefined);
      if (times.length) lines.push(`| ${side} | ${name} | ${median(times).toFixed(0)} |`);
    }
  }
  return lines.join('\n');
}

/**
 * The relayed case (issue #15): the same moim build behind a second server that hands out
 * coturn on loopback with `ICE_TRANSPORT_POLICY=relay`, so every candidate is a relay one.
 * Null where coturn is not installed. Not in the quick run.
 */
async function startRelayed() {
  if (!existsSync('/usr/bin/turnserver')) return null;
  const secret = 'bench-turn-secret';
  const turn = await startCoturn(secret);
  const server = await startServer('apps/server/dist/main.js', {
    RATE_LIMIT_SCALE: '1000',
    TURN_URLS: `turn:127.0.0.1:${turn.port}?transport=udp`,
    TURN_SECRET: secret,
    ICE_TRANSPORT_POLICY: 'relay',
  });
  return {
    url: server.url,
    stop: () => {
      server.stop();
      turn.stop();
    },
  };
}

export async function joinToFirstFrame({ quick }) {
  const server = await startServer('apps/server/dist/main.js', { RATE_LIMIT_SCALE: '1000' });
  const bare = await startServer('bench/bare-mesh/relay.mjs');
  const relayed = quick ? null : await startRelayed();
  const browser = await launch();
  try {
    const ours = [];
    const timelines = [];
    const throughTurn = [];
    const turnTimelines = [];
    const floor = [];
    const bareDefault = [];
    const bare720 = [];
    // Alternating, so each sees the same machine load.
    for (let run = 0; run < (quick ? 1 : 6); run++) {
      floor.push(await floorFirstFrame(browser, server.url));
      bareDefault.push(await bareFirstFrame(browser, bare.url, run));
      bare720.push(await bareFirstFrame(browser, bare.url, run, { width: 1280, height: 720 }));
      const { ms, timeline } = await ourFirstFrame(browser, server.url, run);
      ours.push(ms);
      timelines.push(timeline);
      if (relayed) {
        const { ms, timeline } = await ourFirstFrame(browser, relayed.url, `turn-${run}`);
        throughTurn.push(ms);
        turnTimelines.push(timeline);
      }
    }
    console.log(`\njoin timeline, ${ours.length} runs\n${timelineTable(timelines)}`);
    if (relayed) {
      console.log(
        `\njoin timeline through TURN (relay policy, coturn on loopback), ${throughTurn.length} runs (${throughTurn.map((t) => t.toFixed(0)).join(', ')} ms; direct ${ours.map((t) => t.toFixed(0)).join(', ')} ms)\n${timelineTable(turnTimelines)}`,
      );
    }
    const value = median(ours);
    const rows = [
      {
        name: 'join to first frame (both sides) vs bare relay',
        value,
        baseline: median(bareDefault),
        unit: 'ms',
        target: '<= 1.2x bare relay',
        met: value <= 1.2 * median(bareDefault),
      },
      {
        name: 'join to first frame vs bare relay asking 1280x720',
        value,
        baseline: median(bare720),
        unit: 'ms',
      },
      {
        name: 'join to first frame vs in-page floor',
        value,
        baseline: median(floor),
        unit: 'ms',
      },
    ];
    if (relayed) {
      rows.push({
        name: 'join to first frame through TURN (relay policy) vs direct',
        value: median(throughTurn),
        baseline: value,
        unit: 'ms',
        target: '<= direct + 1 s',
        met: median(throughTurn) <= value + 1000,
      });
    }
    return rows;
  } finally {
    await browser.close();
    server.stop();
    bare.stop();
    relayed?.stop();
  }
}
