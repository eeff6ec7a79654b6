import { expectNoAxeViolations } from './axe';
import { expect, test } from './fixtures';
import { remoteFigure, twoInCall } from './helpers';

test('alone: lobby, invitation, Settings, leaving and rejoining, each screen focused and without axe violations', async ({
  person,
}) => {
  test.setTimeout(180_000);
  const { page, context } = await person();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Every camera and microphone track the page opens, to see that leaving releases them.
  await page.addInitScript(() => {
    const tracks: MediaStreamTrack[] = [];
    (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks = tracks;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      tracks.push(...stream.getTracks());
      return stream;
    };
  });
  const liveTracks = () =>
    page.evaluate(
      () =>
        (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.filter(
          (track) => track.readyState === 'live',
        ).length,
    );
  const heading = page.getByRole('heading', { level: 1 });

  await page.goto('/');
  await expectNoAxeViolations(page, 'home');
  await page.getByRole('button', { name: 'New room' }).click();

  await test.step('the lobby: focus on its heading, a moving microphone meter, Copy room link', async () => {
    await expect(heading).toBeFocused();
    await expect(page.getByLabel('Camera preview')).toBeVisible();
    await page.waitForFunction(() => Number(document.querySelector('meter')?.value) > 0);
    await page.getByRole('button', { name: 'Copy room link' }).click();
    await expect(page.getByRole('status')).toContainText('Room link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    await expect(page.getByRole('status')).not.toContainText('Room link copied');
    await expectNoAxeViolations(page, 'lobby');
  });

  await test.step('alone in the call: the invitation, with the link and its warning', async () => {
    await page.getByRole('button', { name: 'Join call' }).click();
    await expect(page.getByRole('figure', { name: /\(you\)$/ })).toBeVisible();
    await expect(heading).toBeFocused();
    const invitation = page.getByRole('region', { name: 'You are the only one here' });
    await expect(invitation).toContainText(page.url());
    await expect(invitation).toContainText('only this computer can open');
    await expect(page.getByRole('button', { name: 'Copy room link' })).toHaveCount(1);
  });

  await test.step('Settings: a dialog that keeps Tab inside, closes on Escape, gives the focus back', async () => {
    const settings = page.getByRole('button', { name: 'Settings' });
    await settings.click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeVisible();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    await expectNoAxeViolations(page, 'settings');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(settings).toBeFocused();
    // The focus ring is an outline, which forced-colors modes (Windows High Contrast) keep.
    await page.emulateMedia({ forcedColors: 'active' });
    const ring = await settings.evaluate((element) => {
      const style = getComputedStyle(element);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(ring).toBe('solid 3px');
    await page.emulateMedia({ forcedColors: 'none' });
  });

  await test.step('Leave call releases the camera and microphone; Rejoin comes back', async () => {
    expect(await liveTracks()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Leave call' }).click();
    await expect(page.getByRole('heading', { name: 'You left the call' })).toBeFocused();
    await expect.poll(liveTracks).toBe(0);
    await expectNoAxeViolations(page, 'left');
    await page.getByRole('button', { name: 'Rejoin' }).click();
    await expect(page.getByRole('figure', { name: /\(you\)$/ })).toBeVisible();
    await expect(heading).toBeFocused();
    expect(await liveTracks()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Leave call' }).click();
    await page.getByRole('button', { name: 'Return to home' }).click();
    await expect(page.getByRole('button', { name: 'New room' })).toBeVisible();
    await expect(heading).toBeFocused();
  });
});

test('two: People lists both with what is off, a new name reaches the other, messages are read out while the chat is closed', async ({
  person,
}) => {
  test.setTimeout(120_000);
  const { alice, bob } = await twoInCall(person, 'people');

  const peopleButton = alice.page.getByRole('button', { name: 'People' });
  await peopleButton.click();
  await expect(peopleButton).toHaveAttribute('aria-expanded', 'true');
  const people = alice.page.getByRole('complementary', { name: 'People' }).getByRole('listitem');
  await expect(people).toHaveText([/Alice \(you\)/, /Bob/]);
  await bob.page.getByRole('button', { name: 'Microphone' }).click();
  await expect(people.nth(1)).toContainText('Microphone off');
  await expect(people.nth(0)).not.toContainText('Microphone off');

  // Bob renames himself in Settings: Alice's list and tile follow.
  await bob.page.getByRole('button', { name: 'Settings' }).click();
  const dialog = bob.page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('textbox', { name: 'Your name' }).fill('Robert');
  await dialog.getByRole('button', { name: 'Change name' }).click();
  await expect(dialog).toContainText('Everyone now sees you as Robert.');
  await bob.page.keyboard.press('Escape');
  await expect(people.nth(1)).toContainText('Robert');
  await expect(remoteFigure(alice.page, 'Robert')).toBeVisible();

  // With the chat closed, Alice's screen reader is told of the message.
  await alice.page.getByRole('button', { name: 'Chat' }).click();
  await bob.page.getByRole('textbox', { name: 'Message' }).fill('are you there?');
  await bob.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(alice.page.getByText('Message from Robert: are you there?')).toBeAttached();

  await alice.page.getByRole('button', { name: 'Chat' }).click();
  await expect(alice.page.getByRole('log', { name: 'Chat messages' })).toContainText('are you there?');
  await expectNoAxeViolations(alice.page, 'call with the chat and People open');
});
