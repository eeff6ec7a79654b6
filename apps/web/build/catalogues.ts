import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import type { Plugin } from 'vite';
import { CATALOGUE_PARTS, type CataloguePart, SHARED_WITH_ROOM } from '../src/locales/parts.ts';

const web = fileURLToPath(new URL('..', import.meta.url));
/** `src/locales/ko.json`, or one part of it: `src/locales/ko.json?part=home`. */
const CATALOGUE = /\/src\/locales\/[a-z-]+\.json(?:\?part=(\w+))?$/;
const SOURCE = /^src\/.*\.tsx?$/;

/** Every message id, from the source catalogue. */
export function messageIds(): string[] {
  return Object.keys(JSON.parse(readFileSync(`${web}src/locales/en.json`, 'utf8')) as object);
}

/** A message id written as a string literal in the source: `'lobby.joinCall'`. */
export function idLiteral(ids: string[]): RegExp {
  return new RegExp(`(['"])(${ids.map((id) => id.replaceAll('.', '\\.')).join('|')})\\1`, 'g');
}

/** Every module of the app (tests excluded) and the message ids it names, as string literals. */
export function idsByModule(literal: RegExp): Map<string, Set<string>> {
  const modules = new Map<string, Set<string>>();
  for (const entry of readdirSync(`${web}src`, { recursive: true, encoding: 'utf8' })) {
    const file = `src/${entry.replaceAll('\\', '/')}`;
    if (!SOURCE.test(file) || /\.test\.tsx?$|^src\/test\//.test(file)) continue;
    const code = readFileSync(`${web}${file}`, 'utf8');
    modules.set(file, new Set(Array.from(code.matchAll(literal), (match) => match[2] as string)));
  }
  return modules;
}

/** The message ids in each part (src/locales/parts.ts). */
export function partIds(
  modules: Map<string, Set<string>>,
  ids: string[],
): Record<CataloguePart, Set<string>> {
  const listed = new Set<string>(Object.values(CATALOGUE_PARTS).flat());
  const inRoom = new Set<string>();
  const used = new Set<string>();
  for (const [file, named] of modules) {
    for (const id of named) used.add(id);
    if (!listed.has(file) || SHARED_WITH_ROOM.includes(file)) for (const id of named) inRoom.add(id);
  }
  // A message no module names (one built from parts, say) stays where every page has it.
  for (const id of ids) if (!used.has(id)) inRoom.add(id);
  const of = (files: readonly string[]) => new Set(files.flatMap((file) => [...(modules.get(file) ?? [])]));
  return {
    room: inRoom,
    home: of(CATALOGUE_PARTS.home),
    files: of(CATALOGUE_PARTS.files),
    host: of(CATALOGUE_PARTS.host),
    unsupported: of(CATALOGUE_PARTS.unsupported),
  };
}

/**
 * The language catalogues (src/locales/*.json, ICU messages) compiled at build time, so the
 * page ships Lingui's small runtime and not its message parser. A message that does not
 * parse fails the build. In a production build the readable message ids (`lobby.joinCall`)
 * become short ones (`2t`), in the catalogues and in every string literal of the app's
 * source that is exactly an id, as Lingui's own tooling does with its generated ids; and
 * each catalogue is cut into parts (src/locales/parts.ts), `<language>.json?part=<part>`
 * holding that part's messages, `<language>.json` the room's. The dev server serves every
 * message in every part, so a word added while it runs is there at once.
 */
export function compiledCatalogues({ production }: { production: boolean }): Plugin {
  const ids = messageIds();
  const short = new Map(ids.map((id, index) => [id, production ? index.toString(36) : id]));
  const literal = idLiteral(ids);
  let parts: Record<CataloguePart, Set<string>> | null = null;
  return {
    name: 'moim:compiled-catalogues',
    enforce: 'pre',
    buildStart() {
      parts = production ? partIds(idsByModule(literal), ids) : null;
    },
    transform(code, id) {
      const catalogue = CATALOGUE.exec(id);
      if (catalogue) {
        const part = (catalogue[1] ?? 'room') as CataloguePart;
        if (parts && !parts[part]) this.error(`no catalogue part "${part}" (src/locales/parts.ts)`);
        const messages = JSON.parse(code) as Record<string, string>;
        const compiled = Object.fromEntries(
          Object.entries(messages)
            .filter(([key]) => !parts || parts[part].has(key))
            .map(([key, message]) => [short.get(key) ?? key, compileMessage(message)]),
        );
        return { code: `export default ${JSON.stringify(compiled)};`, moduleType: 'js', map: null };
      }
      if (production && /\/apps\/web\/src\/.*\.tsx?$/.test(id) && !/\.test\.tsx?$/.test(id)) {
        const replaced = code.replace(
          literal,
          (_, quote: string, name: string) => `${quote}${short.get(name)}${quote}`,
        );
        return replaced === code ? null : { code: replaced, map: null };
      }
      return null;
    },
    generateBundle(_, bundle) {
      if (!parts) return;
      // A lazy part's module loads its words with its code: in the room's own chunk, it would
      // show message ids.
      const lazy = [...CATALOGUE_PARTS.files, ...CATALOGUE_PARTS.host, ...CATALOGUE_PARTS.unsupported];
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const modules = chunk.moduleIds.map((moduleId) => moduleId.replace(web, ''));
        const eager = chunk.isEntry || modules.includes('src/ui/RoomPage.tsx');
        for (const file of lazy) {
          if (eager && modules.includes(file)) {
            this.error(`${file} is in ${chunk.fileName}: import it lazily, its words load with it`);
          }
        }
      }
    },
  };
}
