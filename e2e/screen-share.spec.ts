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
