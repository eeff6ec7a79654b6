import { expect, test } from './fixtures';
import {
  breakConnection,
  chatLog,
  expectVideoAdvancing,
  expectVideoPlaying,
  figureHistory,
  freshRoom,
  joinCall,
  keepPeerConnections,
  remoteFigure,
  sendChat,
  twoInCall,
  watchFigures,
} from './helpers';

test('a participant offline for 5 s comes back without a reload, and was never shown as gone', async ({
  person,
}) => {
  const { alice, bob } = await twoInCall(person, 'net');
  await watchFigures(alice.page, 'Bob');

  await bob.context.setOffline(true);
  await expect(bob.page.getByRole('status')).toContainText('Reconnecting…');
  // Media goes peer to peer: five seconds of Bob keep playing at Alice's while he is offline.
  await expectVideoAdvancing(remoteFigure(alice.page, 'Bob'), 5);
  await expect(bob.page.getByRole('status')).toContainText('Reconnecting…');
  await bob.context.setOffline(false);

  await expect(bob.page.getByRole('status')).not.toContainText('Reconnecting…');
  await sendChat(bob.page, 'back online');
  await expect(chatLog(alice.page)).toContainText('back online');
  await sendChat(alice.page, 'welcome back');
  await expect(chatLog(bob.page)).toContainText('welcome back');
  expect(await figureHistory(alice.page)).toEqual({ max: 1, removed: false });
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
});

test('a peer connection closed under the call is re-established and video flows again', async ({
  person,
}) => {
  const room = freshRoom('pc');
  const alice = await person();
  const bob = await person();
  // Keep every RTCPeerConnection the pages make, to break one on purpose.
  await keepPeerConnections(alice.page);
  await keepPeerConnections(bob.page);
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));

  // A new connection replaces it, and both sides see video again within 10 s.
  await breakConnection(alice.page, { timeout: 10_000 });
  await expect(remoteFigure(alice.page, 'Bob').getByText('Connection lost')).toHaveCount(0, {
    timeout: 10_000,
  });
  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
});

test('reloading a page brings the same participant back, never twice', async ({ person }) => {
  const { alice, bob } = await twoInCall(person, 'net');
  await watchFigures(alice.page, 'Bob');

  await bob.page.reload();
  // The reloaded tab goes straight back into the call, under the same name.
  await expect(bob.page.getByRole('figure', { name: 'Bob (you)' })).toBeVisible();
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expect(remoteFigure(alice.page, 'Bob')).toHaveCount(1);
  expect((await figureHistory(alice.page)).max).toBe(1);
});

test('the same room opened twice in one browser is two participants', async ({ person }) => {
  const room = freshRoom('twice');
  const { context, page: first } = await person();
  const second = await context.newPage();
  await joinCall(first, room, 'Tab one');
  await joinCall(second, room, 'Tab two');
  await expectVideoPlaying(remoteFigure(first, 'Tab two'));
  await expectVideoPlaying(remoteFigure(second, 'Tab one'));
});

test('a message typed while offline is delivered once when back', async ({ person }) => {
  const { alice, bob } = await twoInCall(person, 'net');
  await bob.context.setOffline(true);
  await expect(bob.page.getByRole('status')).toContainText('Reconnecting…');
  await sendChat(bob.page, 'written offline');
  await bob.context.setOffline(false);

  const received = chatLog(alice.page).getByRole('listitem').filter({ hasText: 'written offline' });
  await expect(received).toHaveCount(1);
  // A later message arrives after it: nothing was delivered twice in between.
  await sendChat(bob.page, 'and this one');
  await expect(chatLog(alice.page)).toContainText('and this one');
  await expect(received).toHaveCount(1);
  await expect(chatLog(bob.page).getByText('Not sent')).toHaveCount(0);
});
