import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const signaling = process.env.MOIM_SIGNALING_URL ?? 'http://127.0.0.1:3001';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The workspace packages' `source` export: the shared protocol is compiled from its
    // TypeScript source into the bundle.
    conditions: ['source', ...defaultClientConditions],
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
