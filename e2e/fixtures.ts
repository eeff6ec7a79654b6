import { type BrowserContext, test as base, type Page } from '@playwright/test';

export { expect } from '@playwright/test';

/**
 * A new person: a browser context of its own, camera and microphone allowed unless
 * `media: false`, its browser's language `locale` (Playwright's default otherwise).
 */
export type Person = (options?: {
  media?: boolean;
  locale?: string;
}) => Promise<{ context: BrowserContext; page: Page }>;

interface Fixtures {
  person: Person;
}

/** Playwright's test, with people whose contexts are closed after each test. */
export const test = base.extend<Fixtures>({
  person: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async ({ media = true, locale } = {}) => {
      const context = await browser.newContext({
        permissions: media ? ['camera', 'microphone'] : [],
        ...(locale ? { locale } : {}),
      });
      contexts.push(context);
      return { context, page: await context.newPage() };
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});
