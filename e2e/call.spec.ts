import { expect, test } from './fixtures';
import { chatLog, expectVideoPlaying, freshRoom, joinCall, sendChat } from './helpers';

test('two people in one room see each other, chat both ways, and a leave removes the tile', async ({
  person,
}) => {
  const room = freshRoom();
  const alice = await person();
  const bob = await person();

  // The Content-Security-Policy must not get in the app's way.
  const violations: string[] = [];
  for (const page of [alice.page, bob.page]) {
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
  }

  await alice.page.goto(`/r/${room}?name=Alice`);
  await expect(alice.page.getByRole('heading', { level: 1 })).toContainText(room);
  await expect(alice.page.getByText('Nobody is here yet')).toBeVisible();
  await expect(alice.page.getByLabel('Camera preview')).toBeVisible();
  await alice.page.getByRole('button', { name: 'Join call' }).click();
  await expect(alice.page.getByRole('figure', { name: 'Alice (you)' })).toBeVisible();

  await bob.page.goto(`/r/${room}?name=Bob`);
  await expect(bob.page.getByText('1 person in this room')).toBeVisible();
  await joinCall(bob.page, room, 'Bob');

  // Each side's figure for the other plays live video.
  const bobSeenByAlice = alice.page
    .getByRole('region', { name: 'Participants' })
    .getByRole('figure', { name: 'Bob', exact: true });
  const aliceSeenByBob = bob.page
    .getByRole('region', { name: 'Participants' })
    .getByRole('figure', { name: 'Alice', exact: true });
  await expectVideoPlaying(bobSeenByAlice);
  await expectVideoPlaying(aliceSeenByBob);
  await expect(bobSeenByAlice.getByText('Connecting…')).toHaveCount(0);

  // Chat crosses in both directions, as text.
  await sendChat(alice.page, 'Hi Bob <b>bold?</b>');
  await expect(
    chatLog(bob.page).getByRole('listitem').filter({ hasText: 'Hi Bob <b>bold?</b>' }),
  ).toContainText('Alice');
  await sendChat(bob.page, 'Hello Alice');
  await expect(chatLog(alice.page).getByRole('listitem').filter({ hasText: 'Hello Alice' })).toContainText(
    'Bob',
  );

  // Bob leaves: he sees that he left, and Alice's figure for him is gone.
  await bob.page.getByRole('button', { name: 'Leave call' }).click();
  await expect(bob.page.getByRole('heading', { name: 'You left the call' })).toBeVisible();
  await expect(bobSeenByAlice).toHaveCount(0);
  await expect(bob.page.getByText('1 person in this room')).toBeVisible();
  expect(violations).toEqual([]);
});
