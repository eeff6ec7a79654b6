import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallStore } from '../call/store';
import { fakeActions, fakeStream, readyMedia } from '../test/fakes';
import { CallScreen } from './CallScreen';

afterEach(() => vi.restoreAllMocks());

/** A browser that refuses to play sound until the page has been clicked. */
function autoplayPolicy() {
  let clicked = false;
  const unmutedPlays: HTMLMediaElement[] = [];
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(async function (this: HTMLMediaElement) {
    if (!this.muted && !clicked) throw new DOMException('play() needs a user gesture', 'NotAllowedError');
    if (!this.muted) unmutedPlays.push(this);
  });
  return { click: () => (clicked = true), unmutedPlays };
}

describe('when the browser blocks sound', () => {
  it('plays the video muted and offers one click to enable sound', async () => {
    const policy = autoplayPolicy();
    const store = createCallStore('room');
    store.setState({
      phase: 'in-call',
      self: { id: 'a', name: 'Alice', audio: true, video: true },
      media: readyMedia(),
      remotes: [
        {
          id: 'b',
          name: 'Bob',
          audio: true,
          video: true,
          connection: 'connected',
          everConnected: true,
          quality: null,
          stream: null,
        },
      ],
    });
    render(<CallScreen store={store} actions={fakeActions()} />);
    expect(screen.queryByRole('button', { name: 'Click to enable sound' })).not.toBeInTheDocument();

    act(() =>
      store.setState((state) => ({ remotes: state.remotes.map((r) => ({ ...r, stream: fakeStream() })) })),
    );
    const button = await screen.findByRole('button', { name: 'Click to enable sound' });
    const bobVideo = screen.getByRole('figure', { name: 'Bob' }).querySelector('video');
    expect(bobVideo?.muted).toBe(true);

    policy.click();
    await userEvent.setup().click(button);
    expect(bobVideo?.muted).toBe(false);
    expect(policy.unmutedPlays).toContain(bobVideo);
    expect(screen.queryByRole('button', { name: 'Click to enable sound' })).not.toBeInTheDocument();
  });
});
