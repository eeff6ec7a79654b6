import { describe, expect, it } from 'vitest';
import { isRoomId, randomRoomId, roomFromInput, roomPath } from './room-id';

// The rule itself is tested in packages/protocol/src/room-id.test.ts.

describe('roomFromInput', () => {
  it.each([
    ['Team Standup!', 'team-standup'],
    ['회의실', '회의실'],
    ['https://moim.example/r/team-standup', 'team-standup'],
    ['http://localhost:3000/r/k7wq-3mzt-h9xe?name=Ada', 'k7wq-3mzt-h9xe'],
    ['https://moim.example/r/%ED%9A%8C%EC%9D%98%EC%8B%A4', '회의실'],
    ['https://moim.example/r/team/', 'team'],
    ['/r/design-review', 'design-review'],
    ['https://example.org/about', 'https-example-org-about'],
    ['https://moim.example/r/%ZZ', 'https-moim-example-r-zz'],
  ])('takes %j as room %j', (input, room) => {
    expect(roomFromInput(input)).toBe(room);
  });
});

describe('roomPath', () => {
  it('percent-encodes the id as browsers do', () => {
    expect(roomPath('회의실')).toBe('/r/%ED%9A%8C%EC%9D%98%EC%8B%A4');
    expect(roomPath('team-standup')).toBe('/r/team-standup');
  });
});

describe('randomRoomId', () => {
  it('makes valid, unguessable, distinct ids', () => {
    const ids = Array.from({ length: 50 }, randomRoomId);
    for (const id of ids) {
      expect(isRoomId(id)).toBe(true);
      expect(id).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
