import { cleanText } from '@moim/protocol';

export type ChatSegment = { text: string; href?: undefined } | { text: string; href: string };

const URL_LIKE = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than a link: "see https://example.org." */
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * Splits a chat message into text and links. Only http(s) addresses become links; anything
 * else (`javascript:`, `data:`) stays text. Control and reordering characters are removed
 * first, as the server does, so a message can never reorder what is shown around it.
 *
 * @example chatSegments('see https://moim.example/r/a.') // [{text:'see '}, {text:'https://moim.example/r/a', href:…}, {text:'.'}]
 */
export function chatSegments(message: string): ChatSegment[] {
  const text = cleanText(message);
  const segments: ChatSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_LIKE)) {
    const raw = match[0].replace(TRAILING, '');
    let href: string;
    try {
      const url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      href = url.href;
    } catch {
      continue;
    }
    if (match.index > last) segments.push({ text: text.slice(last, match.index) });
    segments.push({ text: raw, href });
    last = match.index + raw.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}
