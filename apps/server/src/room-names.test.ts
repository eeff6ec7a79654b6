import { afterEach, describe, expect, it } from 'vitest';
import { client, joined, rawRequest, sendChat, start, stopAll } from './signaling-harness.js';
import { nextEvent } from './test-support.js';

afterEach(stopAll);

/** 회의실 written as its decomposed jamo (NFD), as some keyboards and file systems send it. */
const DECOMPOSED = '\u1112\u116C\u110B\u1174\u1109\u1175\u11AF';

describe('room names in any script', () => {
  it('takes a Korean room, and every spelling of one name is the same room', async () => {
    await start();
    const alice = await joined('회의실', 'Alice');
    expect(alice.ack.participants).toEqual([]);

    const announced = nextEvent(alice.socket, 'participant:joined');
    const bob = await joined(DECOMPOSED, 'Bob');
    expect(bob.ack.participants).toEqual([alice.self]);
    expect(await announced).toEqual(bob.self);

    const relayed = nextEvent(bob.socket, 'chat:message');
    expect(await sendChat(alice.socket, '안녕하세요')).toMatchObject({ ok: true });
    expect(await relayed).toMatchObject({ text: '안녕하세요', name: 'Alice' });

    const carol = await joined('Café', 'Carol');
    const dan = await joined('CAFE\u0301', 'Dan');
    expect(dan.ack.participants).toEqual([carol.self]);
  });

  it('counts a room under its canonical name for a peeking lobby', async () => {
    await start();
    await joined('회의실', 'Alice');
    const watcher = await client();
    expect(await rawRequest(watcher, 'room:peek', { roomId: DECOMPOSED })).toMatchObject({
      ok: true,
      count: 1,
    });
  });

  it.each([
    ['Latin mixed with Cyrillic', 'p\u0430ypal'],
    ['Latin mixed with Hangul', 'team-회의'],
    ['a zero-width joiner', 'team\u200Dstandup'],
    ['a zero-width space', 'team\u200Bstandup'],
    ['a Hangul filler', '회\u3164의'],
    ['a right-to-left override', 'team\u202Estandup'],
    ['65 letters', '회'.repeat(65)],
  ])('refuses a room name with %s, and nobody else notices', async (_, roomId) => {
    await start();
    const alice = await joined('team', 'Alice');
    const mallory = await client();
    expect(
      await rawRequest(mallory, 'room:join', { roomId, name: 'Mallory', audio: true, video: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringMatching(/room id/) },
    });
    // The refused socket can still join a valid room, and the room it did not enter is untouched.
    const bob = await joined('team', 'Bob');
    expect(bob.ack.participants).toEqual([alice.self]);
  });
});
