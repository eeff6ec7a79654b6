import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectVideoPlaying, freshRoom, joinCall, keepPeerConnections, remoteFigure } from './helpers';

/**
 * Counters of the peer connection in `page` that leads to `other` (found by the DTLS
 * fingerprint `other` offers on its side), summed over that connection's video streams.
 */
async function videoCounters(page: Page, other: Page) {
  const theirs = await other.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
      .filter((pc) => pc.connectionState === 'connected')
      .flatMap((pc) => pc.localDescription?.sdp.match(/a=fingerprint:\S+ \S+/g) ?? []),
  );
  return page.evaluate(async (fingerprints) => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter(
      (pc) =>
        pc.connectionState === 'connected' &&
        fingerprints.some((line) => pc.remoteDescription?.sdp.includes(line)),
    );
    if (pcs.length !== 1) return null;
    const counters = { bytesSent: 0, framesDecoded: 0 };
    for (const stat of (await pcs[0]?.getStats())?.values() ?? []) {
      if (stat.kind !== 'video') continue;
      if (stat.type === 'outbound-rtp') counters.bytesSent += stat.bytesSent ?? 0;
      if (stat.type === 'inbound-rtp') counters.framesDecoded += stat.framesDecoded ?? 0;
    }
    return counters;
  }, theirs);
}

/** How much a counter grew since the previous call: polled, it reads 0 once it stopped. */
function growth(read: () => Promise<number | null>) {
  let last: number | null = null;
  return async () => {
    const now = await read();
    const grew = now === null || last === null ? null : now - last;
    last = now;
    return grew;
  };
}

test('a minimised tile stops its video on that one link, and restoring it brings frames back', async ({
  person,
}) => {
  test.setTimeout(120_000);
  const room = freshRoom('adaptive');
  const [alice, bob, carol] = [await person(), await person(), await person()];
  for (const { page } of [alice, bob, carol]) await keepPeerConnections(page);
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  await joinCall(carol.page, room, 'Carol');
  for (const [page, names] of [
    [alice.page, ['Bob', 'Carol']],
    [bob.page, ['Alice', 'Carol']],
    [carol.page, ['Alice', 'Bob']],
  ] as const) {
    for (const name of names) await expectVideoPlaying(remoteFigure(page, name));
  }

  const toCarol = growth(async () => (await videoCounters(alice.page, carol.page))?.bytesSent ?? null);
  const toBob = growth(async () => (await videoCounters(alice.page, bob.page))?.bytesSent ?? null);
  const poll = { intervals: [1000], timeout: 20_000 };

  // Carol minimises Alice: Alice stops sending video to Carol, and only to Carol.
  const minimise = remoteFigure(carol.page, 'Alice').getByRole('button', { name: 'Minimise Alice' });
  await minimise.click();
  await expect(minimise).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(toCarol, poll).toBe(0);
  // Still stopped a second later, while the link to Bob carries on.
  await expect.poll(toCarol, poll).toBe(0);
  await expect.poll(toBob, poll).toBeGreaterThan(0);

  // Restored: frames from Alice are decoded at Carol's again, and her tile plays.
  const decodedAtCarol = growth(
    async () => (await videoCounters(carol.page, alice.page))?.framesDecoded ?? null,
  );
  await decodedAtCarol();
  await minimise.click();
  await expect(minimise).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(decodedAtCarol, poll).toBeGreaterThan(0);
  await expectVideoPlaying(remoteFigure(carol.page, 'Alice'));
  await expect.poll(toCarol, poll).toBeGreaterThan(0);
});

test('a page in the background stops receiving video, and gets it back when shown', async ({ person }) => {
  test.setTimeout(120_000);
  const room = freshRoom('adaptive-hidden');
  const [alice, bob] = [await person(), await person()];
  for (const { page } of [alice, bob]) await keepPeerConnections(page);
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));

  const toBob = growth(async () => (await videoCounters(alice.page, bob.page))?.bytesSent ?? null);
  const poll = { intervals: [1000], timeout: 20_000 };
  // Headless pages never go to the background by themselves: tell Bob's page it did.
  const setHidden = (hidden: boolean) =>
    bob.page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (value ? 'hidden' : 'visible'),
      });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await expect.poll(toBob, poll).toBe(0);
  await expect.poll(toBob, poll).toBe(0);
  await setHidden(false);
  await expect.poll(toBob, poll).toBeGreaterThan(0);
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
});
