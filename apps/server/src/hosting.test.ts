import { afterEach } from 'vitest';
import { type App, createApp } from './app.js';
import { testConfig } from './config.js';
import { hostingScenarios } from './hosting-scenarios.js';

const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

hostingScenarios('one server', async (overrides) => {
  const app = createApp(testConfig(overrides));
  apps.push(app);
  const url = await app.listen();
  return [url, url];
});
