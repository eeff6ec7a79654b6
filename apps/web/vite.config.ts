import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const signaling = process.env.MOIM_SIGNALING_URL ?? 'http://127.0.0.1:3001';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The shared protocol is compiled from its TypeScript source into the bundle.
    alias: {
      '@moim/protocol': fileURLToPath(new URL('../../packages/protocol/src/index.ts', import.meta.url)),
    },
  },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: {
      '/socket.io': { target: signaling, ws: true },
      '/healthz': signaling,
    },
  },
});
