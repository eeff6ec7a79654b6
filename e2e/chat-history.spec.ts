import { expect, test } from './fixtures';
import { chatLog, freshRoom, joinCall, sendChat } from './helpers';

test('a newcomer to a long chat gets the newest of it, and the rest with Load earlier messages', async ({
  person,
}) => {
  const room = freshRoom('history');
  const alice = await person({ media: false });
  const bob = await person({ media: false });
  await joinCall(alice.page, room, 'Alice');
  // Twelve of the longest messages: more than the 64 KB a join brings.
  const texts = Array.from({ length: 12 }, (_, i) => `m${String(i).padStart(2, '0')} `.padEnd(2000, '한'));
  for (const text of texts) await sendChat(alice.page, text);

  await joinCall(bob.page, room, 'Bob');
  const log = chatLog(bob.page);
  await expect(log.getByRole('listitem').filter({ hasText: 'm11 ' })).toBeVisible();
  await expect(log.getByRole('listitem').filter({ hasText: 'm00 ' })).toHaveCount(0);
  await log.getByRole('button', { name: 'Load earlier messages' }).click();
  await expect(log.getByRole('listitem').filter({ hasText: 'm00 ' })).toBeVisible();
  await expect(log.getByRole('button', { name: 'Load earlier messages' })).toHaveCount(0);
  await expect(log.getByRole('listitem')).toHaveCount(texts.length);
});
