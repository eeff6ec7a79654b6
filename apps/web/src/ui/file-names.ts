/**
 * A file name as the `download` attribute may carry it: no path separators, reserved or
 * control characters (the browser cleans too, but not alike everywhere), no leading dots
 * (a hidden file), at most 200 characters with the extension kept.
 *
 * @example safeDownloadName('../../etc/passwd') // "_.._etc_passwd"
 */
export function safeDownloadName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
  let safe = name.replace(/[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/g, '_').trim();
  safe = safe.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (safe.length > 200) {
    const dot = safe.lastIndexOf('.');
    const extension = dot > 0 && safe.length - dot <= 16 ? safe.slice(dot) : '';
    safe = safe.slice(0, 200 - extension.length) + extension;
  }
  return safe || 'file';
}
