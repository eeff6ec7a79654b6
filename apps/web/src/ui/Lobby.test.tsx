import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { LocalMediaState } from '../call/media-controller';
import { type CallState, createCallStore } from '../call/store';
import { fakeActions, fakeStream, readyMedia, stubClipboard } from '../test/fakes';
import { Lobby } from './Lobby';
import { TOAST_MS } from './toasts';

function setup(state: Partial<CallState> = {}, media: Partial<LocalMediaState> = {}) {
  const store = createCallStore('team-standup', { name: 'Alice', guestName: 'Guest 1234' });
  store.setState({ server: 'online', roomCount: 0, media: readyMedia(media) });
  store.setState(state);
  const actions = fakeActions();
  render(<Lobby store={store} actions={actions} />);
  return { store, actions, user: userEvent.setup() };
}

describe('Lobby', () => {
  it('names the room in its heading and shows the camera preview', () => {
    setup();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('team-standup');
    expect(screen.getByLabelText('Camera preview')).toBeInstanceOf(HTMLVideoElement);
  });

  it('plays the local stream in the preview, muted', () => {
    const stream = fakeStream();
    setup({}, { stream });
    const preview = screen.getByLabelText('Camera preview') as HTMLVideoElement;
    expect(preview.srcObject).toBe(stream);
    expect(preview.muted).toBe(true);
  });

  it('has no preview when there is no camera track, even with the camera wanted', () => {
    setup({}, { stream: fakeStream({ video: false }), video: true, canVideo: false });
    expect(screen.queryByLabelText('Camera preview')).not.toBeInTheDocument();
    expect(screen.getByText('No camera')).toBeInTheDocument();
  });

  it('shows no alert when all is well', () => {
    setup();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each([
    [0, 'Nobody is here yet'],
    [1, '1 person in this room'],
    [3, '3 people in this room'],
  ])('with %i in the room says "%s"', (roomCount, text) => {
    setup({ roomCount });
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('pre-fills the name and passes what is typed to the session', async () => {
    const { actions, user } = setup();
    const name = screen.getByRole('textbox', { name: 'Your name' });
    expect(name).toHaveValue('Alice');
    await user.type(name, '!');
    expect(actions.setName).toHaveBeenLastCalledWith('Alice!');
  });

  it('joins on a click and on Enter in the name field', async () => {
    const { actions, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Join call' }));
    expect(actions.join).toHaveBeenCalledTimes(1);
    await user.type(screen.getByRole('textbox', { name: 'Your name' }), '{Enter}');
    expect(actions.join).toHaveBeenCalledTimes(2);
  });

  it('cannot be clicked twice while joining', () => {
    setup({ phase: 'joining' });
    expect(screen.getByRole('button', { name: 'Join call' })).toBeDisabled();
  });

  it('shows why joining failed in an alert', () => {
    setup({ joinError: { type: 'refused', error: { code: 'room_full', message: 'full' } } });
    expect(screen.getByRole('alert')).toHaveTextContent('This room is full');
  });

  it('says when the server cannot be reached', () => {
    setup({ server: 'offline' });
    expect(screen.getByRole('alert')).toHaveTextContent('Cannot reach the server');
  });

  it('explains a blocked camera and that joining still works', () => {
    setup(
      {},
      {
        stream: fakeStream({ video: false }),
        canVideo: false,
        problems: [{ kind: 'video', reason: 'blocked' }],
        video: false,
      },
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Your camera is blocked');
    expect(alert).toHaveTextContent('You can still join');
    expect(screen.queryByLabelText('Camera preview')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Camera' })).toBeDisabled();
  });

  it('hides the preview when the camera is toggled off', () => {
    setup({}, { video: false });
    expect(screen.queryByLabelText('Camera preview')).not.toBeInTheDocument();
    expect(screen.getByText('Your camera is off')).toBeInTheDocument();
  });

  it('turns the microphone and the camera off, and follows the store', async () => {
    const { store, actions, user } = setup({}, { audio: true, video: true });
    const microphone = screen.getByRole('button', { name: 'Microphone' });
    const camera = screen.getByRole('button', { name: 'Camera' });
    expect(microphone).toHaveAttribute('aria-pressed', 'true');
    expect(camera).toHaveAttribute('aria-pressed', 'true');
    await user.click(microphone);
    expect(actions.setAudio).toHaveBeenCalledWith(false);
    await user.click(camera);
    expect(actions.setVideo).toHaveBeenCalledWith(false);
    act(() => store.setState({ media: readyMedia({ audio: false, video: false }) }));
    expect(microphone).toHaveAttribute('aria-pressed', 'false');
    expect(camera).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByLabelText('Camera preview')).not.toBeInTheDocument();
  });

  it('explains a missing microphone', () => {
    setup(
      {},
      {
        stream: fakeStream({ audio: false }),
        problems: [{ kind: 'audio', reason: 'missing' }],
        audio: false,
        canAudio: false,
      },
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('No microphone was found');
    expect(alert).toHaveTextContent('You can still join');
    expect(screen.getByRole('button', { name: 'Microphone' })).toBeDisabled();
  });

  it('has Microphone and Camera toggles that show and change what will be sent', async () => {
    const { actions, user } = setup({}, { audio: true, video: false });
    const microphone = screen.getByRole('button', { name: 'Microphone' });
    const camera = screen.getByRole('button', { name: 'Camera' });
    expect(microphone).toHaveAttribute('aria-pressed', 'true');
    expect(camera).toHaveAttribute('aria-pressed', 'false');
    await user.click(microphone);
    expect(actions.setAudio).toHaveBeenCalledWith(false);
    await user.click(camera);
    expect(actions.setVideo).toHaveBeenCalledWith(true);
  });

  it('starts with the focus on its heading, and has a microphone meter while the microphone is on', () => {
    const { store } = setup();
    expect(screen.getByRole('heading', { level: 1 })).toHaveFocus();
    expect(screen.getByRole('meter', { name: 'Microphone level' })).toBeInTheDocument();
    act(() => store.setState({ media: readyMedia({ audio: false }) }));
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
  });

  it('copies the room link, and the notice goes away by itself', async () => {
    const { user } = setup();
    const writeText = vi.fn(async () => {});
    const restore = stubClipboard(writeText);
    try {
      await user.click(screen.getByRole('button', { name: 'Copy room link' }));
      expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/r/team-standup`);
      expect(screen.getByRole('status')).toHaveTextContent('Room link copied');
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent(''), {
        timeout: TOAST_MS + 2000,
      });
    } finally {
      restore();
    }
  }, 15_000);
});
