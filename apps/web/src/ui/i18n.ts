import { i18n, type Messages } from '@lingui/core';
import { use, useSyncExternalStore } from 'react';
import type english from '../locales/en.json';
import type { CataloguePart } from '../locales/parts';

/*
 * The app's languages. Words live in src/locales/<language>.json (ICU messages, English the
 * source; compiled at build time by build/catalogues.ts), and only the active language is
 * loaded, and of it only the parts the page shows (src/locales/parts.ts): the home page's,
 * the room's, a feature's with its code. Lingui's runtime formats them (plurals, selects);
 * dates and lists use Intl directly.
 */

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageId = keyof typeof english;
type Values = Record<string, string | number | boolean>;

/** Each language named in itself, as language choices show them (never translated). */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ko: '한국어' };

const SAVED_KEY = 'moim:language';
/** Each part of each language's catalogue, by part, then by file (`../locales/ko.json`). */
const catalogues: Record<CataloguePart, Record<string, () => Promise<Messages>>> = {
  room: import.meta.glob<Messages>('../locales/*.json', { import: 'default' }),
  home: import.meta.glob<Messages>('../locales/*.json', { import: 'default', query: '?part=home' }),
  files: import.meta.glob<Messages>('../locales/*.json', { import: 'default', query: '?part=files' }),
  host: import.meta.glob<Messages>('../locales/*.json', { import: 'default', query: '?part=host' }),
  unsupported: import.meta.glob<Messages>('../locales/*.json', {
    import: 'default',
    query: '?part=unsupported',
  }),
};
/** The parts of a language loaded so far, or loading: `ko room` → its load. */
const loading = new Map<string, Promise<void>>();
const loaded = new Set<string>();
/** The parts this page has needed: a language chosen later loads them all. */
const needed = new Set<CataloguePart>();
/** The language being activated, then the active one: parts load in it. */
let current: Locale | null = null;

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/**
 * Which language to show: `?lang=`, then the choice saved on this device, then the
 * browser's preferred languages (`ko-KR` is Korean), English otherwise.
 */
export function chooseLocale({
  search,
  saved,
  languages,
}: {
  search: string;
  saved: string | null;
  languages: readonly string[];
}): Locale {
  const asked = new URLSearchParams(search).get('lang');
  if (isLocale(asked)) return asked;
  if (isLocale(saved)) return saved;
  for (const tag of languages) {
    const language = tag.toLowerCase().split('-')[0];
    if (isLocale(language)) return language;
  }
  return 'en';
}

/** The saved choice, if this device has one (and lets us read it). */
export function savedLocale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage) {
  try {
    return storage?.getItem(SAVED_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Loads one part of `locale`'s catalogue, once. */
function loadPart(locale: Locale, part: CataloguePart): Promise<void> {
  const key = `${locale} ${part}`;
  let pending = loading.get(key);
  if (!pending) {
    const load = catalogues[part][`../locales/${locale}.json`];
    if (!load) return Promise.reject(new Error(`no catalogue for ${locale}`));
    pending = load().then(
      (messages) => {
        i18n.load(locale, messages);
        loaded.add(key);
      },
      (error: unknown) => {
        loading.delete(key); // The next ask tries again.
        throw error;
      },
    );
    loading.set(key, pending);
  }
  return pending;
}

/**
 * Loads `locale`'s catalogue (`parts` of it and every part the page needed before; with
 * neither, the room's) and makes it the page's language, `<html lang>` included.
 */
export async function activateLocale(locale: Locale, parts: CataloguePart[] = []): Promise<void> {
  for (const part of parts) needed.add(part);
  if (needed.size === 0) needed.add('room');
  current = locale;
  await Promise.all([...needed].map((part) => loadPart(locale, part)));
  if (current !== locale) return; // Another language was chosen meanwhile.
  i18n.activate(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Loads the words of `part` in the page's language (and in any it switches to later). */
export function loadWords(part: CataloguePart): Promise<void> {
  needed.add(part);
  return loadPart(current ?? 'en', part);
}

/** Whether the words of `part` in `locale` are here. */
export function hasWords(locale: Locale, part: CataloguePart): boolean {
  return loaded.has(`${locale} ${part}`);
}

/** Suspends a component until the words of `part` are here (a Suspense shows meanwhile). */
export function useWords(part: CataloguePart) {
  if (!hasWords(useLocale(), part)) use(loadWords(part));
}

/**
 * The person's choice: shown at once, remembered on this device, and written into the
 * address if it names a language, so a reload keeps it.
 */
export async function chooseLanguage(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(SAVED_KEY, locale);
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page.
  }
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', locale);
    window.history.replaceState(window.history.state, '', url);
  }
  await activateLocale(locale);
}

/** A message in the active language. */
export function t(id: MessageId, values?: Values): string {
  return i18n._(id, values);
}

const subscribe = (onChange: () => void) => i18n.on('change', onChange);

/** The active language; a component that calls it re-renders when the language changes. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, () => i18n.locale as Locale);
}

/** `t`, for components: using it re-renders the component in a newly chosen language. */
export function useT(): typeof t {
  useLocale();
  return t;
}

/** "Ana, Ben and Cho" in the active language. */
export function listOf(names: string[]): string {
  return new Intl.ListFormat(i18n.locale, { type: 'conjunction' }).format(names);
}
