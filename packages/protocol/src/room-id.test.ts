import { describe, expect, it } from 'vitest';
import { ROOM_ID_MAX_LENGTH } from './limits.js';
import { canonicalRoomId, isRoomId, normaliseRoomName } from './room-id.js';

describe('isRoomId', () => {
  it.each([
    'team-standup',
    'k7wq-3mzt-h9xe',
    '회의실',
    '회의실-2',
    '会議室',
    '定例ミーティング', // Han and Katakana: one writing system
    '한국-韓國', // Hangul and Han
    'café',
    'встреча',
    'συνάντηση',
    'बैठक', // Devanagari with its vowel signs (marks)
    'x'.repeat(ROOM_ID_MAX_LENGTH),
    '회'.repeat(ROOM_ID_MAX_LENGTH),
  ])('accepts %s', (id) => {
    expect(isRoomId(id)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(ROOM_ID_MAX_LENGTH + 1)],
    ['upper case', 'Team'],
    ['not NFC', 'cafe\u0301'],
    ['Latin mixed with Cyrillic (a homoglyph)', 'p\u0430ypal'],
    ['Latin mixed with Greek', 'te\u03b1m'],
    ['Latin mixed with Hangul', 'team-회의'],
    ['a zero-width space', 'team\u200Bstandup'],
    ['a zero-width joiner', 'team\u200Dstandup'],
    ['a Hangul filler', '회\u3164의'],
    ['a mark with no letter', '\u0301a'],
    ['a mark on a dash', 'a-\u0301b'],
    ['a space', 'team standup'],
    ['a slash', 'team/standup'],
    ['an underscore', 'team_standup'],
    ['a percent sign', 'team%20a'],
    ['a superscript digit', 'team²'],
  ])('refuses %s', (_, id) => {
    expect(isRoomId(id)).toBe(false);
  });
});

describe('canonicalRoomId', () => {
  it('composes (NFC) and lower-cases, so every spelling of a name is one room', () => {
    expect(canonicalRoomId('\u1112\u116C\u110B\u1174\u1109\u1175\u11AF')).toBe('회의실');
    expect(canonicalRoomId('CAFE\u0301')).toBe('café');
    expect(canonicalRoomId('ВСТРЕЧА')).toBe('встреча');
  });
});

describe('normaliseRoomName', () => {
  it.each([
    ['Team Standup!', 'team-standup'],
    ['  --Design__Review--  ', 'design-review'],
    ['Café Olé', 'café-olé'],
    ['회의실 2', '회의실-2'],
    ['주간 회의', '주간-회의'],
    ['team\u200Bstandup', 'teamstandup'],
    ['already-fine-42', 'already-fine-42'],
    ['!!!', ''],
  ])('turns %j into %j', (input, expected) => {
    expect(normaliseRoomName(input)).toBe(expected);
  });

  it('cuts long names to 64 code points, never ending on a dash', () => {
    expect(normaliseRoomName('회'.repeat(ROOM_ID_MAX_LENGTH + 10))).toBe('회'.repeat(ROOM_ID_MAX_LENGTH));
    const id = normaliseRoomName(`${'a'.repeat(ROOM_ID_MAX_LENGTH - 1)} tail`);
    expect(id).toBe('a'.repeat(ROOM_ID_MAX_LENGTH - 1));
    expect(isRoomId(id)).toBe(true);
  });

  it('leaves a mixed-script name for isRoomId to refuse', () => {
    expect(isRoomId(normaliseRoomName('Team 회의'))).toBe(false);
  });
});
