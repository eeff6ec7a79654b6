import { describe, expect, it } from 'vitest';
import { activateLocale } from './i18n';
import { describeMediaProblems, errorText, joinErrorText, noticeText, unreachableText } from './words';

describe('describeMediaProblems', () => {
  it('is silent when nothing is wrong', () => {
    expect(describeMediaProblems([])).toBeNull();
  });

  it.each([
    [
      [{ kind: 'video', reason: 'blocked' }],
      'Your camera is blocked. You can still join: the others will hear you but not see you.',
    ],
    [
      [{ kind: 'audio', reason: 'missing' }],
      'No microphone was found. You can still join: the others will see you but not hear you.',
    ],
    [
      [
        { kind: 'audio', reason: 'blocked' },
        { kind: 'video', reason: 'blocked' },
      ],
      'Your microphone and camera are blocked. You can still join, see and hear the others, and chat.',
    ],
    [
      [
        { kind: 'audio', reason: 'unavailable' },
        { kind: 'video', reason: 'missing' },
      ],
      'Your microphone could not be started. No camera was found. You can still join, see and hear',
    ],
  ] as const)('explains %j', (problems, expected) => {
    expect(describeMediaProblems([...problems])).toContain(expected);
  });

  it('says how to unblock', () => {
    expect(describeMediaProblems([{ kind: 'video', reason: 'blocked' }])).toMatch(/address bar/);
    expect(describeMediaProblems([{ kind: 'video', reason: 'missing' }])).not.toMatch(/address bar/);
  });
});

describe('the words for what the engine says', () => {
  it('words every notice, naming the device or the person', () => {
    expect(noticeText({ type: 'participant-joined', name: 'Dan' })).toBe('Dan joined');
    expect(noticeText({ type: 'participant-left', name: 'Dan' })).toBe('Dan left');
    expect(noticeText({ type: 'device-fallback', source: 'audio' })).toBe(
      'Your microphone was disconnected: using the default one now.',
    );
    expect(noticeText({ type: 'device-lost', source: 'video' })).toBe('Your camera was disconnected.');
    expect(noticeText({ type: 'device-start-failed', source: 'video', reason: 'unavailable' })).toMatch(
      /^That camera could not be started \(it is in use/,
    );
    expect(noticeText({ type: 'camera-restart-failed', reason: 'blocked' })).toMatch(/blocked/);
  });

  it("words a refused join by its code, never by the server's message", () => {
    const full = { type: 'refused', error: { code: 'room_full', message: 'x' } } as const;
    expect(joinErrorText(full)).toMatch(/^This room is full/);
    expect(errorText({ code: 'no_answer', message: 'x' })).toMatch(/did not answer/);
    expect(joinErrorText({ type: 'rejoin-failed', error: { code: 'internal', message: 'x' } })).toMatch(
      /^You were disconnected and could not rejoin: Something went wrong/,
    );
    expect(joinErrorText({ type: 'invalid-name' })).toMatch(
      /^Please choose another name: 1 to 40 characters/,
    );
  });
});

describe('in Korean', () => {
  it('words the same codes from the Korean catalogue', async () => {
    await activateLocale('ko');
    expect(noticeText({ type: 'participant-joined', name: '민지' })).toBe('민지 님이 참여했어요');
    expect(describeMediaProblems([{ kind: 'video', reason: 'blocked' }])).toMatch(
      /^카메라가 차단되어 있어요\./,
    );
    expect(unreachableText(['Ana', 'Ben', 'Cho'])).toMatch(/^Ana, Ben 및 Cho 님과 연결할 수 없어요/);
    expect(errorText({ code: 'room_full', message: 'x' })).toBe(
      '회의실이 가득 찼어요. 지금은 더 참여할 수 없어요.',
    );
  });
});
