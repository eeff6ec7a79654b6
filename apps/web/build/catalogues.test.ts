// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CATALOGUE_PARTS, type CataloguePart } from '../src/locales/parts';
import { compiledCatalogues, idLiteral, idsByModule, messageIds, partIds } from './catalogues';

const ids = messageIds();
const modules = idsByModule(idLiteral(ids));
const parts = partIds(modules, ids);

/** The parts a module's words must be in: those it is listed for, else the room's. */
function pagesOf(file: string): CataloguePart[] {
  const listed = Object.entries(CATALOGUE_PARTS)
    .filter(([, files]) => (files as readonly string[]).includes(file))
    .map(([part]) => part as CataloguePart);
  return file === 'src/ui/LanguageChoice.tsx' ? [...listed, 'room'] : listed.length ? listed : ['room'];
}

describe('catalogue parts', () => {
  it('give every module the words it names, in each part it is shown with', () => {
    expect(modules.get('src/ui/Lobby.tsx')).toContain('lobby.joinCall');
    for (const [file, named] of modules) {
      for (const part of pagesOf(file)) {
        for (const id of named)
          expect({ file, part, id, in: parts[part].has(id) }).toMatchObject({ in: true });
      }
    }
  });

  it('leave out of the room what only the home page, the file item or the unsupported page shows', () => {
    expect(parts.room).toContain('language.label');
    expect(parts.room).toContain('files.attach');
    for (const id of ['home.newRoom', 'files.failure', 'unsupported.title'])
      expect(parts.room).not.toContain(id);
    expect(parts.home).toEqual(new Set([...(modules.get('src/ui/HomePage.tsx') ?? []), 'language.label']));
    expect(parts.files).toContain('files.failure');
    expect(parts.unsupported).toContain('unsupported.title');
  });

  it('hold every message somewhere', () => {
    const anywhere = new Set(Object.values(parts).flatMap((part) => [...part]));
    expect(ids.filter((id) => !anywhere.has(id))).toEqual([]);
  });

  it('fail the build when a lazy part’s module is bundled into the room’s chunk', () => {
    const plugin = compiledCatalogues({ production: true });
    const call = <T>(hook: unknown, self: object, ...args: unknown[]) =>
      (hook as (...a: unknown[]) => T).call(self, ...args);
    call(plugin.buildStart, {});
    const web = new URL('..', import.meta.url).pathname;
    const chunk = (fileName: string, files: string[], isEntry = false) => ({
      type: 'chunk',
      fileName,
      isEntry,
      moduleIds: files.map((file) => `${web}${file}`),
    });
    const errors: string[] = [];
    const context = { error: (message: string) => errors.push(message) };
    call(
      plugin.generateBundle,
      context,
      {},
      {
        a: chunk('RoomPage.js', ['src/ui/RoomPage.tsx', 'src/ui/ChatPanel.tsx']),
        b: chunk('ChatFileItem.js', ['src/ui/ChatFileItem.tsx']),
      },
    );
    expect(errors).toEqual([]);
    call(
      plugin.generateBundle,
      context,
      {},
      {
        a: chunk('RoomPage.js', ['src/ui/RoomPage.tsx', 'src/ui/ChatFileItem.tsx']),
      },
    );
    expect(errors).toEqual([expect.stringContaining('src/ui/ChatFileItem.tsx is in RoomPage.js')]);
  });
});
