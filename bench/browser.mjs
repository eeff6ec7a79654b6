// join to first frame, and the 4-party mesh, in headless Chromium with fake devices.
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { cpuSeconds, median, startServer } from './lib.mjs';

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

async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
}

async function person(browser, url) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Resolves with Date.now() at the first decoded frame of every remote video the page will show, `expected` of them. */
function firstFrames(page, expected) {
  return page.evaluate(
    (count) =>
      new Promise((resolve) => {
        const seen = new Map();
        const check = () => {
          for (const video of document.querySelectorAll('figure:not([aria-label$="(you)"]) video')) {
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
    expected,
  );
}

async function ourFirstFrame(browser, base, run) {
  const room = `bench-frame-${run}-${Date.now()}`;
  const alice = await person(browser, `${base}/r/${room}?name=Alice`);
  await alice.getByRole('button', { name: 'Join call' }).click();
  await alice.getByRole('figure', { name: 'Alice (you)' }).waitFor();
  const bob = await person(browser, `${base}/r/${room}?name=Bob`);
  await bob.getByLabel('Camera preview').waitFor();
  const frames = Promise.all([firstFrames(alice, 1), firstFrames(bob, 1)]);
  const start = Date.now();
  await bob.getByRole('button', { name: 'Join call' }).click();
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

export async function joinToFirstFrame({ quick }) {
  const server = await startServer('apps/server/dist/main.js', { RATE_LIMIT_SCALE: '1000' });
  const browser = await launch();
  try {
    const ours = [];
    const floor = [];
    for (let run = 0; run < (quick ? 1 : 5); run++) {
      floor.push(await floorFirstFrame(browser, server.url));
      ours.push(await ourFirstFrame(browser, server.url, run));
    }
    return [
      {
        name: 'join to first frame (both sides)',
        value: median(ours),
        baseline: median(floor),
        unit: 'ms',
        target: '<= floor + 300 ms',
        met: median(ours) <= median(floor) + 300,
      },
    ];
  } finally {
    await browser.close();
    server.stop();
  }
}

function chromiumPids() {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium');
      } catch {
        return false;
      }
    });
}

export async function mesh({ quick }) {
  const server = await startServer('apps/server/dist/main.js', { RATE_LIMIT_SCALE: '1000' });
  const browser = await launch();
  try {
    const room = `bench-mesh-${Date.now()}`;
    const names = ['Ana', 'Ben', 'Cho', 'Dev'];
    const pages = [];
    for (const name of names.slice(0, 3)) {
      const page = await person(browser, `${server.url}/r/${room}?name=${name}`);
      await page.getByRole('button', { name: 'Join call' }).click();
      await page.getByRole('figure', { name: `${name} (you)` }).waitFor();
      pages.push(page);
    }
    const last = await person(browser, `${server.url}/r/${room}?name=Dev`);
    await last.getByLabel('Camera preview').waitFor();
    pages.push(last);
    const frames = Promise.all(pages.map((page) => firstFrames(page, 3)));
    const start = Date.now();
    await last.getByRole('button', { name: 'Join call' }).click();
    const upMs = Math.max(...(await frames)) - start;

    const window = quick ? 5 : 20;
    const pids = chromiumPids();
    const cpuBefore = cpuSeconds(pids);
    await new Promise((resolve) => setTimeout(resolve, window * 1000));
    const cpuPerParticipant = (cpuSeconds(pids) - cpuBefore) / 4;
    return [
      {
        name: '4-party mesh: all 12 videos up after the last join',
        value: upMs,
        baseline: null,
        unit: 'ms',
        target: '<= 3000 ms',
        met: upMs <= 3000,
      },
      {
        name: `4-party mesh: CPU per participant over ${window} s`,
        value: cpuPerParticipant,
        baseline: null,
        unit: 'CPU s',
      },
    ];
  } finally {
    await browser.close();
    server.stop();
  }
}
