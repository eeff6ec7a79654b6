// join to first frame, in headless Chromium with fake devices (the mesh is in mesh.mjs).
import { chromium } from '@playwright/test';
import { median, startServer } from './lib.mjs';

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
