import { readFileSync } from 'node:fs';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import type { Plugin } from 'vite';

/**
 * The language catalogues (src/locales/*.json, ICU messages) compiled at build time, so the
 * page ships Lingui's small runtime and not its message parser. A message that does not
 * parse fails the build. In a production build the readable message ids (`lobby.joinCall`)
 * become short ones (`2t`), in the catalogues and in every string literal of the app's
 * source that is exactly an id, as Lingui's own tooling does with its generated ids.
 */
export function compiledCatalogues({ shortIds }: { shortIds: boolean }): Plugin {
  const ids = Object.keys(
    JSON.parse(readFileSync(new URL('../src/locales/en.json', import.meta.url), 'utf8')) as object,
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
