import { expect, test } from './fixtures';
import { freshRoom } from './helpers';

type Shift = PerformanceEntry & { value: number };

declare global {
  interface Window {
    /** Every layout shift so far (`shifts`), and the observer that holds those not yet handed over. */
    layout: { shifts: number[]; observer: PerformanceObserver };
  }
}

// The lobby fills in as the browser answers: the camera's picture, then the lists of
// devices. Nothing on it may move meanwhile (Lighthouse counted ~44 px once the lists came).
for (const [screen, viewport] of [
  ['a wide screen', { width: 1280, height: 800 }],
  ['a phone', { width: 390, height: 844 }],
] as const) {
  test(`the lobby does not move as the camera and the device lists arrive, on ${screen}`, async ({
    person,
  }) => {
    const { page } = await person();
    await page.setViewportSize(viewport);
    await page.addInitScript(() => {
      const shifts: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) shifts.push((entry as Shift).value);
      });
      observer.observe({ type: 'layout-shift', buffered: true });
      window.layout = { shifts, observer };
    });
    await page.goto(`/r/${freshRoom('lobby')}`);
    await expect(page.getByRole('combobox', { name: 'Choose camera' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Choose microphone' })).toBeVisible();
    await expect(page.getByLabel('Camera preview')).toBeVisible();
    await expect(page.getByText('Nobody is here yet')).toBeVisible();
    const shifts = await page.evaluate(() => [
      ...window.layout.shifts,
      ...window.layout.observer.takeRecords().map((entry) => (entry as Shift).value),
    ]);
    expect(shifts).toEqual([]);
  });
}
