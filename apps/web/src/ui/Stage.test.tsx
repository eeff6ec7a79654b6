import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CallState, createCallStore, type RemoteParticipant } from '../call/store';
import { fakeActions, fakeRemote, readyMedia } from '../test/fakes';
import { CallScreen } from './CallScreen';
import { SPEAKER_HOLD_MS } from './layout';

/** The stage's size as the browser would measure it: a laptop beside the chat, or a phone held upright. */
const LAPTOP = { width: 1040, height: 720 };
const PHONE = { width: 344, height: 560 };
let stageSize = LAPTOP;

/** Stands in for the browser's ResizeObserver: reports `stageSize` for whatever it observes. */
class FakeResizeObserver {
  constructor(readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const { width, height } = stageSize;
    this.callback([{ target, contentRect: { width, height } } as ResizeObserverEntry], this as never);
  }
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  stageSize = LAPTOP;
  vi.stubGlobal('ResizeObserver', FakeResizeObserver);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const NAMES = ['Bob', 'Carol', 'Dan', 'Eve', 'Finn', 'Gus', 'Hana'];

const remote = (index: number, patch: Partial<RemoteParticipant> = {}) =>
  fakeRemote(`r${index}`, NAMES[index] ?? `Person ${index}`, patch);

function setup(count: number, state: Partial<CallState> = {}) {
  const store = createCallStore('team-standup');
  store.setState({
    phase: 'in-call',
    server: 'online',
    media: readyMedia(),
    self: { id: 'me', name: 'Alice', audio: true, video: true },
    remotes: Array.from({ length: count - 1 }, (_, index) => remote(index)),
    ...state,
  });
  const actions = fakeActions();
  render(<CallScreen store={store} actions={actions} />);
  return { store, actions };
}

const stage = () => screen.getByRole('region', { name: 'Participants' });
const figures = () => within(stage()).getAllByRole('figure');
/** A figure's box as the layout set it. */
function box(figure: HTMLElement) {
  const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\)/.exec(figure.style.transform);
  return {
    x: Number(match?.[1]),
    y: Number(match?.[2]),
    width: Number.parseFloat(figure.style.width),
    height: Number.parseFloat(figure.style.height),
  };
}
const area = (name: string) => {
  const { width, height } = box(within(stage()).getByRole('figure', { name }));
  return width * height;
};
/** The figure named `name` is larger than every other. */
function expectLargest(name: string) {
  const others = figures().filter((figure) => figure.getAttribute('aria-label') !== name);
  for (const other of others) {
    expect(area(name), `${name} against ${other.getAttribute('aria-label')}`).toBeGreaterThan(
      area(other.getAttribute('aria-label') ?? ''),
    );
  }
}

describe('the stage', () => {
  it('alone: one’s own tile, large', () => {
    setup(1);
    expect(figures()).toHaveLength(1);
    expect(area('Alice (you)')).toBeGreaterThan(0.5 * LAPTOP.width * LAPTOP.height);
  });

  it('two people: the other fills the stage, one’s own tile a small preview in its corner', () => {
    setup(2);
    expect(box(screen.getByRole('figure', { name: 'Bob' }))).toEqual({ x: 0, y: 0, ...LAPTOP });
    expect(area('Alice (you)')).toBeLessThan(area('Bob') / 8);
    expect(box(screen.getByRole('figure', { name: 'Alice (you)' })).x).toBeGreaterThan(LAPTOP.width / 2);
  });

  it('two people: one’s own preview can be put in line beside the other, and back', () => {
    setup(2);
    const minimise = screen.getByRole('button', { name: 'Minimise your tile' });
    expect(minimise).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(minimise);
    expect(minimise).toHaveAttribute('aria-pressed', 'false');
    const self = box(screen.getByRole('figure', { name: 'Alice (you)' }));
    const bob = box(screen.getByRole('figure', { name: 'Bob' }));
    expect(self.x).toBeGreaterThanOrEqual(bob.x + bob.width);
    expectLargest('Bob');
    fireEvent.click(minimise);
    expect(minimise).toHaveAttribute('aria-pressed', 'true');
  });

  it.each([3, 4, 8])('%i people: a grid of equal tiles, one’s own first, filling the stage', (count) => {
    setup(count);
    const all = figures();
    expect(all).toHaveLength(count);
    expect(all[0]).toHaveAccessibleName('Alice (you)');
    const sizes = new Set(all.map((figure) => `${box(figure).width}x${box(figure).height}`));
    expect(sizes.size).toBe(1);
    const used = all.reduce((sum, figure) => sum + box(figure).width * box(figure).height, 0);
    expect(used / (LAPTOP.width * LAPTOP.height)).toBeGreaterThan(0.45);
  });

  it('a shared screen is the largest figure for everyone, the others in a strip', () => {
    setup(4, { remotes: [remote(0), remote(1, { screen: true }), remote(2)] });
    expectLargest('Carol');
    expect(screen.getByRole('figure', { name: 'Carol' })).toHaveClass('screen');
    for (const name of ['Alice (you)', 'Bob', 'Dan']) expect(area(name)).toBeLessThan(area('Carol') / 6);
  });

  it('a pinned tile comes before a shared screen, and unpinning gives the screen back', () => {
    setup(3, { remotes: [remote(0), remote(1, { screen: true })] });
    fireEvent.click(screen.getByRole('button', { name: 'Pin Bob' }));
    expectLargest('Bob');
    fireEvent.click(screen.getByRole('button', { name: 'Pin Bob' }));
    expectLargest('Carol');
  });

  it('speaker view shows whoever speaks large, holding them a few seconds before the next', () => {
    vi.useFakeTimers();
    const { store } = setup(4);
    const toggle = screen.getByRole('button', { name: 'Speaker view' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    // Nobody has spoken: the first other person.
    expectLargest('Bob');
    act(() => store.setState({ speaking: ['r2'] }));
    expectLargest('Dan');
    // Carol answers while Dan pauses: Dan stays until the hold runs out.
    act(() => store.setState({ speaking: ['r1'] }));
    expectLargest('Dan');
    act(() => vi.advanceTimersByTime(SPEAKER_HOLD_MS));
    expectLargest('Carol');
    // One's own speaking never takes the stage.
    act(() => vi.advanceTimersByTime(SPEAKER_HOLD_MS));
    act(() => store.setState({ speaking: ['me'] }));
    expectLargest('Carol');
    fireEvent.click(toggle);
    expect(new Set(figures().map((figure) => box(figure).width)).size).toBe(1);
  });

  it('on a phone held upright, tiles are taller than wide and use the height', () => {
    stageSize = PHONE;
    setup(4);
    for (const figure of figures()) expect(box(figure).height).toBeGreaterThan(box(figure).width);
    const bottom = Math.max(...figures().map((figure) => box(figure).y + box(figure).height));
    const top = Math.min(...figures().map((figure) => box(figure).y));
    expect(bottom - top).toBeGreaterThan(PHONE.height * 0.9);
  });

  it('on a phone, a shared screen takes the top and the others a row beneath it', () => {
    stageSize = PHONE;
    setup(3, { remotes: [remote(0, { screen: true }), remote(1)] });
    expectLargest('Bob');
    const bob = box(screen.getByRole('figure', { name: 'Bob' }));
    for (const name of ['Alice (you)', 'Carol']) {
      expect(box(screen.getByRole('figure', { name })).y).toBeGreaterThanOrEqual(bob.y + bob.height);
    }
  });
});

describe('presenting', () => {
  it('tells the one sharing they are presenting, with a button that stops it', () => {
    const { store, actions } = setup(2, { media: readyMedia({ sharing: true }) });
    const banner = screen.getByRole('status', { name: 'You are presenting' });
    expect(banner).toHaveTextContent('You are presenting');
    fireEvent.click(within(banner).getByRole('button', { name: 'Stop presenting' }));
    expect(actions.stopScreenShare).toHaveBeenCalledTimes(1);
    act(() => store.setState({ media: readyMedia({ sharing: false }) }));
    expect(screen.queryByRole('status', { name: 'You are presenting' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop presenting' })).not.toBeInTheDocument();
  });

  it('shows one’s own screen as the largest figure, without the screen inside it', () => {
    setup(2, { media: readyMedia({ sharing: true }) });
    expectLargest('Alice (you)');
    const self = screen.getByRole('figure', { name: 'Alice (you)' });
    expect(within(self).getByText('Everyone sees your screen')).toBeVisible();
    // The video element stays (it is what is sent), hidden.
    expect(self.querySelector('video')).toHaveClass('video-hidden');
  });
});
