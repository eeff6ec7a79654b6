import { act, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type CallState, createCallStore, patchRemote } from '../call/store';
import { fakeActions, fakeRemote, readyMedia } from '../test/fakes';
import { CallScreen } from './CallScreen';

// Counts renders of each participant's tile (by name); the tile itself is the real one.
const renders = vi.hoisted(() => new Map<string, number>());
vi.mock('./ParticipantTile', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./ParticipantTile')>();
  return {
    ...actual,
    ParticipantTile: (props: Parameters<typeof actual.ParticipantTile>[0]) => {
      renders.set(props.name, (renders.get(props.name) ?? 0) + 1);
      return actual.ParticipantTile(props);
    },
  };
});

const remote = (id: string, name: string) => fakeRemote(id, name);

function setup(state: Partial<CallState> = {}) {
  const store = createCallStore('team-standup');
  store.setState({
    phase: 'in-call',
    server: 'online',
    media: readyMedia(),
    self: { id: 'a', name: 'Alice', audio: true, video: true },
    remotes: [remote('b', 'Bob'), remote('c', 'Carol')],
    ...state,
  });
  render(<CallScreen store={store} actions={fakeActions()} />);
  const counts = () => Object.fromEntries(renders);
  return { store, counts };
}

const figure = (name: string) => screen.getByRole('figure', { name });
const good = { level: 'good', rttMs: 20, lossPercent: 0, fps: 30 } as const;

beforeEach(() => renders.clear());

describe('CallScreen renders only what changed', () => {
  it('moves the speaking highlight with the speaker', () => {
    const { store } = setup();
    act(() => store.setState({ speaking: ['b'] }));
    expect(figure('Bob')).toHaveAttribute('data-speaking', 'true');
    expect(figure('Carol')).not.toHaveAttribute('data-speaking');
    act(() => store.setState({ speaking: ['a', 'c'] }));
    expect(figure('Bob')).not.toHaveAttribute('data-speaking');
    expect(figure('Carol')).toHaveAttribute('data-speaking', 'true');
    expect(figure('Alice (you)')).toHaveAttribute('data-speaking', 'true');
  });

  it("re-renders one tile when that person's connection quality changes, not the others", () => {
    const { store, counts } = setup();
    const before = counts();
    act(() => patchRemote(store, 'b', { quality: { ...good, level: 'poor', fps: 4 } }));
    expect(within(figure('Bob')).getByRole('img', { name: /^Connection poor/ })).toBeInTheDocument();
    expect(counts()).toEqual({ ...before, Bob: (before.Bob ?? 0) + 1 });
  });

  it('re-renders only the tiles whose highlight changes when someone starts speaking', () => {
    const { store, counts } = setup();
    const before = counts();
    act(() => store.setState({ speaking: ['c'] }));
    expect(counts()).toEqual({ ...before, Carol: (before.Carol ?? 0) + 1 });
  });

  it('re-renders no tile for a notice, a chat message or the server coming and going', () => {
    const { store, counts } = setup();
    const before = counts();
    act(() => store.setState({ notice: { key: 1, notice: { type: 'participant-joined', name: 'Dan' } } }));
    act(() =>
      store.setState({
        messages: [{ key: 'm', from: 'b', name: 'Bob', text: 'hi', sentAt: 1, status: 'sent', mine: false }],
      }),
    );
    act(() => store.setState({ server: 'offline' }));
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting…');
    expect(counts()).toEqual(before);
  });

  it('keeps each video playing the same stream object through re-renders', () => {
    const assigned: unknown[] = [];
    const descriptor = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
    const streams = new WeakMap<object, unknown>();
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      configurable: true,
      get() {
        return streams.get(this) ?? null;
      },
      set(value) {
        assigned.push(value);
        streams.set(this, value);
      },
    });
    try {
      const { store } = setup();
      const first = assigned.length;
      act(() => patchRemote(store, 'b', { quality: good }));
      act(() => store.setState({ speaking: ['b'] }));
      act(() => patchRemote(store, 'b', { audio: false }));
      expect(assigned).toHaveLength(first);
    } finally {
      if (descriptor) Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', descriptor);
      else Reflect.deleteProperty(HTMLMediaElement.prototype, 'srcObject');
    }
  });
});
