import { expect, test } from './fixtures';
import { expectVideoPlaying, freshRoom, joinCall, remoteFigure, twoInCall } from './helpers';

test('microphone and camera state reaches everyone, late joiners included, and video resumes', async ({
  person,
}) => {
  const { room, alice, bob } = await twoInCall(person, 'controls');
  const aliceAtBob = remoteFigure(bob.page, 'Alice');

  // Microphone: off shows at once on the other side, on removes it.
  const microphone = alice.page.getByRole('button', { name: 'Microphone' });
  await microphone.click();
  await expect(microphone).toHaveAttribute('aria-pressed', 'false');
  await expect(aliceAtBob.getByRole('img', { name: 'Microphone off' })).toBeVisible();
  await microphone.click();
  await expect(aliceAtBob.getByRole('img', { name: 'Microphone off' })).toHaveCount(0);

  // Camera: off replaces the picture with her initials…
  const camera = alice.page.getByRole('button', { name: 'Camera' });
  await camera.click();
  await expect(aliceAtBob.getByRole('img', { name: 'Camera off' })).toBeVisible();
  await expect(aliceAtBob.getByText('A', { exact: true })).toBeVisible();
  await expect(aliceAtBob.locator('video')).toBeHidden();
  // …and a moment later her camera is released (its light goes out).
  await alice.page.waitForFunction(
    () =>
      (document.querySelector('figure[aria-label="Alice (you)"] video') as HTMLVideoElement | null)
        ?.srcObject instanceof MediaStream &&
      (
        (document.querySelector('figure[aria-label="Alice (you)"] video') as HTMLVideoElement)
          .srcObject as MediaStream
      ).getVideoTracks().length === 0,
  );

  // A late joiner sees the same state.
  await microphone.click();
  const carol = await person();
  await joinCall(carol.page, room, 'Carol');
  const aliceAtCarol = remoteFigure(carol.page, 'Alice');
  await expect(aliceAtCarol.getByRole('img', { name: 'Camera off' })).toBeVisible();
  await expect(aliceAtCarol.getByRole('img', { name: 'Microphone off' })).toBeVisible();

  // Camera on again: a new camera track, and frames flow to everyone.
  await camera.click();
  await expect(aliceAtBob.getByRole('img', { name: 'Camera off' })).toHaveCount(0);
  await expectVideoPlaying(aliceAtBob);
  await expectVideoPlaying(aliceAtCarol);
});

test('joining and leaving are announced, and messages wait as unread while the chat is closed', async ({
  person,
}) => {
  const room = freshRoom('notices');
  const alice = await person();
  const bob = await person();
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  await expect(alice.page.getByRole('status')).toContainText('Bob joined');

  await alice.page.getByRole('button', { name: 'Chat' }).click();
  await bob.page.getByRole('textbox', { name: 'Message' }).fill('are you there?');
  await bob.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(alice.page.getByRole('button', { name: 'Chat' })).toHaveAccessibleDescription('1 unread');

  await bob.page.getByRole('button', { name: 'Leave call' }).click();
  await expect(alice.page.getByRole('status')).toContainText('Bob left');
  // The tab's title counts the unread message too, until the chat is opened.
  await expect(alice.page).toHaveTitle(`(1) ${room} · moim`);
  await alice.page.getByRole('button', { name: 'Chat' }).click();
  await expect(alice.page).toHaveTitle(`${room} · moim`);
});
