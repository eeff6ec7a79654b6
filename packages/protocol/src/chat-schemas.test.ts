// Chat payloads and the cleaning of names and messages (the other schemas: schemas.test.ts).
import { describe, expect, it } from 'vitest';
import { CHAT_HISTORY_PAGE_LIMIT, CHAT_TEXT_MAX_LENGTH } from './limits.js';
import {
  ChatHistoryPayloadSchema,
  ChatSendPayloadSchema,
  ChatTextSchema,
  DisplayNameSchema,
  parsePayload,
} from './schemas.js';

/** "é" as e + combining accent (two code units), and as the one code unit NFC makes of it. */
const decomposedE = 'e\u0301';
const composedE = '\u00e9';

const id = '0b7c5f2e-6a51-4c1e-9f3a-2d4e8b9c1a77';

describe('chat:send', () => {
  it('accepts text up to the limit, as typed, with the id its sender made', () => {
    expect(parsePayload(ChatSendPayloadSchema, { id, text: ' hi ' })).toEqual({
      ok: true,
      value: { id, text: ' hi ' },
    });
    expect(parsePayload(ChatSendPayloadSchema, { id, text: 'x'.repeat(CHAT_TEXT_MAX_LENGTH) }).ok).toBe(true);
  });

  it('normalises the text to NFC and counts it after', () => {
    const text = decomposedE.repeat(CHAT_TEXT_MAX_LENGTH);
    expect(parsePayload(ChatSendPayloadSchema, { id, text })).toEqual({
      ok: true,
      value: { id, text: composedE.repeat(CHAT_TEXT_MAX_LENGTH) },
    });
  });

  it.each([
    ['empty text', { id, text: '' }],
    ['whitespace only', { id, text: ' \n\t ' }],
    ['Unicode whitespace only', { id, text: '\u00a0\u3000' }],
    ['text that is too long', { id, text: 'x'.repeat(CHAT_TEXT_MAX_LENGTH + 1) }],
    ['text of the wrong type', { id, text: ['hi'] }],
    ['a missing text', { id }],
    ['a missing id', { text: 'hi' }],
    ['an id that is not a UUID', { id: 'message-1', text: 'hi' }],
    ['a sender name', { id, text: 'hi', name: 'Admin' }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(ChatSendPayloadSchema, payload).ok).toBe(false);
  });
});

describe('chat:history', () => {
  it('accepts a message id to page before, with an optional limit up to the page size', () => {
    expect(parsePayload(ChatHistoryPayloadSchema, { before: id })).toEqual({
      ok: true,
      value: { before: id },
    });
    expect(parsePayload(ChatHistoryPayloadSchema, { before: id, limit: CHAT_HISTORY_PAGE_LIMIT }).ok).toBe(
      true,
    );
  });

  it.each([
    ['no before', {}],
    ['a before that is not a UUID', { before: 'message-1' }],
    ['a limit of 0', { before: id, limit: 0 }],
    ['a limit above the page size', { before: id, limit: CHAT_HISTORY_PAGE_LIMIT + 1 }],
    ['a fractional limit', { before: id, limit: 1.5 }],
    ['a room id', { before: id, roomId: 'other-room' }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(ChatHistoryPayloadSchema, payload).ok).toBe(false);
  });
});

describe('text hygiene', () => {
  it('strips controls and reordering characters from chat, keeping newlines and tabs', () => {
    const text = 'a\u0000b\u202Ec\u2066d\u200Fe\nf\tg\u0085h';
    expect(parsePayload(ChatTextSchema, text)).toEqual({ ok: true, value: 'abcde\nf\tgh' });
  });

  it('refuses a message of invisible characters only', () => {
    expect(parsePayload(ChatTextSchema, '\u200B\u200B \u202E').ok).toBe(false);
  });

  it('counts a message after cleaning', () => {
    const padded = `${'x'.repeat(CHAT_TEXT_MAX_LENGTH)}\u202E\u202E`;
    expect(parsePayload(ChatTextSchema, padded).ok).toBe(true);
  });

  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a word joiner and a byte-order mark', '\u2060\uFEFF'],
    ['Hangul fillers', '\u3164\u3164'],
    ['a halfwidth Hangul filler', '\uFFA0'],
    ['the blank Braille pattern', '\u2800\u2800\u2800'],
    ['soft hyphens and a combining grapheme joiner', '\u00AD\u034F'],
    ['variation selectors', '\uFE0F\uFE0E'],
    ['tag characters', '\u{E0041}\u{E0042}'],
    ['blanks between reordering marks', '\u200B \u202E\u3164\u2066'],
  ])('refuses a name of %s only', (_, name) => {
    expect(parsePayload(DisplayNameSchema, name)).toEqual({
      ok: false,
      message: 'name has no visible characters',
    });
    expect(parsePayload(ChatTextSchema, name).ok).toBe(false);
  });

  it('keeps names with visible characters among invisible ones', () => {
    expect(parsePayload(DisplayNameSchema, '\u200BAlice\u3164').ok).toBe(true);
    expect(parsePayload(DisplayNameSchema, '김민지').ok).toBe(true);
    expect(parsePayload(DisplayNameSchema, '👩\u200D💻').ok).toBe(true);
  });

  it('puts a name on one line without controls or reordering characters', () => {
    expect(parsePayload(DisplayNameSchema, ' Ali\u202Ece\n\tKim\u0007 ')).toEqual({
      ok: true,
      value: 'Alice Kim',
    });
  });
});
