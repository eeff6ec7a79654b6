import {
  attachFile,
  downloadedSha256,
  fileItem,
  pngFile,
  progressMoved,
  randomFile,
  recordProgress,
} from './files';
import { expect, test } from './fixtures';
import { chatLog, freshRoom, joinCall, remoteFigure, sendChat } from './helpers';

// One room of three for every check: setting up a call is the slow part on two cores.
test('typing shows and clears; files go straight to the others, whole, with progress, cancel and failure', async ({
  person,
}) => {
  test.setTimeout(240_000);
  const room = freshRoom('files');
  const [ann, ben, cy] = [await person(), await person(), await person()];
  await joinCall(ann.page, room, 'Ann');
  await joinCall(ben.page, room, 'Ben');
  await joinCall(cy.page, room, 'Cy');
  for (const [page, others] of [
    [ann.page, ['Ben', 'Cy']],
    [ben.page, ['Ann', 'Cy']],
    [cy.page, ['Ann', 'Ben']],
  ] as const) {
    for (const name of others) {
      await expect(remoteFigure(page, name).getByText('Connecting…')).toHaveCount(0, { timeout: 60_000 });
    }
  }

  await test.step('typing is seen, and cleared when the box is cleared or the message sent', async () => {
    const box = ann.page.getByRole('textbox', { name: 'Message' });
    const typing = (page: typeof ben.page) => page.getByRole('status').filter({ hasText: 'is typing…' });
    // Typing on at a person's pace while both look: it is shown for a few seconds at a time.
    const typed = box.pressSequentially('hello there', { delay: 300 });
    await Promise.all([
      expect(typing(ben.page)).toHaveText('Ann is typing…'),
      expect(typing(cy.page)).toHaveText('Ann is typing…'),
    ]);
    await typed;
    await box.fill('');
    await expect(typing(ben.page)).toHaveCount(0);
    await box.pressSequentially('hello');
    await expect(typing(ben.page)).toHaveText('Ann is typing…');
    await box.press('Enter');
    await expect(chatLog(ben.page).getByRole('listitem').filter({ hasText: 'hello' })).toBeVisible();
    await expect(typing(ben.page)).toHaveCount(0);
  });

  const file = randomFile('random-20mb.bin', 20 * 1024 * 1024);
  await test.step('a 20 MB file reaches both others byte for byte, with progress on every side', async () => {
    for (const page of [ann.page, ben.page, cy.page]) await recordProgress(page);
    await attachFile(ann.page, file.path);
    await expect(fileItem(ben.page, file.name)).toContainText('20 MB');
    expect(await downloadedSha256(ben.page, file.name)).toBe(file.sha256);
    expect(await downloadedSha256(cy.page, file.name)).toBe(file.sha256);
    await expect(fileItem(ann.page, file.name)).toContainText('Sent to 2 people');
    for (const page of [ann.page, ben.page, cy.page]) expect(await progressMoved(page)).toBe(true);
    await expect(fileItem(ben.page, file.name).getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  });

  await test.step('an image shows a preview, named after the file', async () => {
    const image = pngFile('gradient.png');
    await attachFile(ann.page, image.path);
    for (const page of [ben.page, cy.page]) {
      const preview = fileItem(page, image.name).getByRole('img', { name: image.name });
      await expect(preview).toBeVisible();
      expect(await preview.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(160);
    }
  });

  // The same 20 MB again, with Ann's page slowed down (DevTools CPU throttling) while a
  // test clicks, so the file is surely still on its way, on a fast machine too.
  const big = file;
  const cdp = await ann.context.newCDPSession(ann.page);
  const slowSender = (rate: number) => cdp.send('Emulation.setCPUThrottlingRate', { rate });

  await test.step('a receiver cancels: the sender is told', async () => {
    await slowSender(8);
    await attachFile(ann.page, big.path);
    await fileItem(ben.page, big.name).getByRole('button', { name: 'Cancel' }).click();
    await expect(fileItem(ben.page, big.name)).toContainText('Cancelled');
    await expect(fileItem(ann.page, big.name)).toContainText('Transfer failed: Ben cancelled it.');
    await fileItem(ann.page, big.name).getByRole('button', { name: 'Cancel' }).click(); // Cy's too
    await slowSender(1);
  });

  await test.step('the sender cancels: every receiver is told', async () => {
    await slowSender(8);
    await attachFile(ann.page, big.path);
    await expect(fileItem(ben.page, big.name).getByRole('progressbar')).toBeVisible();
    await expect(fileItem(cy.page, big.name).getByRole('progressbar')).toBeVisible();
    await fileItem(ann.page, big.name).getByRole('button', { name: 'Cancel' }).click();
    await slowSender(1);
    await expect(fileItem(ann.page, big.name)).toContainText('Cancelled');
    for (const page of [ben.page, cy.page]) {
      await expect(fileItem(page, big.name)).toContainText('Transfer failed: Ann cancelled it.');
      await expect(fileItem(page, big.name).getByRole('progressbar')).toHaveCount(0);
    }
  });

  await test.step('a receiver who leaves mid-transfer: Transfer failed on the sender, the other gets it', async () => {
    await slowSender(8);
    await attachFile(ann.page, big.path);
    await expect(fileItem(cy.page, big.name).getByRole('progressbar')).toBeVisible();
    await cy.page.getByRole('button', { name: 'Leave call' }).click();
    await slowSender(1);
    await expect(fileItem(ann.page, big.name)).toContainText('Transfer failed: Cy left the call.');
    expect(await downloadedSha256(ben.page, big.name)).toBe(big.sha256);
  });

  await test.step('the chat still carries text after all that', async () => {
    await sendChat(ben.page, 'got them');
    await expect(chatLog(ann.page).getByRole('listitem').filter({ hasText: 'got them' })).toBeVisible();
  });
});
