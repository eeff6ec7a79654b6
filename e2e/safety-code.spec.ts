import { expect, test } from './fixtures';
import {
  breakConnection,
  expectVideoPlaying,
  freshRoom,
  joinCall,
  keepPeerConnections,
  remoteFigure,
  twoInCall,
} from './helpers';
import { safetyCodeOf } from './safety';

test('both ends of a connection show the same safety code, and another connection a different one', async ({
  person,
}) => {
  // Three people and six codes read by keyboard: on two busy cores this outlasts the default
  // minute (nothing here is timed).
  test.setTimeout(180_000);
  const { room, alice, bob } = await twoInCall(person, 'safety');
  const cleo = await person();
  await joinCall(cleo.page, room, 'Cleo');
  await expectVideoPlaying(remoteFigure(cleo.page, 'Alice'));
  await expectVideoPlaying(remoteFigure(cleo.page, 'Bob'));

  const aliceBob = await safetyCodeOf(alice.page, 'Bob');
  expect(await safetyCodeOf(bob.page, 'Alice')).toBe(aliceBob);
  const aliceCleo = await safetyCodeOf(alice.page, 'Cleo');
  expect(await safetyCodeOf(cleo.page, 'Alice')).toBe(aliceCleo);
  const bobCleo = await safetyCodeOf(bob.page, 'Cleo');
  expect(await safetyCodeOf(cleo.page, 'Bob')).toBe(bobCleo);
  expect(new Set([aliceBob, aliceCleo, bobCleo]).size).toBe(3);
});

test('a connection remade during the call keeps its safety code, and a verified one stays verified', async ({
  person,
}) => {
  const room = freshRoom('safety');
  const alice = await person();
  const bob = await person();
  await keepPeerConnections(alice.page);
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
  const before = await safetyCodeOf(alice.page, 'Bob');
  expect(await safetyCodeOf(bob.page, 'Alice')).toBe(before);
  const bobAtAlice = remoteFigure(alice.page, 'Bob');
  await bobAtAlice.getByRole('button', { name: 'Connection details' }).click();
  await bobAtAlice.getByRole('checkbox', { name: 'Mark as verified' }).check();
  await expect(bobAtAlice.getByRole('img', { name: 'Verified' })).toBeVisible();

  // A new RTCPeerConnection carries the call (its code worked out afresh), with the same code.
  await breakConnection(alice.page, { timeout: 15_000 });
  await expectVideoPlaying(bobAtAlice);
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
  expect(await safetyCodeOf(alice.page, 'Bob')).toBe(before);
  expect(await safetyCodeOf(bob.page, 'Alice')).toBe(before);
  await expect(bobAtAlice.getByRole('img', { name: 'Verified' })).toBeVisible();
  await expect(bobAtAlice.getByText(/changed since you verified/)).toHaveCount(0);
});

test('a new code for someone marked verified is pointed out on their tile', async ({ person }) => {
  const { alice, bob } = await twoInCall(person, 'safety');
  const bobAtAlice = remoteFigure(alice.page, 'Bob');
  await bobAtAlice.getByRole('button', { name: 'Connection details' }).click();
  await bobAtAlice.getByRole('checkbox', { name: 'Mark as verified' }).check();
  const verified = await safetyCodeOf(alice.page, 'Bob');

  // A reload is a new session for Bob, with a new certificate, and comes back as the same person.
  await bob.page.reload();
  await expect(bob.page.getByRole('figure', { name: 'Bob (you)' })).toBeVisible();
  await expectVideoPlaying(bobAtAlice);
  const now = await safetyCodeOf(alice.page, 'Bob');
  expect(now).not.toBe(verified);
  await expect(
    bobAtAlice.getByText('The code for Bob changed since you verified it: compare it again'),
  ).toBeVisible();
  await expect(bobAtAlice.getByRole('img', { name: 'Verified' })).toHaveCount(0);
});
