import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { BASE_ARGS, CHROMIUM_PATH } from './chromium';
import { expect, test } from './fixtures';
import { expectVideoPlaying, freshRoom, joinCall, keepPeerConnections, remoteFigure } from './helpers';
import { stop } from './servers';

// Two network namespaces of this test's own, joined by a veth pair: the server and two
// browsers in one, and a third browser in the other, whose upload is shaped to 1 Mb/s.
// Names and addresses come from E2E_PORT, so helpers running at once never collide.
const PORT = Number(process.env.E2E_PORT ?? 3999);
const NS = { open: `moim-${PORT}-open`, shaped: `moim-${PORT}-shaped` };
const VETH = { open: `mo${PORT}o`, shaped: `mo${PORT}s` };
const SUBNET = `10.77.${PORT % 250}`;
const ADDR = { open: `${SUBNET}.1`, shaped: `${SUBNET}.2` };
const ORIGIN = `http://${ADDR.open}:${PORT + 2}`;
const UPLOAD = '1mbit';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

function removeNamespaces() {
  for (const ns of Object.values(NS)) {
    try {
      ip('netns', 'del', ns); // takes its end of the veth pair, and so the pair, with it
    } catch {
      // Not there.
    }
  }
}

/** Makes the namespaces and the shaped link; the reason it could not, or null. */
function makeNamespaces(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  try {
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
    for (const side of ['open', 'shaped'] as const) {
      ip('-n', NS[side], 'addr', 'add', `${ADDR[side]}/24`, 'dev', VETH[side]);
      ip('-n', NS[side], 'link', 'set', 'lo', 'up');
      ip('-n', NS[side], 'link', 'set', VETH[side], 'up');
    }
    // Everything the shaped browser sends leaves through its end of the pair.
    execFileSync(
      'ip',
      [
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
        UPLOAD,
        'burst',
        '16kb',
        'latency',
        '200ms',
      ],
      { stdio: 'pipe' },
    );
    return null;
  } catch (error) {
    removeNamespaces();
    const e = error as { code?: string; stderr?: Buffer; message: string };
    return e.code === 'ENOENT' ? 'no `ip` command (iproute2)' : String(e.stderr || e.message).trim();
  }
}

/** Debian's Chromium inside a namespace, through a wrapper script Playwright can start. */
function launchIn(ns: string, dir: string): Promise<Browser> {
  const wrapper = join(dir, `chromium-${ns}`);
  writeFileSync(
    wrapper,
    `#!/bin/sh\nexec ip netns exec ${ns} ${CHROMIUM_PATH ?? '/usr/bin/chromium'} "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  return chromium.launch({
    executablePath: wrapper,
    // The camera needs a secure origin; plain http from a non-localhost address is one only when told (tests only).
    args: [...BASE_ARGS, `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`],
  });
}

function startServerIn(ns: string): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, process.execPath, 'apps/server/dist/main.js'], {
    env: { ...process.env, PORT: String(PORT + 2), HOST: ADDR.open, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
}

function serverAnswers(ns: string): boolean {
  try {
    execFileSync(
      'ip',
      [
        'netns',
        'exec',
        ns,
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

/** What a page receives from the participant at `address`: video frames decoded, audio packets, bytes. */
function receivedFrom(page: Page, address: string) {
  return page.evaluate(async (remote) => {
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState !== 'connected') continue;
      const stats = [...(await pc.getStats()).values()];
      const transport = stats.find((s) => s.type === 'transport');
      const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
      if (stats.find((s) => s.id === pair?.remoteCandidateId)?.address !== remote) continue;
      const video = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
      const audio = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
      return {
        frames: (video?.framesDecoded as number) ?? 0,
        width: (video?.frameWidth as number) ?? 0,
        packets: (audio?.packetsReceived as number) ?? 0,
        bytes: ((video?.bytesReceived as number) ?? 0) + ((audio?.bytesReceived as number) ?? 0),
        at: Date.now(),
      };
    }
    return null;
  }, address);
}

test('behind a 1 Mb/s upload, a participant is still seen and heard by the other two', async () => {
  test.setTimeout(180_000);
  const problem = makeNamespaces();
  test.skip(problem !== null, `network namespaces unavailable: ${problem}`);
  const dir = mkdtempSync(join(tmpdir(), 'moim-shaped-'));
  const browsers: Browser[] = [];
  let server: ChildProcess | undefined;
  try {
    server = startServerIn(NS.open);
    await expect.poll(() => serverAnswers(NS.open), { timeout: 20_000 }).toBe(true);
    const open = await launchIn(NS.open, dir);
    browsers.push(open);
    const shaped = await launchIn(NS.shaped, dir);
    browsers.push(shaped);
    const newPage = async (browser: Browser) =>
      (await browser.newContext({ permissions: ['camera', 'microphone'] })).newPage();
    const alice = await newPage(open);
    const bob = await newPage(open);
    const sam = await newPage(shaped);
    await keepPeerConnections(alice);
    await keepPeerConnections(bob);

    const room = freshRoom('shaped');
    await joinCall(alice, room, 'Alice', ORIGIN);
    await joinCall(bob, room, 'Bob', ORIGIN);
    await joinCall(sam, room, 'Sam', ORIGIN);
    for (const page of [alice, bob]) await expectVideoPlaying(remoteFigure(page, 'Sam'));

    // For a while, every look finds more of Sam's audio, and more of his video every few looks.
    for (const page of [alice, bob]) {
      const first = await receivedFrom(page, ADDR.shaped);
      expect(first).not.toBeNull();
      let last = first as NonNullable<typeof first>;
      for (let look = 1; look <= 12; look++) {
        const previous = last;
        await expect
          .poll(async () => (await receivedFrom(page, ADDR.shaped))?.packets ?? 0, { timeout: 3_000 })
          .toBeGreaterThan(previous.packets);
        last = (await receivedFrom(page, ADDR.shaped)) ?? previous;
        if (look % 4 === 0) {
          await expect
            .poll(async () => (await receivedFrom(page, ADDR.shaped))?.frames ?? 0, { timeout: 5_000 })
            .toBeGreaterThan(previous.frames);
        }
      }
      const seconds = (last.at - (first?.at ?? 0)) / 1000;
      const mbps = ((last.bytes - (first?.bytes ?? 0)) * 8) / seconds / 1e6;
      const fps = (last.frames - (first?.frames ?? 0)) / seconds;
      test.info().annotations.push({
        type: 'received from the shaped link',
        description: `${mbps.toFixed(2)} Mb/s, ${fps.toFixed(1)} fps at ${last.width} px wide over ${seconds.toFixed(0)} s`,
      });
      // The shaper works: what Sam sends to one of two peers stays under his whole upload.
      expect(mbps).toBeLessThan(1.2);
    }
  } finally {
    for (const browser of browsers) await browser.close().catch(() => {});
    stop(server);
    removeNamespaces();
    rmSync(dir, { recursive: true, force: true });
  }
});
