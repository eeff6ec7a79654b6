import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Tests read the workspace packages from their TypeScript sources: no build needed.
const alias = {
  '@moim/protocol': fileURLToPath(new URL('packages/protocol/src/index.ts', import.meta.url)),
  '@moim/server': fileURLToPath(new URL('apps/server/src/index.ts', import.meta.url)),
};

export default defineConfig({
  test: {
    // `pnpm test` needs no Redis; `pnpm test:redis` runs the tests that do.
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'protocol',
          root: 'packages/protocol',
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          root: 'apps/server',
          environment: 'node',
          exclude: ['**/node_modules/**', '**/*.redis.test.ts'],
        },
      },
      {
        resolve: { alias },
        // Needs a redis-server binary: `pnpm test:redis`, which CI runs.
        test: {
          name: 'redis',
          root: 'apps/server',
          environment: 'node',
          include: ['src/**/*.redis.test.ts'],
        },
      },
      {
        plugins: [react()],
        resolve: { alias },
        test: {
          name: 'web',
          root: 'apps/web',
          environment: 'jsdom',
          setupFiles: ['./src/test/setup.ts'],
        },
      },
    ],
  },
});
