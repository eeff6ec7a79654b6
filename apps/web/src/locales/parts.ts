/**
 * The parts each language's catalogue is cut into (build/catalogues.ts), so a page loads the
 * words its own code shows: a message goes with the modules that use it. `room`, the
 * default, holds every message except those used only by the modules listed for `home`
 * (bar the ones the room shares), `files`, `host` or `unsupported`; each of those holds the messages
 * its modules use. A module listed for `files`, `host` or `unsupported` must be imported lazily, and
 * loads its words with its code (the build checks the first).
 */
export const CATALOGUE_PARTS = {
  home: ['src/ui/HomePage.tsx', 'src/ui/LanguageChoice.tsx'],
  files: ['src/ui/ChatFileItem.tsx'],
  host: ['src/ui/HostTools.tsx', 'src/ui/KnockDialog.tsx'],
  unsupported: ['src/ui/UnsupportedPage.tsx'],
} as const;

/** Of `home`'s modules, those the room shows too: their words stay in `room` as well. */
export const SHARED_WITH_ROOM: readonly string[] = ['src/ui/LanguageChoice.tsx'];

export type CataloguePart = 'room' | keyof typeof CATALOGUE_PARTS;
