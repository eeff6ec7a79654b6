import { expect, test } from './fixtures';
import { freshRoom, joinCall, remoteFigure } from './helpers';

/**
 * Each page measures only its own microphone and tells the others on the data channel
 * (CallMonitors): the speaking highlight of a remote tile is what that person announced.
 * The fake microphone plays a tone, so everyone whose microphone is on is speaking.
 */
test('each person sees the other light up when they speak, and not while their microphone is off', async ({
  person,
}) => {
  const room = freshRoom('speaking');
  const alice = await person();
  const bob = await person();
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');

  const aliceAtBob = remoteFigure(bob.page, 'Alice');
  const bobAtAlice = remoteFigure(alice.page, 'Bob');
  await expect(aliceAtBob).toHaveAttribute('data-speaking', 'true', { timeout: 15_000 });
  await expect(bobAtAlice).toHaveAttribute('data-speaking', 'true', { timeout: 15_000 });

  // Muted, Alice says she stopped, and Bob's page drops what she said with her microphone
  // off; Bob, still speaking (the fake microphone's tone goes on), stays lit at Alice's.
  await alice.page.getByRole('button', { name: 'Microphone', exact: true }).click();
  await expect(alice.page.getByRole('button', { name: 'Microphone', exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(aliceAtBob).not.toHaveAttribute('data-speaking', 'true');
  await expect(bobAtAlice).toHaveAttribute('data-speaking', 'true');

  // Back on, she is heard again.
  await alice.page.getByRole('button', { name: 'Microphone', exact: true }).click();
  await expect(aliceAtBob).toHaveAttribute('data-speaking', 'true', { timeout: 15_000 });
});
