import { randomBytes } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import type { Person } from './fixtures';

/** A room of its own for each test, so tests never see each other. */
export function freshRoom(prefix = 'e2e'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/**
 * Opens the room's lobby with a name (on `server`, else the test server), joins, and waits
 * for the call screen. `timeout` for each wait, where others already in the call starve the
 * machine (the sixth page of a mesh can take longer than the default to show its lobby).
 */
export async function joinCall(
  page: Page,
  room: string,
  name: string,
  server = '',
  { timeout }: { timeout?: number } = {},
) {
  await page.goto(`${server}/r/${room}?name=${encodeURIComponent(name)}`, { timeout });
  await expect(page.getByRole('textbox', { name: 'Your name' })).toHaveValue(name, { timeout });
  await page.getByRole('button', { name: 'Join call' }).click({ timeout });
  await expect(page.getByRole('figure', { name: `${name} (you)` })).toBeVisible({ timeout });
}

/**
 * The narrowest frame that counts as a real picture: the fake camera makes 640×480, or
 * 1280×720 when asked, and senders scale that down at most a few times; a tile whose
 * connection never came up still "plays" a 2×2 black frame with its time advancing.
 */
export const REAL_PICTURE_WIDTH = 160;

/**
 * Waits until the figure's video shows a real picture (see REAL_PICTURE_WIDTH) and its
 * playback time moves on. `timeout` bounds the wait for the tile and its video element (the
 * six-person test gives it long: on two cores a starved page shows a newcomer's tile late).
 */
export async function expectVideoPlaying(figure: Locator, { timeout }: { timeout?: number } = {}) {
  const video = figure.locator('video');
  await expect(video).toHaveCount(1, timeout === undefined ? {} : { timeout });
  const handle = await video.elementHandle();
  // Polled on a timer, not on every animation frame: a page made to render frames for the
  // test's sake is slower at what the test watches (several of these run at once).
  await figure
    .page()
    .waitForFunction(
      ([el, min]) => (el as HTMLVideoElement).videoWidth >= (min as number),
      [handle, REAL_PICTURE_WIDTH] as const,
      { polling: 100 },
    );
  const start = await video.evaluate((el) => (el as HTMLVideoElement).currentTime);
  await figure
    .page()
    .waitForFunction(
      ([el, t]) => (el as HTMLVideoElement).currentTime > (t as number),
      [handle, start] as const,
      { polling: 100 },
    );
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

/** The figure a page shows for another participant, inside the Participants region. */
export function remoteFigure(page: Page, name: string): Locator {
  return page.getByRole('region', { name: 'Participants' }).getByRole('figure', { name, exact: true });
}

/** Waits until the figure's video has played `seconds` more than it had when called, showing a real picture. */
export async function expectVideoAdvancing(figure: Locator, seconds: number) {
  const video = figure.locator('video');
  const handle = await video.elementHandle();
  const start = await video.evaluate((el) => (el as HTMLVideoElement).currentTime);
  await figure
    .page()
    .waitForFunction(
      ([el, t, min]) =>
        (el as HTMLVideoElement).currentTime > (t as number) &&
        (el as HTMLVideoElement).videoWidth >= (min as number),
      [handle, start + seconds, REAL_PICTURE_WIDTH] as const,
      { timeout: (seconds + 10) * 1000 },
    );
}

/**
 * Starts counting, in the page, the most figures named `name` ever shown at once and
 * whether one was ever removed: `figureHistory` reads the counts back.
 */
export async function watchFigures(page: Page, name: string) {
  await page.evaluate((label) => {
    const w = window as unknown as { __figures: { max: number; removed: boolean } };
    w.__figures = { max: 0, removed: false };
    const count = () => document.querySelectorAll(`figure[aria-label="${CSS.escape(label)}"]`).length;
    w.__figures.max = count();
    new MutationObserver((mutations) => {
      w.__figures.max = Math.max(w.__figures.max, count());
      for (const mutation of mutations) {
        for (const node of mutation.removedNodes) {
          if (node instanceof Element && node.matches(`figure[aria-label="${CSS.escape(label)}"]`)) {
            w.__figures.removed = true;
          }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  }, name);
}

export function figureHistory(page: Page): Promise<{ max: number; removed: boolean }> {
  return page.evaluate(
    () => (window as unknown as { __figures: { max: number; removed: boolean } }).__figures,
  );
}

/** Keeps every RTCPeerConnection the page will make in `window.__pcs`, to inspect or break one. */
export async function keepPeerConnections(page: Page) {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = made;
    window.RTCPeerConnection = class extends Original {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        made.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

/**
 * Closes the page's connected RTCPeerConnection under the call (see keepPeerConnections)
 * and waits, up to `timeout`, until the app has made a new one to replace it.
 */
export async function breakConnection(page: Page, { timeout }: { timeout: number }) {
  const made = await page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    pcs.find((pc) => pc.connectionState === 'connected')?.close();
    return pcs.length;
  });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __pcs: unknown[] }).__pcs.length), { timeout })
    .toBeGreaterThan(made);
}

/** Alice and Bob in a fresh room, each seeing the other's video play. */
export async function twoInCall(person: Person, prefix: string) {
  const room = freshRoom(prefix);
  const alice = await person();
  const bob = await person();
  await joinCall(alice.page, room, 'Alice');
  await joinCall(bob.page, room, 'Bob');
  await expectVideoPlaying(remoteFigure(alice.page, 'Bob'));
  await expectVideoPlaying(remoteFigure(bob.page, 'Alice'));
  return { room, alice, bob };
}
