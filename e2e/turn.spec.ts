import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectVideoPlaying, freshRoom, keepPeerConnections, remoteFigure } from './helpers';
import { startCoturn, startMoim, stop } from './servers';

const MOIM_PORT = 3995;
const TURN_PORT = 34780;
const BASE = `http://127.0.0.1:${MOIM_PORT}`;
const SECRET = 'e2e-turn-secret';

let moim: ChildProcess | undefined;
let turn: ChildProcess | undefined;
test.afterEach(() => {
  stop(moim);
  stop(turn);
});

/** The candidate types of the pair each connected RTCPeerConnection of the page is using. */
function selectedCandidateTypes(page: Page) {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const types: string[] = [];
    for (const pc of pcs.filter((candidate) => candidate.connectionState === 'connected')) {
      const stats = [...(await pc.getStats()).values()];
      const transport = stats.find((s) => s.type === 'transport');
      const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
      const local = stats.find((s) => s.id === pair?.localCandidateId);
      const remote = stats.find((s) => s.id === pair?.remoteCandidateId);
      types.push(`${local?.candidateType}/${remote?.candidateType}`);
    }
    return types;
  });
}

async function join(page: Page, room: string, name: string) {
  await page.goto(`${BASE}/r/${room}?name=${name}`);
  await page.getByRole('button', { name: 'Join call' }).click();
  await expect(page.getByRole('figure', { name: `${name} (you)` })).toBeVisible();
}

const relayOnly = (turnPort: number) => ({
  TURN_URLS: `turn:127.0.0.1:${turnPort}?transport=udp`,
  TURN_SECRET: SECRET,
  ICE_TRANSPORT_POLICY: 'relay',
});

test('with the relay policy, a call goes through coturn and video flows both ways', async ({ person }) => {
  turn = await startCoturn(TURN_PORT, SECRET);
  moim = await startMoim(MOIM_PORT, relayOnly(TURN_PORT));
  const room = freshRoom('turn');
  const alice = await person();
  const bob = await person();
  await keepPeerConnections(alice.page);
  await keepPeerConnections(bob.page);
  await join(alice.page, room, 'Alice');
  await join(bob.page, room, 'Bob');

  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
  expect(await selectedCandidateTypes(alice.page)).toEqual(['relay/relay']);
  expect(await selectedCandidateTypes(bob.page)).toEqual(['relay/relay']);
});

test('with the relay policy and no TURN server, the tiles say Connection lost and why', async ({
  person,
}) => {
  moim = await startMoim(MOIM_PORT, relayOnly(TURN_PORT)); // nothing listens there
  const room = freshRoom('noturn');
  const alice = await person();
  const bob = await person();
  const errors: string[] = [];
  for (const page of [alice.page, bob.page]) page.on('pageerror', (error) => errors.push(String(error)));
  await join(alice.page, room, 'Alice');
  await join(bob.page, room, 'Bob');

  for (const [page, other] of [
    [alice.page, 'Bob'],
    [bob.page, 'Alice'],
  ] as const) {
    await expect(remoteFigure(page, other).getByText('Connection lost')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alert')).toContainText(`Could not connect to ${other}`);
    await expect(page.getByRole('alert')).toContainText('TURN relay');
  }
  // Still usable: chat goes through the server.
  await alice.page.getByRole('textbox', { name: 'Message' }).fill('can you read me?');
  await alice.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(bob.page.getByRole('log', { name: 'Chat messages' })).toContainText('can you read me?');
  expect(errors).toEqual([]);
});
