import '@testing-library/jest-dom/vitest';
import { i18n } from '@lingui/core';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { preloadChatFileBody } from '../ui/ChatFileOnDemand';
import { preloadHostTools } from '../ui/HostOnDemand';
import { activateLocale } from '../ui/i18n';

afterEach(() => cleanup());

// jsdom does not play media: play() resolves, as in a browser that allows autoplay.
if (typeof HTMLMediaElement !== 'undefined') {
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(async () => {});
}

// Components speak English unless a test chooses another language (the catalogues load as
// in the app: from src/locales).
await activateLocale('en');
afterEach(async () => {
  if (i18n.locale !== 'en') await activateLocale('en');
});

// What the app loads on demand is loaded before the tests, which then see it at once as the
// app does once it is loaded (ui/on-demand.test.tsx covers the loading itself).
await preloadChatFileBody();
await preloadHostTools();
