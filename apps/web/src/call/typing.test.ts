import { TYPING_REPEAT_MS, TYPING_SHOWN_MS } from '@moim/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallStore } from './store';
import { Typing } from './typing';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  const store = createCallStore('room');
  const sent: boolean[] = [];
  const typing = new Typing(store, { send: (value) => void sent.push(value), now: () => Date.now() });
  return { store, sent, typing };
}

describe('Typing', () => {
  it('tells the room at most once per TYPING_REPEAT_MS while the keys keep coming', () => {
    const { typing, sent } = setup();
    for (let i = 0; i < 30; i++) {
      typing.draft('h'.repeat(i + 1));
      vi.advanceTimersByTime(200); // 6 s of typing in all
    }
    expect(sent.filter(Boolean).length).toBeLessThanOrEqual(Math.ceil(6000 / TYPING_REPEAT_MS));
    expect(sent.length).toBeGreaterThanOrEqual(2);
  });

  it('says it stopped when the box is cleared, and nothing when a message is sent', () => {
    const { typing, sent } = setup();
    typing.draft('hi');
    typing.draft('');
    expect(sent).toEqual([true, false]);
    typing.draft('hello');
    typing.sent();
    typing.draft('');
    expect(sent).toEqual([true, false, true]);
  });

  it('shows someone as typing until they stop, send, or go quiet for TYPING_SHOWN_MS', () => {
    const { typing, store } = setup();
    typing.received({ from: 'b', typing: true });
    typing.received({ from: 'c', typing: true });
    expect(store.getState().typing).toEqual(['b', 'c']);
    typing.received({ from: 'b', typing: false });
    expect(store.getState().typing).toEqual(['c']);
    typing.stopped('c'); // their message arrived
    expect(store.getState().typing).toEqual([]);
    typing.received({ from: 'd', typing: true });
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1);
    typing.received({ from: 'd', typing: true });
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1);
    expect(store.getState().typing).toEqual(['d']);
    vi.advanceTimersByTime(1);
    expect(store.getState().typing).toEqual([]);
  });
});
