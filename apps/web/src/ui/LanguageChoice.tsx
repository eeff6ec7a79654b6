import { chooseLanguage, isLocale, LANGUAGE_NAMES, LOCALES, useLocale, useT } from './i18n';

/** The **Language** choice, on the home page and in Settings: takes effect at once, remembered here. */
export function LanguageChoice({ className = '' }: { className?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <label className={`device-choice language-choice ${className}`}>
      <span className="field-label">{t('language.label')}</span>
      <select
        className="input"
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) void chooseLanguage(event.target.value);
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
