// `node bench/sdp-sizes.mjs`: sizes of the signals a real negotiation sends, from Debian's
// Chromium and Firefox ESR (audio + video + data channel, as a call does), to size the
// signal byte budgets in packages/protocol/src/limits.ts. Prints figures; asserts nothing.
import { createServer } from 'node:http';
import { chromium } from '@playwright/test';
import puppeteer from 'puppeteer-core';

const PAGE = `<!doctype html><meta charset="utf-8"><script>
async function measure() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const candidates = [];
  a.onicecandidate = (e) => { if (e.candidate) { candidates.push(JSON.stringify(e.candidate).length); b.addIceCandidate(e.candidate); } };
  b.onicecandidate = (e) => { if (e.candidate) { candidates.push(JSON.stringify(e.candidate).length); a.addIceCandidate(e.candidate); } };
  a.createDataChannel('moim');
  for (const track of stream.getTracks()) a.addTrack(track, stream);
  const sizes = {};
  const negotiate = async (label) => {
    const offer = await a.createOffer();
    await a.setLocalDescription(offer);
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    await b.setLocalDescription(answer);
    await a.setRemoteDescription(answer);
    sizes[label + ' offer'] = JSON.stringify({ type: 'offer', sdp: offer.sdp }).length;
    sizes[label + ' answer'] = JSON.stringify({ type: 'answer', sdp: answer.sdp }).length;
  };
  await negotiate('first');
  // The answerer sends its own media back (a renegotiation, as simple-peer's sendrecv switch does).
  for (const track of stream.getTracks()) b.addTrack(track, stream);
  const back = await b.createOffer();
  await b.setLocalDescription(back);
  await a.setRemoteDescription(back);
  const backAnswer = await a.createAnswer();
  await a.setLocalDescription(backAnswer);
  await b.setRemoteDescription(backAnswer);
  sizes['renegotiation offer'] = JSON.stringify({ type: 'offer', sdp: back.sdp }).length;
  sizes['renegotiation answer'] = JSON.stringify({ type: 'answer', sdp: backAnswer.sdp }).length;
  // A second screen-like video track: one more m-line.
  const canvas = document.createElement('canvas');
  canvas.getContext('2d').fillRect(0, 0, 10, 10);
  a.addTrack(canvas.captureStream(5).getVideoTracks()[0], stream);
  await negotiate('third (extra video)');
  await new Promise((r) => setTimeout(r, 1500));
  sizes['candidates (count)'] = candidates.length;
  sizes['candidate max'] = Math.max(...candidates);
  sizes['candidates total'] = candidates.reduce((x, y) => x + y, 0);
  return sizes;
}
</script>`;

const server = createServer((_req, res) => res.end(PAGE)).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const chrome = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
});
const page = await (await chrome.newContext()).newPage();
await page.goto(url);
console.log('Chromium', await page.evaluate(() => globalThis.measure()));
await chrome.close();

const firefox = await puppeteer.launch({
  browser: 'firefox',
  executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
  headless: true,
  extraPrefsFirefox: {
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
  },
});
const fox = await firefox.newPage();
await fox.goto(url);
console.log('Firefox', await fox.evaluate(() => globalThis.measure()));
await firefox.close();
server.close();
