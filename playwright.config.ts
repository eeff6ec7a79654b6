import { defineConfig } from '@playwright/test';
import { BASE_ARGS, CHROMIUM_PATH } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3999);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  outputDir: 'test-results/playwright',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    permissions: ['camera', 'microphone'],
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: BASE_ARGS,
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /screen-share\.spec\.ts/ },
    {
      // Headless Chromium can share a (fake) screen only with its fake permission UI, which
      // would also accept every camera prompt: so screen sharing runs in a browser of its own.
      name: 'chromium-screen',
      testMatch: /screen-share\.spec\.ts/,
      use: {
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [...BASE_ARGS, '--use-fake-ui-for-media-stream'],
        },
      },
    },
  ],
  webServer: {
    // The built app, exactly as `pnpm start` serves it.
    command: 'node apps/server/dist/main.js',
    url: `${BASE_URL}/healthz`,
    env: { PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
