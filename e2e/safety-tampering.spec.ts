import { type ChildProcess, spawn } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { freshRoom, joinCall, keepPeerConnections, remoteFigure } from './helpers';
import { stop } from './servers';

// The real server with a hook that forges the DTLS fingerprints it relays (test-only:
// e2e/tampering-server.mjs), on a port of this test's own.
const PORT = Number(process.env.E2E_TAMPER_PORT ?? 4151);
const SERVER = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;
let output = '';
test.beforeAll(async () => {
  server = spawn(process.execPath, ['e2e/tampering-server.mjs'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  await expect.poll(() => output.includes('tampering moim at'), { timeout: 15_000 }).toBe(true);
});
test.afterAll(() => stop(server));

/** Every connection state each RTCPeerConnection of the page went through, in order. */
function connectionStates(page: Page) {
  return page.evaluate(() =>
    (window as unknown as { __pcs: (RTCPeerConnection & { seen?: string[] })[] }).__pcs.map(
      (pc) => pc.seen ?? [],
    ),
  );
}

test('a server that forges the fingerprints it relays gets no call: the browsers refuse to connect', async ({
  person,
}) => {
  const room = freshRoom('forged');
  const alice = await person();
  const bob = await person();
  for (const page of [alice.page, bob.page]) {
    await keepPeerConnections(page);
    // Note each connection's states as they come, so a moment of 'connected' cannot be missed.
    await page.addInitScript(() => {
      const Kept = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends Kept {
        seen: string[] = [];
        constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
          super(...args);
          this.addEventListener('connectionstatechange', () => this.seen.push(this.connectionState));
        }
      } as typeof RTCPeerConnection;
    });
  }
  await joinCall(alice.page, room, 'Alice', SERVER);
  await joinCall(bob.page, room, 'Bob', SERVER);

  // The hook did change what was relayed, both ways...
  await expect.poll(() => output).toContain('forged fingerprint in offer');
  await expect.poll(() => output).toContain('forged fingerprint in answer');
  // ...and DTLS, checking each certificate against the fingerprint it was sent, fails.
  await expect
    .poll(async () => (await connectionStates(alice.page)).some((states) => states.includes('failed')), {
      timeout: 30_000,
    })
    .toBe(true);
  await expect
    .poll(async () => (await connectionStates(bob.page)).some((states) => states.includes('failed')), {
      timeout: 30_000,
    })
    .toBe(true);
  for (const page of [alice.page, bob.page]) {
    expect((await connectionStates(page)).flat()).not.toContain('connected');
  }
  // Neither tile ever shows a picture or a code to compare: the call does not happen.
  for (const [page, name] of [
    [alice.page, 'Bob'],
    [bob.page, 'Alice'],
  ] as const) {
    const figure = remoteFigure(page, name);
    await expect(figure.getByText(/Connecting…|Connection lost/)).toBeVisible();
    await expect(figure.getByRole('button', { name: 'Connection details' })).toHaveCount(0);
    await expect(figure).not.toContainText('Safety code');
    expect(
      await figure.locator('video').evaluate((video) => (video as HTMLVideoElement).videoWidth),
    ).toBeLessThan(160);
  }
});
