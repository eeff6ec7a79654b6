import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { expect, type Locator, type Page } from '@playwright/test';
import { chatLog } from './helpers';

/** Helpers for files sent in the chat (chat-files.spec.ts, firefox.spec.ts). */

const dir = mkdtempSync(join(tmpdir(), 'moim-files-'));

/** A file of random bytes on disk, and its SHA-256. */
export function randomFile(name: string, size: number) {
  const path = join(dir, name);
  const bytes = randomBytes(size);
  writeFileSync(path, bytes);
  return { path, name, size, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A 160×100 PNG (a colour gradient), a real image for the preview. */
export function pngFile(name: string) {
  const width = 160;
  const height = 100;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows[at] = 40 + x;
      rows[at + 1] = 120 + y;
      rows[at + 2] = 200;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const path = join(dir, name);
  writeFileSync(path, png);
  return { path, name, size: png.length };
}

export const sha256OfFile = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Sends a file with Attach file, as a person picking it would. */
export async function attachFile(page: Page, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach file' }).click();
  await (await chooser).setFiles(path);
}

/** The newest chat item of a file named `name`. */
export function fileItem(page: Page, name: string): Locator {
  return chatLog(page).getByRole('listitem').filter({ hasText: name }).last();
}

/** Downloads the file from its item and resolves with the SHA-256 of what was saved. */
export async function downloadedSha256(page: Page, name: string) {
  const link = fileItem(page, name).getByRole('link', { name: `Download ${name}` });
  await expect(link).toBeVisible({ timeout: 120_000 });
  const download = page.waitForEvent('download');
  await link.click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(name);
  return sha256OfFile(await saved.path());
}

/**
 * Starts recording in `page` every value a file's progress bar shows, so a test can tell
 * that the bar moved, however fast the file went.
 */
export async function recordProgress(page: Page) {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    const note = () => {
      for (const bar of document.querySelectorAll('progress')) seen.push(bar.value / bar.max);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['value'],
    });
  });
}

/** Whether the page's progress bar showed a value between empty and full since recordProgress. */
export const progressMoved = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { progressSeen: number[] }).progressSeen.some((value) => value > 0 && value < 1),
  );
