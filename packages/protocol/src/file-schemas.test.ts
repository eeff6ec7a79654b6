// The announcement of a file sent between browsers, and the typing event (chat:typing).
import { describe, expect, it } from 'vitest';
import { FILE_MAX_BYTES, FILE_NAME_MAX_LENGTH } from './limits.js';
import { ChatSendPayloadSchema, ChatTypingPayloadSchema, parsePayload } from './schemas.js';

const id = '0b7c5f2e-6a51-4c1e-9f3a-2d4e8b9c1a77';
const file = {
  id: '5d0c9a55-3e1b-4c6e-8f4d-6a2b1c0d9e8f',
  name: 'notes.pdf',
  size: 1234,
  type: 'application/pdf',
  sha256: 'a'.repeat(64),
};

describe('chat:send with a file', () => {
  it('accepts a file announcement in place of text', () => {
    expect(parsePayload(ChatSendPayloadSchema, { id, file })).toEqual({ ok: true, value: { id, file } });
    expect(parsePayload(ChatSendPayloadSchema, { id, file: { ...file, type: '', size: 0 } }).ok).toBe(true);
  });

  it('cleans the name like a display name: one line, no controls or reordering marks', () => {
    const parsed = parsePayload(ChatSendPayloadSchema, {
      id,
      file: { ...file, name: ' a\u202Efdp.exe\n b ' },
    });
    expect(parsed).toMatchObject({ ok: true, value: { file: { name: 'afdp.exe b' } } });
  });

  it.each([
    ['both text and a file', { id, text: 'hi', file }],
    ['neither text nor a file', { id }],
    ['an empty name', { id, file: { ...file, name: ' \u200B ' } }],
    ['a name that is too long', { id, file: { ...file, name: 'x'.repeat(FILE_NAME_MAX_LENGTH + 1) } }],
    ['a size over the limit', { id, file: { ...file, size: FILE_MAX_BYTES + 1 } }],
    ['a fractional size', { id, file: { ...file, size: 1.5 } }],
    ['a negative size', { id, file: { ...file, size: -1 } }],
    ['a type that is not a media type', { id, file: { ...file, type: 'text/html; x=<b>' } }],
    ['a hash that is not SHA-256 hex', { id, file: { ...file, sha256: 'A'.repeat(64) } }],
    ['a transfer id that is not a UUID', { id, file: { ...file, id: 'x' } }],
    ['an unknown key', { id, file: { ...file, url: 'https://example.com' } }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(ChatSendPayloadSchema, payload).ok).toBe(false);
  });
});

describe('chat:typing', () => {
  it('takes true or false and nothing else', () => {
    expect(parsePayload(ChatTypingPayloadSchema, { typing: true })).toEqual({
      ok: true,
      value: { typing: true },
    });
    expect(parsePayload(ChatTypingPayloadSchema, { typing: false }).ok).toBe(true);
    for (const bad of [
      {},
      { typing: 'yes' },
      { typing: true, roomId: 'other' },
      { typing: true, from: 'x' },
    ]) {
      expect(parsePayload(ChatTypingPayloadSchema, bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });
});
