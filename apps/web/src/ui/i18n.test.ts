import { describe, expect, it } from 'vitest';
import { activateLocale, chooseLanguage, chooseLocale, savedLocale, t } from './i18n';

describe('chooseLocale', () => {
  const none = { search: '', saved: null, languages: [] };

  it('takes ?lang= first, then the saved choice, then the browser, then English', () => {
    expect(chooseLocale({ search: '?lang=ko', saved: 'en', languages: ['en-US'] })).toBe('ko');
    expect(chooseLocale({ search: '?lang=en', saved: 'ko', languages: ['ko-KR'] })).toBe('en');
    expect(chooseLocale({ search: '', saved: 'ko', languages: ['en-US'] })).toBe('ko');
    expect(chooseLocale({ search: '', saved: null, languages: ['ko-KR', 'en'] })).toBe('ko');
    expect(chooseLocale({ search: '', saved: null, languages: ['fr-FR', 'ko'] })).toBe('ko');
    expect(chooseLocale(none)).toBe('en');
  });

  it('ignores languages it does not have', () => {
    expect(chooseLocale({ search: '?lang=fr', saved: 'de', languages: ['ja-JP'] })).toBe('en');
  });
});

describe('activating a language', () => {
  it('sets <html lang> and the words', async () => {
    await activateLocale('ko');
    expect(document.documentElement.lang).toBe('ko');
    expect(t('lobby.joinCall')).toBe('통화 참여');
    expect(t('call.people', { count: 2 })).toBe('2명');
    await activateLocale('en');
    expect(document.documentElement.lang).toBe('en');
    expect(t('call.people', { count: 1 })).toBe('1 person');
    expect(t('call.people', { count: 2 })).toBe('2 people');
  });

  it('remembers a chosen language on this device, and in the address if it names one', async () => {
    window.history.replaceState(null, '', '/r/team?lang=en&name=Ada');
    await chooseLanguage('ko');
    expect(savedLocale()).toBe('ko');
    expect(window.location.search).toBe('?lang=ko&name=Ada');
    expect(document.documentElement.lang).toBe('ko');
    localStorage.clear();
  });
});
