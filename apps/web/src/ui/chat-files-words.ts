import { i18n } from '@lingui/core';
import { FILE_MAX_BYTES } from '@moim/protocol';
import { t } from './i18n';

/*
 * The words of the chat's files and typing indicator that take more than one message id
 * (src/locales): who is typing, how big a file is. Why a transfer failed is in
 * ChatFileItem.tsx, loaded with the first file. The engine hands over codes only.
 */

/** "Alice is typing…", "3 people are typing…"; nothing while nobody types. */
export function typingStatus(names: string[]): string {
  if (names.length === 0) return '';
  return t('chat.typing', { count: names.length, name: names[0] ?? '' });
}

const UNITS = [
  [1024 ** 3, 'gigabyte'],
  [1024 ** 2, 'megabyte'],
  [1024, 'kilobyte'],
] as const;

/** A size for people, in the page's language: "532 bytes", "12 kB", "20.5 MB" (Intl units). */
export function formatSize(bytes: number): string {
  const [size, unit] = UNITS.find(([size]) => bytes >= size) ?? [1, 'byte'];
  return new Intl.NumberFormat(i18n.locale, {
    style: 'unit',
    unit,
    unitDisplay: unit === 'byte' ? 'long' : 'short',
    maximumFractionDigits: unit === 'kilobyte' ? 0 : 1,
  }).format(bytes / size);
}

/** What the chat says when a file is over the per-file limit. */
export const fileTooLarge = () => t('files.tooLarge', { size: formatSize(FILE_MAX_BYTES) });
