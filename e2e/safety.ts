import { expect, type Page } from '@playwright/test';
import { remoteFigure } from './helpers';

/** The UI contract's form: "Safety code" right before digits in groups, one space apart. */
export const SAFETY_CODE_TEXT = /Safety code (\d+(?: \d+)+)/;

/**
 * Opens `name`'s connection details from the keyboard, reads the safety code shown there,
 * and closes them again with Escape.
 */
export async function safetyCodeOf(page: Page, name: string): Promise<string> {
  const figure = remoteFigure(page, name);
  const button = figure.getByRole('button', { name: 'Connection details' });
  await button.focus();
  if ((await button.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('Enter');
  const panel = figure.getByRole('group', { name: 'Connection details' });
  await expect(panel).toBeVisible();
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a person reads it.
  const code = SAFETY_CODE_TEXT.exec(await panel.innerText())?.[1];
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  expect(code).toMatch(/^\d{5}( \d{5})+$/);
  return code as string;
}
