import puppeteer, { type Browser, type Page as FirefoxPage } from 'puppeteer-core';
import { attachFile, downloadedSha256, fileItem, randomFile } from './files';
import { expect, test } from './fixtures';
import {
  chatLog,
  expectVideoPlaying,
  freshRoom,
  joinCall,
  REAL_PICTURE_WIDTH,
  remoteFigure,
  sendChat,
} from './helpers';
import { SAFETY_CODE_TEXT, safetyCodeOf } from './safety';

// Debian's Firefox ESR over WebDriver BiDi; Playwright's own Firefox build cannot be had here.
const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

let firefox: Browser | undefined;
test.afterEach(async () => {
  await firefox?.close();
  firefox = undefined;
});

/** Waits in Firefox until the figure named `name` plays a real picture (see REAL_PICTURE_WIDTH) that moves on. */
async function firefoxSeesVideo(page: FirefoxPage, name: string) {
  const selector = `figure[aria-label="${name}"] video`;
  await page.waitForFunction(
    (s, min) => ((document.querySelector(s) as HTMLVideoElement | null)?.videoWidth ?? 0) >= min,
    {},
    selector,
    REAL_PICTURE_WIDTH,
  );
  const start = await page.$eval(selector, (video) => (video as HTMLVideoElement).currentTime);
  await page.waitForFunction(
    (s, t) => ((document.querySelector(s) as HTMLVideoElement).currentTime ?? 0) > t,
    {},
    selector,
    start,
  );
}

/** The safety code Firefox shows in the figure named `name` (in its text, as the UI contract says). */
async function firefoxSafetyCode(page: FirefoxPage, name: string): Promise<string> {
  const pattern = SAFETY_CODE_TEXT.source;
  const found = await page.waitForFunction(
    (label, source) =>
      new RegExp(source).exec(
        document.querySelector(`figure[aria-label="${label}"]`)?.textContent ?? '',
      )?.[1],
    {},
    name,
    pattern,
  );
  return (await found.jsonValue()) as string;
}

test('a Chromium and a Firefox participant see each other, chat, send each other files, see each other mute, and share one safety code', async ({
  person,
  baseURL,
}) => {
  const room = freshRoom('ff');
  const chrome = await person();
  await joinCall(chrome.page, room, 'Chrome');

  firefox = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.peerconnection.ice.loopback': true,
    },
  });
  const fox = await firefox.newPage();
  const errors: string[] = [];
  fox.on('pageerror', (error) => errors.push(String(error)));
  await fox.goto(`${baseURL}/r/${room}?name=Fox`);
  await fox.locator('::-p-aria(Join call[role="button"])').click();
  await fox.waitForSelector('figure[aria-label="Fox (you)"]');

  await expectVideoPlaying(remoteFigure(chrome.page, 'Fox'));
  await firefoxSeesVideo(fox, 'Chrome');

  await sendChat(chrome.page, 'hello from Chromium');
  await fox.waitForFunction(() =>
    document
      .querySelector('[role="log"][aria-label="Chat messages"]')
      ?.textContent?.includes('hello from Chromium'),
  );
  await fox.locator('::-p-aria(Message[role="textbox"])').fill('hello from Firefox');
  await fox.keyboard.press('Enter');
  await expect(chatLog(chrome.page)).toContainText('hello from Firefox');

  // A file each way over a data channel of its own. Firefox offers the download only once
  // the SHA-256 of what arrived matched (and says so to the sender: "Sent to 1 person"); the
  // test cannot read the blob itself there, the page's CSP keeps fetch() to its own origin.
  // What Chromium receives, the test downloads and hashes itself.
  const toFox = randomFile('to-firefox.bin', 3 * 1024 * 1024);
  await attachFile(chrome.page, toFox.path);
  await fox.waitForSelector(`a[aria-label="Download ${toFox.name}"][download="${toFox.name}"]`, {
    timeout: 60_000,
  });
  await expect(fileItem(chrome.page, toFox.name)).toContainText('Sent to 1 person');
  const toChrome = randomFile('to-chromium.bin', 3 * 1024 * 1024);
  const input = await fox.waitForSelector('input[type="file"]');
  await input?.uploadFile(toChrome.path);
  expect(await downloadedSha256(chrome.page, toChrome.name)).toBe(toChrome.sha256);

  await fox.locator('::-p-aria(Microphone[role="button"])').click();
  await expect(remoteFigure(chrome.page, 'Fox').getByRole('img', { name: 'Microphone off' })).toBeVisible();
  await fox.locator('::-p-aria(Microphone[role="button"])').click();
  await expect(remoteFigure(chrome.page, 'Fox').getByRole('img', { name: 'Microphone off' })).toHaveCount(0);

  // Both browsers work the connection's code out from the fingerprints they use: the same.
  const code = await safetyCodeOf(chrome.page, 'Fox');
  expect(await firefoxSafetyCode(fox, 'Chrome')).toBe(code);
  expect(errors).toEqual([]);
});
