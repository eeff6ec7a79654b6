import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContext, expect, type Locator, type Page } from '@playwright/test';

/** A room of its own for each test, so tests never see each other. */
export function freshRoom(prefix = 'e2e'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function newParticipant(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  return { context, page };
}

/** Opens the room's lobby with a name, joins, and waits for the call screen. */
export async function joinCall(page: Page, room: string, name: string) {
  await page.goto(`/r/${room}?name=${encodeURIComponent(name)}`);
  await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveValue(name);
  await page.getByRole('button', { name: 'Join call' }).click();
  await expect(page.getByRole('figure', { name: `${name} (you)` })).toBeVisible();
}

/** Waits until the figure's video has decoded frames and its playback time moves on. */
export async function expectVideoPlaying(figure: Locator) {
  const video = figure.locator('video');
  await expect(video).toHaveCount(1);
  const handle = await video.elementHandle();
  await figure.page().waitForFunction((el) => (el as HTMLVideoElement).videoWidth > 0, handle);
  const start = await video.evaluate((el) => (el as HTMLVideoElement).currentTime);
  await figure
    .page()
    .waitForFunction(([el, t]) => (el as HTMLVideoElement).currentTime > (t as number), [
      handle,
      start,
    ] as const);
}

/** Sends a chat message and waits until the sender's own log shows it. */
export async function sendChat(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(chatLog(page).getByRole('listitem').filter({ hasText: text })).toBeVisible();
}

export function chatLog(page: Page): Locator {
  return page.getByRole('log', { name: 'Chat messages' });
}
