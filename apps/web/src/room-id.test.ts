import { ROOM_ID_MAX_LENGTH, ROOM_ID_PATTERN } from '@moim/protocol';
import { describe, expect, it } from 'vitest';
import { isRoomId, normaliseRoomId, randomRoomId } from './room-id';

describe('normaliseRoomId', () => {
  it.each([
    ['Team Standup!', 'team-standup'],
    ['  --Design__Review--  ', 'design-review'],
    ['Café Olé', 'cafe-ole'],
    ['already-fine-42', 'already-fine-42'],
    ['!!!', ''],
  ])('turns %j into %j', (input, expected) => {
    expect(normaliseRoomId(input)).toBe(expected);
  });

  it('cuts long names to the longest room id the server takes', () => {
    const id = normaliseRoomId('x'.repeat(ROOM_ID_MAX_LENGTH + 36));
    expect(id).toBe('x'.repeat(ROOM_ID_MAX_LENGTH));
    expect(isRoomId(id)).toBe(true);
    expect(isRoomId(`${id}x`)).toBe(false);
  });

  it('trims dashes at both ends', () => {
    expect(normaliseRoomId('--a--b--')).toBe('a-b');
    expect(normaliseRoomId('(team)')).toBe('team');
  });

  it('keeps within the length limit and never ends on a dash', () => {
    const id = normaliseRoomId(`${'a'.repeat(ROOM_ID_MAX_LENGTH - 1)} tail`);
    expect(id.length).toBeLessThanOrEqual(ROOM_ID_MAX_LENGTH);
    expect(id.endsWith('-')).toBe(false);
    expect(isRoomId(id)).toBe(true);
  });
});

describe('randomRoomId', () => {
  it('makes valid, unguessable, distinct ids', () => {
    const ids = Array.from({ length: 50 }, randomRoomId);
    for (const id of ids) {
      expect(id).toMatch(ROOM_ID_PATTERN);
      expect(id.replaceAll('-', '').length).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
