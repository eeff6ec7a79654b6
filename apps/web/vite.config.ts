import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { compiledCatalogues } from './build/catalogues.ts';
import { precompressed } from './build/precompressed.ts';

const signaling = process.env.MOIM_SIGNALING_URL ?? 'http://127.0.0.1:3001';

export default defineConfig(({ command }) => ({
  plugins: [react(), compiledCatalogues({ production: command === 'build' }), precompressed()],
  resolve: {
    // The workspace packages' `source` export: the shared protocol is compiled from its
    // TypeScript source into the bundle.
    conditions: ['source', ...defaultClientConditions],
    alias: { debug: fileURLToPath(new URL('./src/no-debug.ts', import.meta.url)) },
  },
  build: {
    target: 'es2022',
    // No source maps by default: a published map is the app's whole source, 2 MB of it.
    // `MOIM_SOURCEMAP=1 pnpm build` writes them beside the files, referenced by no file
    // (`hidden`: for an error tracker); the server never serves a `.map` (apps/server/src/http.ts).
    sourcemap: process.env.MOIM_SOURCEMAP === '1' ? 'hidden' : false,
    rolldownOptions: {
      // The precompression takes about a second: expected, not worth a warning each build.
      checks: { bundlerTimings: false },
    },
    // index.html preloads the chunks its script imports, and a lazy chunk's imports load
    // alongside it, not one after the other. A browser without `modulepreload` (Safari before
    // 17) loads them when imported, as before: no polyfill.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/socket.io': { target: signaling, ws: true },
      '/healthz': signaling,
    },
  },
}));
