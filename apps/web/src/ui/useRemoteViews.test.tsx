import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallStore, newRemote } from '../call/store';
import { fakeActions, fakeStream, readyMedia } from '../test/fakes';
import { CallScreen } from './CallScreen';

const remote = (id: string, name: string) => ({
  ...newRemote({ id, name, audio: true, video: true }),
  connection: 'connected' as const,
  everConnected: true,
  stream: fakeStream(),
});

function setup(names: [string, string][]) {
  const store = createCallStore('team-standup');
  store.setState({
    phase: 'in-call',
    server: 'online',
    media: readyMedia(),
    self: { id: 'a', name: 'Alice', audio: true, video: true },
    remotes: names.map(([id, name]) => remote(id, name)),
  });
  const actions = fakeActions();
  render(<CallScreen store={store} actions={actions} />);
  /** The view last reported for each remote. */
  const views = () =>
    Object.fromEntries(actions.setRemoteView.mock.calls.map(([id, view]) => [id, view] as [string, string]));
  return { store, actions, views, user: userEvent.setup() };
}

/** Stands in for the browser's IntersectionObserver: tests say which tiles are on screen. */
class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = [];
  readonly targets: Element[] = [];
  constructor(readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.instances.push(this);
  }
  observe(target: Element) {
    this.targets.push(target);
  }
  disconnect() {}
  show(target: Element, isIntersecting: boolean) {
    this.callback([{ target, isIntersecting } as IntersectionObserverEntry], this as never);
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeIntersectionObserver.instances = [];
});

describe('how the call shows each remote, told to the session', () => {
  it('shows the only other person large', () => {
    const { views } = setup([['b', 'Bob']]);
    expect(views()).toEqual({ b: 'large' });
  });

  it('shows a grid small, a pinned person large, and a minimised one hidden', async () => {
    const { views, user } = setup([
      ['b', 'Bob'],
      ['c', 'Carol'],
    ]);
    expect(views()).toEqual({ b: 'small', c: 'small' });
    await user.click(screen.getByRole('button', { name: 'Pin Bob' }));
    expect(views()).toEqual({ b: 'large', c: 'small' });
    await user.click(screen.getByRole('button', { name: 'Minimise Carol' }));
    expect(views()).toEqual({ b: 'large', c: 'hidden' });
    expect(screen.getByRole('button', { name: 'Minimise Carol' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Minimise Carol' }));
    expect(views()).toEqual({ b: 'large', c: 'small' });
  }, 20_000);

  it('shows a shared screen large and the others small, then the grid small again when it stops', () => {
    const { store, views } = setup([
      ['b', 'Bob'],
      ['c', 'Carol'],
    ]);
    act(() => store.setState({ remotes: [remote('b', 'Bob'), { ...remote('c', 'Carol'), screen: true }] }));
    expect(views()).toEqual({ b: 'small', c: 'large' });
    act(() => store.setState({ remotes: [remote('b', 'Bob'), remote('c', 'Carol')] }));
    expect(views()).toEqual({ b: 'small', c: 'small' });
  });

  it('in speaker view shows the speaker large and the strip small', async () => {
    const { store, views, user } = setup([
      ['b', 'Bob'],
      ['c', 'Carol'],
    ]);
    await user.click(screen.getByRole('button', { name: 'Speaker view' }));
    expect(views()).toEqual({ b: 'large', c: 'small' });
    act(() => store.setState({ speaking: ['c'] }));
    expect(views()).toEqual({ b: 'small', c: 'large' });
  });

  it('calls a tile scrolled out of view hidden, and small again when it comes back', () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    const { views } = setup([
      ['b', 'Bob'],
      ['c', 'Carol'],
    ]);
    const observer = FakeIntersectionObserver.instances.at(-1);
    const carol = screen.getByRole('figure', { name: 'Carol' });
    expect(observer?.targets).toContain(carol);
    act(() => observer?.show(carol, false));
    expect(views()).toEqual({ b: 'small', c: 'hidden' });
    act(() => observer?.show(carol, true));
    expect(views()).toEqual({ b: 'small', c: 'small' });
  });
});
