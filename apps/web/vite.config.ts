import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const signaling = process.env.MOIM_SIGNALING_URL ?? 'http://127.0.0.1:3001';

/**
 * The language catalogues (src/locales/*.json, ICU messages) compiled at build time, so the
 * page ships Lingui's small runtime and not its message parser. A message that does not
 * parse fails the build. In a production build the readable message ids (`lobby.joinCall`)
 * become short ones (`2t`), in the catalogues and in every string literal of the app's
 * source that is exactly an id, as Lingui's own tooling does with its generated ids.
 */
function compiledCatalogues({ shortIds }: { shortIds: boolean }): Plugin {
  const ids = Object.keys(
    JSON.parse(readFileSync(new URL('./src/locales/en.json', import.meta.url), 'utf8')) as object,
  );
  const short = new Map(ids.map((id, index) => [id, shortIds ? index.toString(36) : id]));
  const literal = new RegExp(`(['"])(${ids.map((id) => id.replaceAll('.', '\\.')).join('|')})\\1`, 'g');
  return {
    name: 'moim:compiled-catalogues',
    enforce: 'pre',
    transform(code, id) {
      if (/\/src\/locales\/[a-z-]+\.json$/.test(id)) {
        const messages = JSON.parse(code) as Record<string, string>;
        const compiled = Object.fromEntries(
          Object.entries(messages).map(([key, message]) => [short.get(key) ?? key, compileMessage(message)]),
        );
        return { code: `export default ${JSON.stringify(compiled)};`, moduleType: 'js', map: null };
      }
      if (shortIds && /\/apps\/web\/src\/.*\.tsx?$/.test(id) && !/\.test\.tsx?$/.test(id)) {
        const replaced = code.replace(
          literal,
          (_, quote: string, name: string) => `${quote}${short.get(name)}${quote}`,
        );
        return replaced === code ? null : { code: replaced, map: null };
      }
      return null;
    },
  };
}

/** Files worth compressing: text. Images other than SVG, and fonts, are compressed already. */
const COMPRESSIBLE = /\.(?:js|css|html|json|svg|txt|webmanifest)$/;

/**
 * Every text file of the build also written brotli-compressed (`.br`, quality 11) and
 * gzipped (`.gz`, level 9) beside it, for the server to send as the request accepts
 * (apps/server/src/http.ts): compressed once here, at the strongest settings, and never
 * per request. A copy that would not be smaller is not written.
 */
function precompressed(): Plugin {
  const brotli = promisify(brotliCompress);
  const gzipped = promisify(gzip);
  let outDir = 'dist';
  return {
    name: 'moim:precompressed',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle() {
      // The whole output folder, the files copied from public/ included.
      const files = (await readdir(outDir, { recursive: true })).filter((file) => COMPRESSIBLE.test(file));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const bytes = await readFile(path);
          const [br, gz] = await Promise.all([
            brotli(bytes, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
              },
            }),
            gzipped(bytes, { level: 9 }),
          ]);
          if (br.length < bytes.length) await writeFile(`${path}.br`, br);
          if (gz.length < bytes.length) await writeFile(`${path}.gz`, gz);
        }),
      );
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), compiledCatalogues({ shortIds: command === 'build' }), precompressed()],
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
