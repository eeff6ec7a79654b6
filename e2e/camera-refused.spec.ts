import { expect, test } from './fixtures';
import { chatLog, expectVideoPlaying, freshRoom, joinCall, sendChat } from './helpers';

test('a person who refuses camera and microphone can still join, see the other, and chat', async ({
  person,
}) => {
  const room = freshRoom();
  const alice = await person();
  await joinCall(alice.page, room, 'Alice');

  // A person whose browser grants no permission: getUserMedia is refused.
  const { page: carol } = await person({ media: false });
  await carol.goto(`/r/${room}?name=Carol`);
  await expect(carol.getByRole('alert')).toContainText(/camera (is|are) blocked/);
  await expect(carol.getByRole('alert')).toContainText('You can still join');
  await expect(carol.getByRole('button', { name: 'Camera' })).toHaveAttribute('aria-pressed', 'false');
  await expect(carol.getByLabel('Camera preview')).toHaveCount(0);
  await carol.getByRole('button', { name: 'Join call' }).click();
  await expect(carol.getByRole('figure', { name: 'Carol (you)' })).toBeVisible();

  // Carol sees Alice…
  await expectVideoPlaying(carol.getByRole('figure', { name: 'Alice', exact: true }));
  // …Alice's tile for Carol says she sends nothing…
  const carolSeenByAlice = alice.page.getByRole('figure', { name: 'Carol', exact: true });
  await expect(carolSeenByAlice.getByRole('img', { name: 'Camera off' })).toBeVisible();
  await expect(carolSeenByAlice.getByRole('img', { name: 'Microphone off' })).toBeVisible();
  // …and they can chat.
  await sendChat(carol, 'I can only type today');
  await expect(chatLog(alice.page)).toContainText('I can only type today');
  await sendChat(alice.page, 'No problem');
  await expect(chatLog(carol)).toContainText('No problem');
});
