import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectVideoPlaying, remoteFigure, twoInCall } from './helpers';

test('a shared screen replaces the camera for the others, whole, and the camera comes back after', async ({
  person,
}) => {
  const { alice, bob } = await twoInCall(person, 'share');
  const aliceAtBob = remoteFigure(bob.page, 'Alice');

  const share = alice.page.getByRole('button', { name: 'Share screen' });
  await share.click();
  await expect(share).toHaveAttribute('aria-pressed', 'true');
  await expect(aliceAtBob).toContainText('sharing screen');
  await expect(aliceAtBob).toHaveClass(/\bscreen\b/);
  // What Alice sends is the screen now, and it plays at Bob's.
  const sentLabel = () =>
    alice.page.evaluate(
      () =>
        (
          (document.querySelector('figure[aria-label="Alice (you)"] video') as HTMLVideoElement)
            .srcObject as MediaStream
        ).getVideoTracks()[0]?.label,
    );
  await expect.poll(sentLabel).toMatch(/^screen/);
  await expectVideoPlaying(aliceAtBob);
  // Alice's own tile does not split in two: still one figure each.
  await expect(alice.page.getByRole('region', { name: 'Participants' }).getByRole('figure')).toHaveCount(2);

  await share.click();
  await expect(share).toHaveAttribute('aria-pressed', 'false');
  await expect(aliceAtBob).not.toContainText('sharing screen');
  await expect.poll(sentLabel).not.toMatch(/^screen/);
  await expectVideoPlaying(aliceAtBob);
});

/** The accessible name of the largest figure of region Participants, as laid out on the page. */
function largestFigure(page: Page) {
  return page.getByRole('region', { name: 'Participants' }).evaluate((stage) => {
    let largest = { name: '', area: 0 };
    for (const figure of stage.querySelectorAll('figure')) {
      const { width, height } = figure.getBoundingClientRect();
      if (width * height > largest.area)
        largest = { name: figure.getAttribute('aria-label') ?? '', area: width * height };
    }
    return largest.name;
  });
}

test('the other person is larger than oneself; a shared screen is the largest figure unless one pinned someone else, and its sharer can stop presenting', async ({
  person,
}) => {
  const { alice, bob } = await twoInCall(person, 'present');
  await expect.poll(() => largestFigure(alice.page)).toBe('Bob');
  await expect.poll(() => largestFigure(bob.page)).toBe('Alice');
  // Bob pins himself: his choice comes before what Alice is about to share.
  const pinSelf = bob.page.getByRole('button', { name: 'Pin Bob (you)' });
  await pinSelf.click();
  await expect.poll(() => largestFigure(bob.page)).toBe('Bob (you)');

  await alice.page.getByRole('button', { name: 'Share screen' }).click();
  const presenting = alice.page.getByRole('status', { name: 'You are presenting' });
  await expect(presenting).toContainText('You are presenting');
  // Alice's own tile is the screen's place, and does not show the screen inside itself.
  const aliceSelf = alice.page.getByRole('figure', { name: 'Alice (you)' });
  await expect(aliceSelf.getByText('Everyone sees your screen')).toBeVisible();
  await expect(aliceSelf.locator('video')).toBeHidden();
  await expect.poll(() => largestFigure(alice.page)).toBe('Alice (you)');
  const aliceAtBob = remoteFigure(bob.page, 'Alice');
  await expect(aliceAtBob).toHaveClass(/\bscreen\b/);
  await expect.poll(() => largestFigure(bob.page)).toBe('Bob (you)');
  await pinSelf.click();
  await expect.poll(() => largestFigure(bob.page)).toBe('Alice');
  await expectVideoPlaying(aliceAtBob);

  await presenting.getByRole('button', { name: 'Stop presenting' }).click();
  await expect(presenting).toBeHidden();
  await expect(alice.page.getByRole('button', { name: 'Share screen' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(aliceAtBob).not.toHaveClass(/\bscreen\b/);
  await expect.poll(() => largestFigure(alice.page)).toBe('Bob');
  await expectVideoPlaying(aliceAtBob);
});
