import type { Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { expect, test } from './fixtures';
import { freshRoom, joinCall, remoteFigure, twoInCall } from './helpers';

/** Opens the lobby as `name` and asks to join; the page does not get into the call by itself. */
async function askToJoin(page: Page, room: string, name: string) {
  await page.goto(`/r/${room}?name=${encodeURIComponent(name)}`);
  await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveValue(name);
  await page.getByRole('button', { name: 'Join call' }).click();
}

const waiting = (page: Page) => page.getByRole('status', { name: 'Waiting for the host to let you in' });
const people = (page: Page) => page.getByRole('complementary', { name: 'People' });

test('a locked room: a newcomer knocks and the host admits them; another is denied', async ({ person }) => {
  // Four people and axe at two widths, on two cores.
  test.setTimeout(180_000);
  const room = freshRoom('lock');
  const alice = await person();
  const bob = await person();
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  // The first one in hosts; the others see it.
  await expect(remoteFigure(bob.page, 'Alice').getByText('Host', { exact: true })).toBeVisible();
  await expect(bob.page.getByRole('button', { name: 'Lock room' })).toHaveCount(0);

  const lock = alice.page.getByRole('button', { name: 'Lock room' });
  await expect(lock).toHaveAttribute('aria-pressed', 'false');
  await lock.click();
  await expect(lock).toHaveAttribute('aria-pressed', 'true');
  await expect(bob.page.getByRole('img', { name: 'Room locked' })).toBeVisible();

  const carol = await person();
  await askToJoin(carol.page, room, 'Carol');
  await expect(waiting(carol.page)).toBeVisible();
  await expect(waiting(carol.page).getByRole('button', { name: 'Cancel' })).toBeFocused();
  // Parked: nothing of the room, not even its figures.
  await expect(carol.page.getByRole('figure')).toHaveCount(0);

  const dialog = alice.page.getByRole('alertdialog', { name: 'Carol wants to join' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Carol wants to join' })).toBeFocused();
  await expect(bob.page.getByRole('alertdialog')).toHaveCount(0);
  await expectNoAxeViolations(alice.page, 'the knock dialog');
  // Tab stays in the dialog.
  await alice.page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Deny' })).toBeFocused();
  await alice.page.keyboard.press('Tab');
  await alice.page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Deny' })).toBeFocused();

  await dialog.getByRole('button', { name: 'Admit' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(carol.page.getByRole('figure', { name: 'Carol (you)' })).toBeVisible();
  await expect(remoteFigure(carol.page, 'Alice')).toBeVisible();
  await expect(remoteFigure(bob.page, 'Carol')).toBeVisible();

  const dan = await person();
  await askToJoin(dan.page, room, 'Dan');
  await expect(waiting(dan.page)).toBeVisible();
  await alice.page
    .getByRole('alertdialog', { name: 'Dan wants to join' })
    .getByRole('button', { name: 'Deny' })
    .click();
  await expect(dan.page.getByRole('alert')).toContainText('The host did not let you in');
  await expect(waiting(dan.page)).toHaveCount(0);
  await expect(dan.page.getByRole('figure')).toHaveCount(0);
  await expect(remoteFigure(alice.page, 'Dan')).toHaveCount(0);

  // Unlocked, a newcomer walks straight in.
  await lock.click();
  await expect(lock).toHaveAttribute('aria-pressed', 'false');
  await dan.page.getByRole('button', { name: 'Join call' }).click();
  await expect(dan.page.getByRole('figure', { name: 'Dan (you)' })).toBeVisible();
});

test('the host mutes someone: their microphone goes off, they are told, and only they turn it on', async ({
  person,
}) => {
  const { alice, bob } = await twoInCall(person, 'mute');
  await alice.page.getByRole('button', { name: 'People' }).click();
  await people(alice.page).getByRole('button', { name: 'Mute Bob' }).click();

  const microphone = bob.page.getByRole('button', { name: 'Microphone' });
  await expect(microphone).toHaveAttribute('aria-pressed', 'false');
  await expect(bob.page.getByRole('status')).toContainText('The host turned your microphone off');
  await expect(remoteFigure(alice.page, 'Bob').getByRole('img', { name: 'Microphone off' })).toBeVisible();
  // Nobody but the host gets the tools.
  await bob.page.getByRole('button', { name: 'People' }).click();
  await expect(people(bob.page).getByRole('button', { name: /^Mute/ })).toHaveCount(0);

  await microphone.click();
  await expect(microphone).toHaveAttribute('aria-pressed', 'true');
  await expect(remoteFigure(alice.page, 'Bob').getByRole('img', { name: 'Microphone off' })).toHaveCount(0);
});

test('the host removes someone: their call ends, and coming back they must knock', async ({ person }) => {
  test.setTimeout(120_000);
  const { room, alice, bob } = await twoInCall(person, 'remove');
  await alice.page.getByRole('button', { name: 'People' }).click();
  await people(alice.page).getByRole('button', { name: 'Remove from call Bob' }).click();

  await expect(
    bob.page.getByRole('alert').filter({ hasText: 'You were removed from the call' }),
  ).toBeVisible();
  await expect(bob.page.getByRole('figure')).toHaveCount(0);
  await expect(remoteFigure(alice.page, 'Bob')).toHaveCount(0);

  // The room is not locked, yet Bob knocks, from this page and after reloading it.
  await bob.page.getByRole('button', { name: 'Rejoin' }).click();
  await expect(waiting(bob.page)).toBeVisible();
  await expect(alice.page.getByRole('alertdialog', { name: 'Bob wants to join' })).toBeVisible();
  await waiting(bob.page).getByRole('button', { name: 'Cancel' }).click();
  await expect(alice.page.getByRole('alertdialog')).toHaveCount(0);

  await askToJoin(bob.page, room, 'Bob');
  await expect(waiting(bob.page)).toBeVisible();
  await alice.page
    .getByRole('alertdialog', { name: 'Bob wants to join' })
    .getByRole('button', { name: 'Admit' })
    .click();
  await expect(bob.page.getByRole('figure', { name: 'Bob (you)' })).toBeVisible();
  await expect(remoteFigure(alice.page, 'Bob')).toBeVisible();
});

test('a raised hand is seen by the others, first in People', async ({ person }) => {
  test.setTimeout(120_000);
  const room = freshRoom('hands');
  const alice = await person();
  const bob = await person();
  const carol = await person();
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  await joinCall(carol.page, room, 'Carol');

  const raise = carol.page.getByRole('button', { name: 'Raise hand' });
  await raise.click();
  await expect(raise).toHaveAttribute('aria-pressed', 'true');
  await expect(remoteFigure(bob.page, 'Carol').getByRole('img', { name: 'Hand raised' })).toBeVisible();
  await expect(remoteFigure(bob.page, 'Alice').getByRole('img', { name: 'Hand raised' })).toHaveCount(0);

  await bob.page.getByRole('button', { name: 'People' }).click();
  const items = people(bob.page).getByRole('listitem');
  await expect(items.first()).toContainText('Carol');
  await expect(items.first().getByRole('img', { name: 'Hand raised' })).toBeVisible();

  // The host lowers it.
  await alice.page.getByRole('button', { name: 'People' }).click();
  await people(alice.page).getByRole('button', { name: 'Lower hand Carol' }).click();
  await expect(raise).toHaveAttribute('aria-pressed', 'false');
  await expect(remoteFigure(bob.page, 'Carol').getByRole('img', { name: 'Hand raised' })).toHaveCount(0);
});

test('a reaction, chosen with the keyboard, shows on the sender’s figure for the others', async ({
  person,
}) => {
  const room = freshRoom('reactions');
  const alice = await person();
  const bob = await person();
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');

  const button = bob.page.getByRole('button', { name: 'Reactions' });
  await button.focus();
  await bob.page.keyboard.press('Enter');
  const menu = bob.page.getByRole('menu', { name: 'Reactions' });
  await expect(menu.getByRole('menuitem')).toHaveCount(5);
  await expect(menu.getByRole('menuitem', { name: 'Thumbs up' })).toBeFocused();
  await bob.page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(button).toBeFocused();

  await bob.page.keyboard.press('ArrowDown');
  for (let i = 0; i < 3; i++) await bob.page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Heart' })).toBeFocused();
  await bob.page.keyboard.press('Enter');
  await expect(button).toBeFocused();

  await expect(remoteFigure(alice.page, 'Bob').getByRole('img', { name: 'Heart' })).toBeVisible();
  await expect(
    bob.page.getByRole('figure', { name: 'Bob (you)' }).getByRole('img', { name: 'Heart' }),
  ).toBeVisible();
  // It goes after a few seconds.
  await expect(remoteFigure(alice.page, 'Bob').getByRole('img', { name: 'Heart' })).toHaveCount(0);
});
