// Files in the chat on loopback: throughput between two pages (a file of random bytes,
// from Attach file until the receiver offers the download, hashes included) against a bare
// RTCDataChannel pair in one page with the same chunks and backpressure; and the audio
// packets lost in a three-person call while a large file goes to both others, against the
// same length of call with no transfer.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { median, startServer } from './lib.mjs';

const MB = 1024 * 1024;

/** Every RTCPeerConnection a page makes, kept where the benchmark can read their stats. */
function keepConnections() {
  const Original = window.RTCPeerConnection;
  window.benchConnections = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) {
      super(...args);
      window.benchConnections.push(this);
    }
  };
}

async function person(browser, base, room, name) {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(keepConnections);
  const page = await context.newPage();
  await page.goto(`${base}/r/${room}?name=${name}`);
  await page.getByRole('button', { name: 'Join call' }).click();
  await page.getByRole('figure', { name: `${name} (you)` }).waitFor();
  return page;
}

/** Audio packets received and lost so far, over all of the page's connections. */
function audioPackets(page) {
  return page.evaluate(async () => {
    let received = 0;
    let lost = 0;
    for (const pc of window.benchConnections) {
      if (pc.connectionState !== 'connected') continue;
      for (const s of (await pc.getStats()).values()) {
        if (s.type !== 'inbound-rtp' || s.kind !== 'audio') continue;
        received += s.packetsReceived ?? 0;
        lost += s.packetsLost ?? 0;
      }
    }
    return { received, lost };
  });
}

async function connected(page, others) {
  for (const name of others) {
    const figure = page
      .getByRole('region', { name: 'Participants' })
      .getByRole('figure', { name, exact: true });
    await figure.waitFor();
    await figure.getByText('Connecting…').waitFor({ state: 'detached', timeout: 60_000 });
  }
}

/** Attaches `path` on `sender`; resolves with ms until every receiver offers the download. */
async function sendAndWait(sender, receivers, path, name) {
  const chooser = sender.waitForEvent('filechooser');
  const start = Date.now();
  await sender.getByRole('button', { name: 'Attach file' }).click();
  await (await chooser).setFiles(path);
  await Promise.all(
    receivers.map((page) =>
      page
        .getByRole('link', { name: `Download ${name}` })
        .last()
        .waitFor({ timeout: 300_000 }),
    ),
  );
  return Date.now() - start;
}

/** The same bytes over a bare data-channel pair in one page: 16 KB chunks, 2 MB high mark. */
async function bareThroughput(browser, size) {
  const page = await browser.newPage();
  const ms = await page.evaluate(async (bytes) => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    const channel = a.createDataChannel('bare', { ordered: true });
    const arrived = new Promise((resolve) => {
      b.ondatachannel = ({ channel: incoming }) => {
        let got = 0;
        incoming.binaryType = 'arraybuffer';
        incoming.onmessage = ({ data }) => {
          got += data.byteLength;
          if (got >= bytes) resolve(Date.now());
        };
      };
    });
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
    await new Promise((resolve) => {
      channel.onopen = resolve;
    });
    channel.bufferedAmountLowThreshold = 512 * 1024;
    const chunk = new Uint8Array(16 * 1024);
    const start = Date.now();
    for (let sent = 0; sent < bytes; sent += chunk.byteLength) {
      if (channel.bufferedAmount > 2 * 1024 * 1024) {
        await new Promise((resolve) => {
          channel.onbufferedamountlow = resolve;
        });
      }
      channel.send(chunk);
    }
    const end = await arrived;
    a.close();
    b.close();
    return end - start;
  }, size);
  await page.close();
  return ms;
}

export async function fileTransfer({ quick }) {
  // Quick (CI): 4 MB, so the whole `--quick` run stays short; full: 100 MB between two pages.
  const size = (quick ? 4 : 100) * MB;
  const audioSize = (quick ? 4 : 50) * MB;
  const dir = mkdtempSync(join(tmpdir(), 'moim-bench-files-'));
  const path = join(dir, 'random.bin');
  writeFileSync(path, randomBytes(size));
  const audioPath = join(dir, 'random-audio.bin');
  writeFileSync(audioPath, randomBytes(audioSize));
  const server = await startServer('apps/server/dist/main.js', { RATE_LIMIT_SCALE: '1000' });
  const browser = await launch();
  try {
    const ours = [];
    const bare = [];
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const room = `bench-files-${run}-${Date.now()}`;
      const ann = await person(browser, server.url, room, 'Ann');
      const ben = await person(browser, server.url, room, 'Ben');
      await connected(ann, ['Ben']);
      ours.push(sendAndWait(ann, [ben], path, 'random.bin'));
      ours[run] = await ours[run];
      await ann.context().close();
      await ben.context().close();
      bare.push(await bareThroughput(browser, size));
    }
    const mbps = (ms) => size / MB / (ms / 1000);

    // Three people: audio lost while Ann's file goes to both, and in as long a time without.
    const room = `bench-files-audio-${Date.now()}`;
    const pages = [];
    for (const name of ['Ann', 'Ben', 'Cy']) pages.push(await person(browser, server.url, room, name));
    const [ann, ben, cy] = pages;
    await connected(ann, ['Ben', 'Cy']);
    await connected(ben, ['Ann', 'Cy']);
    await connected(cy, ['Ann', 'Ben']);
    const total = async () => {
      const all = await Promise.all(pages.map(audioPackets));
      return all.reduce((sum, p) => ({ received: sum.received + p.received, lost: sum.lost + p.lost }), {
        received: 0,
        lost: 0,
      });
    };
    const before = await total();
    const ms = await sendAndWait(ann, [ben, cy], audioPath, 'random-audio.bin');
    const during = await total();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = await total();
    const lostDuring = during.lost - before.lost;
    const lostIdle = after.lost - during.lost;
    console.log(
      `\nfile transfer: ${size / MB} MB, two pages ${ours.map((t) => `${mbps(t).toFixed(1)} MB/s`).join(', ')}; bare channel ${bare.map((t) => `${mbps(t).toFixed(1)} MB/s`).join(', ')}` +
        `\n  three pages, ${audioSize / MB} MB to both others in ${(ms / 1000).toFixed(1)} s: audio packets received ${during.received - before.received}, lost ${lostDuring}; the next ${(ms / 1000).toFixed(1)} s without a transfer: received ${after.received - during.received}, lost ${lostIdle}`,
    );
    return [
      {
        name: `file transfer ${size / MB} MB, two pages (incl. hashing) vs bare data channel`,
        value: mbps(median(ours)),
        baseline: mbps(median(bare)),
        unit: 'MB/s',
      },
      {
        name: `audio packets lost in a 3-person call: during ${audioSize / MB} MB to both vs as long without`,
        value: lostDuring,
        baseline: lostIdle,
        unit: 'packets',
      },
    ];
  } finally {
    await browser.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
