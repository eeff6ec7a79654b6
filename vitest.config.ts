import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defaultServerConditions, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests read the workspace packages from their TypeScript sources (their `source` export),
// no build needed: node tests resolve as Vite's server side does, jsdom ones as its client.
const source = {
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
};

// The app asks for parts of a language's catalogue (`ko.json?part=home`), which the build cuts
// (apps/web/build/catalogues.ts): tests get the whole catalogue for any part, as JSON.
const wholeCatalogues: Plugin = {
  name: 'whole-catalogues',
  enforce: 'pre',
  load(id) {
    const file = /^(.*\/src\/locales\/[a-z-]+\.json)\?part=\w+$/.exec(id)?.[1];
    return file ? `export default ${readFileSync(file, 'utf8')};` : null;
  },
};

export default defineConfig({
  test: {
    // `pnpm test` needs no Redis; `pnpm test:redis` runs the tests that do.
    projects: [
      {
        ...source,
        test: {
          name: 'protocol',
          root: 'packages/protocol',
          environment: 'node',
        },
      },
      {
        ...source,
        test: {
          name: 'server',
          root: 'apps/server',
          environment: 'node',
          // Real sockets against a real server: the flood test took over 5 s at load 40-50.
          testTimeout: 30_000,
          exclude: ['**/node_modules/**', '**/*.redis.test.ts'],
        },
      },
      {
        ...source,
        // Needs a redis-server binary: `pnpm test:redis`, which CI runs.
        test: {
          name: 'redis',
          root: 'apps/server',
          environment: 'node',
          include: ['src/**/*.redis.test.ts'],
        },
      },
      {
        plugins: [react(), wholeCatalogues],
        ...source,
        test: {
          name: 'web',
          root: 'apps/web',
          environment: 'jsdom',
          setupFiles: ['./src/test/setup.ts'],
          // Component tests click through dialogs and panels: on a 2-core machine at load 30
          // one took over the default 5 s. They assert what is shown, never how fast.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
