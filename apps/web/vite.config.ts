import { compileMessage } from '@lingui/message-utils/compileMessage';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const signaling = process.env.MOIM_SIGNALING_URL ?? 'http://127.0.0.1:3001';

/**
 * The language catalogues (src/locales/*.json, ICU messages) compiled at build time, so the
 * page ships Lingui's small runtime and not its message parser. A message that does not
 * parse fails the build.
 */
function compiledCatalogues(): Plugin {
  return {
    name: 'moim:compiled-catalogues',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/locales\/[a-z-]+\.json$/.test(id)) return null;
      const messages = JSON.parse(code) as Record<string, string>;
      const compiled = Object.fromEntries(
        Object.entries(messages).map(([key, message]) => [key, compileMessage(message)]),
      );
      return { code: `export default ${JSON.stringify(compiled)};`, moduleType: 'js', map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), compiledCatalogues()],
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
