import { ROOM_ID_MAX_LENGTH } from './limits.js';

/*
 * Room ids in any script: `team-standup`, `회의실`, `会議室`, `café`. One rule for the
 * browser and the server, so that a name typed, pasted or percent-decoded reaches the same
 * room whichever side looks at it.
 *
 * An id is 1–64 code points of letters (with their combining marks), decimal digits and
 * `-`, in Unicode NFC and lower case, whose letters all belong to one script. Writing
 * systems that mix scripts by nature count as one (UTS #39 "highly restrictive", without its
 * Latin): Han with Hiragana and Katakana (Japanese), Han with Hangul (Korean), Han with
 * Bopomofo. So `раураl` (Cyrillic with one Latin l) is refused: it would look like `paypal`.
 * Invisible letters (the Hangul fillers) are refused too.
 */

const CHARACTERS = /^[\p{L}\p{Nd}-][\p{L}\p{M}\p{Nd}-]*$/u;
/** Letters that render as nothing: Hangul fillers and the like. */
const INVISIBLE_LETTER = /[\p{Default_Ignorable_Code_Point}]/u;
/** A combining mark belongs on a letter, not on a digit or a dash. */
const STRAY_MARK = /(^|[\p{Nd}-])\p{M}/u;

/** The scripts told apart. */
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Mongolian',
  'Ethiopic',
  'Cherokee',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
] as const;
type Script = (typeof SCRIPTS)[number];
// Script_Extensions, not Script: the Japanese long-vowel mark ー is "Common" but used only
// with Hiragana and Katakana.
const SCRIPT_PATTERNS = SCRIPTS.map(
  (script) => [script, new RegExp(`\\p{Script_Extensions=${script}}`, 'u')] as const,
);

/** Scripts that one writing system mixes: the letters of a name may come from one of these. */
const WRITING_SYSTEMS: ReadonlySet<Script>[] = [
  ...SCRIPTS.map((script) => new Set([script])),
  new Set(['Han', 'Hiragana', 'Katakana']),
  new Set(['Han', 'Hangul']),
  new Set(['Han', 'Bopomofo']),
];

/** The scripts a letter is written in; empty for one outside the scripts told apart. */
function scriptsOfLetter(letter: string): Script[] {
  return SCRIPT_PATTERNS.filter(([, pattern]) => pattern.test(letter)).map(([script]) => script);
}

/**
 * True if all of `text`'s letters fit one writing system (digits, dashes and marks have no
 * script of their own). Letters of scripts not told apart pass only on their own.
 */
function oneScript(text: string): boolean {
  const letters = [...text].filter((char) => /\p{L}/u.test(char)).map(scriptsOfLetter);
  if (letters.some((scripts) => scripts.length === 0)) {
    return letters.every((scripts) => scripts.length === 0);
  }
  return WRITING_SYSTEMS.some((system) => letters.every((scripts) => scripts.some((s) => system.has(s))));
}

/** The form an id is compared and stored in: NFC, lower case. */
export function canonicalRoomId(id: string): string {
  return id.normalize('NFC').toLowerCase();
}

/** True if `id` is a room id exactly as it must be written (already canonical). */
export function isRoomId(id: string): boolean {
  const length = [...id].length;
  return (
    length >= 1 &&
    length <= ROOM_ID_MAX_LENGTH &&
    id === canonicalRoomId(id) &&
    CHARACTERS.test(id) &&
    !INVISIBLE_LETTER.test(id) &&
    !STRAY_MARK.test(id) &&
    oneScript(id)
  );
}

/**
 * Turns what a person typed into a room id: NFC, lower case, and each run of anything but
 * letters and digits becomes one dash. "Team Standup!" → "team-standup", "회의실 2" → "회의실-2".
 * Empty if nothing is left. The result can still be refused by `isRoomId` (mixed scripts).
 */
export function normaliseRoomName(input: string): string {
  const dashed = canonicalRoomId(input)
    .replace(/[\p{Default_Ignorable_Code_Point}]/gu, '')
    .replace(/[^\p{L}\p{M}\p{Nd}]+/gu, '-')
    .replace(/^[-\p{M}]+/u, '');
  return [...dashed].slice(0, ROOM_ID_MAX_LENGTH).join('').replace(/-+$/, '');
}
