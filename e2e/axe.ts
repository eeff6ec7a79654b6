import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.0, 2.1 and 2.2 A and AA rules axe-core has. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** A desktop and a phone. */
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 360, height: 740 },
];

/**
 * Runs axe-core over the page as it is, at each width in turn (the viewport is put back
 * after), and expects no violation: each one is listed with the elements it found.
 */
export async function expectNoAxeViolations(page: Page, screen: string) {
  const before = page.viewportSize();
  const found: string[] = [];
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    for (const violation of violations) {
      const where = violation.nodes.map((node) => node.target.join(' ')).join(', ');
      found.push(`${screen} at ${size.width}px: ${violation.id} (${violation.help}) at ${where}`);
    }
  }
  if (before) await page.setViewportSize(before);
  expect(found).toEqual([]);
}
