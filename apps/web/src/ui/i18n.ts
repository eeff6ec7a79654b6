import { i18n, type Messages } from '@lingui/core';
import { useSyncExternalStore } from 'react';
import type english from '../locales/en.json';

/*
 * The app's languages. Words live in src/locales/<language>.json (ICU messages, English the
 * source; compiled at build time by vite.config.ts), and only the active language is loaded.
 * Lingui's runtime formats them (plurals, selects); dates and lists use Intl directly.
 */

export const LOCALES = ['en', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageId = keyof typeof english;
type Values = Record<string, string | number | boolean>;

/** Each language named in itself, as language choices show them (never translated). */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ko: '한국어' };

const SAVED_KEY = 'moim:language';
const catalogues = import.meta.glob<Messages>('../locales/*.json', { import: 'default' });
const loaded = new Set<Locale>();

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

/** Loads `locale`'s catalogue (once) and makes it the page's language, `<html lang>` included. */
export async function activateLocale(locale: Locale): Promise<void> {
  if (!loaded.has(locale)) {
    const load = catalogues[`../locales/${locale}.json`];
    if (!load) throw new Error(`no catalogue for ${locale}`);
    i18n.load(locale, await load());
    loaded.add(locale);
  }
  i18n.activate(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
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
