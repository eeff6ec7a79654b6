import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CallState, createCallStore } from '../call/store';
import { fakeActions, fakeStream, readyMedia, stubClipboard } from '../test/fakes';
import { CallScreen } from './CallScreen';

function setup(state: Partial<CallState> = {}) {
  const store = createCallStore('team-standup');
  store.setState({
    phase: 'in-call',
    server: 'online',
    media: readyMedia(),
    self: { id: 'a', name: 'Alice', audio: true, video: true },
    remotes: [
      {
        id: 'b',
        name: 'Bob',
        audio: false,
        video: true,
        connection: 'connected',
        everConnected: true,
        quality: null,
        stream: fakeStream(),
      },
      {
        id: 'c',
        name: 'Carol',
        audio: true,
        video: false,
        connection: 'connecting',
        everConnected: false,
        quality: null,
        stream: null,
      },
    ],
  });
  store.setState(state);
  const actions = fakeActions();
  render(<CallScreen store={store} actions={actions} />);
  return { store, actions, user: userEvent.setup() };
}

let restoreClipboard = () => {};
afterEach(() => restoreClipboard());

describe('CallScreen', () => {
  it('shows one figure per participant in the Participants region, the local one first', () => {
    setup();
    const figures = within(screen.getByRole('region', { name: 'Participants' })).getAllByRole('figure');
    expect(figures).toHaveLength(3);
    expect(figures[0]).toHaveAccessibleName('Alice (you)');
    expect(figures[1]).toHaveAccessibleName('Bob');
    expect(figures[2]).toHaveAccessibleName('Carol');
    expect(
      within(screen.getByRole('figure', { name: 'Bob' })).getByRole('img', { name: 'Microphone off' }),
    ).toBeVisible();
    expect(within(screen.getByRole('figure', { name: 'Carol' })).getByText('Connecting…')).toBeVisible();
  });

  it('removes a figure when its participant leaves', () => {
    const { store } = setup();
    act(() => store.setState((state) => ({ remotes: state.remotes.filter((remote) => remote.id !== 'b') })));
    expect(screen.queryByRole('figure', { name: 'Bob' })).not.toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Carol' })).toBeInTheDocument();
  });

  it('leaves the call', async () => {
    const { actions, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Leave call' }));
    expect(actions.leave).toHaveBeenCalledTimes(1);
  });

  it('toggles the microphone and the camera', async () => {
    const { store, actions, user } = setup();
    const microphone = screen.getByRole('button', { name: 'Microphone' });
    expect(microphone).toHaveAttribute('aria-pressed', 'true');
    await user.click(microphone);
    expect(actions.setAudio).toHaveBeenCalledWith(false);
    const camera = screen.getByRole('button', { name: 'Camera' });
    expect(camera).toHaveAttribute('aria-pressed', 'true');
    await user.click(camera);
    expect(actions.setVideo).toHaveBeenCalledWith(false);

    act(() => store.setState({ media: readyMedia({ audio: false, video: false }) }));
    expect(screen.getByRole('button', { name: 'Microphone', pressed: false })).toBeInTheDocument();
    expect(camera).toHaveAttribute('aria-pressed', 'false');
    expect(
      within(screen.getByRole('figure', { name: 'Alice (you)' })).getByRole('img', { name: 'Camera off' }),
    ).toBeVisible();
    expect(
      within(screen.getByRole('figure', { name: 'Alice (you)' })).getByRole('img', {
        name: 'Microphone off',
      }),
    ).toBeVisible();
  });

  it('opens and closes the chat panel', async () => {
    const { user } = setup();
    const chat = screen.getByRole('button', { name: 'Chat' });
    expect(chat).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('complementary', { name: 'Chat' })).toBeInTheDocument();
    await user.click(chat);
    expect(chat).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('complementary', { name: 'Chat' })).not.toBeInTheDocument();
    await user.click(chat);
    expect(chat).toHaveAttribute('aria-expanded', 'true');
    expect(
      within(screen.getByRole('complementary', { name: 'Chat' })).getByRole('log', { name: 'Chat messages' }),
    ).toBeInTheDocument();
  });

  it('copies the room link and says so', async () => {
    const { user } = setup();
    const writeText = vi.fn(async () => {});
    restoreClipboard = stubClipboard(writeText);
    await user.click(screen.getByRole('button', { name: 'Copy room link' }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/r/team-standup`);
    expect(await within(screen.getByRole('status')).findByText(/Room link copied/)).toBeInTheDocument();
  });

  it('shows the link to copy by hand when the clipboard refuses', async () => {
    const { user } = setup();
    const writeText = vi.fn(async () => {
      throw new DOMException('denied', 'NotAllowedError');
    });
    restoreClipboard = stubClipboard(writeText);
    await user.click(screen.getByRole('button', { name: 'Copy room link' }));
    const link = `${window.location.origin}/r/team-standup`;
    expect(await within(screen.getByRole('status')).findByText(new RegExp(link))).toBeInTheDocument();
    expect(screen.getByRole('status')).not.toHaveTextContent('Room link copied');
  });

  it('says Reconnecting… in a status while the server is away', () => {
    const { store } = setup();
    expect(screen.getByRole('status')).not.toHaveTextContent('Reconnecting…');
    act(() => store.setState({ server: 'offline' }));
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting…');
  });

  it('explains a media problem in an alert, and only then', () => {
    const { store } = setup();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    act(() => store.setState({ media: readyMedia({ problems: [{ kind: 'video', reason: 'blocked' }] }) }));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Your camera is blocked');
    expect(alert).toHaveTextContent('You can still join');
  });

  it('explains, in an alert, a connection that never came up, and not one that dropped', () => {
    const { store } = setup();
    expect(screen.queryByText(/Could not connect/)).not.toBeInTheDocument();
    act(() =>
      store.setState((state) => ({
        remotes: state.remotes.map((remote) => ({ ...remote, connection: 'lost' as const })),
      })),
    );
    const alerts = screen.getAllByRole('alert').map((alert) => alert.textContent);
    expect(alerts).toContainEqual(expect.stringMatching(/^Could not connect to Carol\. .*TURN relay/));
    expect(alerts.join(' ')).not.toContain('Bob');
    expect(within(screen.getByRole('figure', { name: 'Carol' })).getByText('Connection lost')).toBeVisible();
  });

  it.each([1, 2, 4, 8])('shows all %i tiles in the Participants region', (count) => {
    const { store } = setup();
    act(() =>
      store.setState((state) => ({
        remotes: Array.from({ length: count - 1 }, (_, i) => ({
          ...(state.remotes[0] as (typeof state.remotes)[number]),
          id: `r${i}`,
          name: `Person ${i}`,
        })),
      })),
    );
    expect(within(screen.getByRole('region', { name: 'Participants' })).getAllByRole('figure')).toHaveLength(
      count,
    );
  });

  it('announces who joined and left, and counts unread messages while the chat is closed', async () => {
    const { store, user } = setup();
    act(() => store.setState({ notice: { key: 1, notice: { type: 'participant-joined', name: 'Dan' } } }));
    expect(screen.getByRole('status')).toHaveTextContent('Dan joined');

    await user.click(screen.getByRole('button', { name: 'Chat' }));
    act(() =>
      store.setState({
        messages: [1, 2].map((i) => ({
          key: `m${i}`,
          from: 'b',
          name: 'Bob',
          text: `hi ${i}`,
          sentAt: i,
          status: 'sent' as const,
          mine: false,
        })),
      }),
    );
    expect(screen.getByRole('button', { name: 'Chat' })).toHaveAccessibleDescription('2 unread');
    await user.click(screen.getByRole('button', { name: 'Chat' }));
    expect(screen.getByRole('button', { name: 'Chat' })).not.toHaveAccessibleDescription();
  });

  it('toggles the microphone and camera with Ctrl+D and Ctrl+E, as the tooltips say', async () => {
    const { actions, user } = setup();
    expect(screen.getByRole('button', { name: 'Microphone' })).toHaveAttribute(
      'title',
      expect.stringContaining('Ctrl+D'),
    );
    await user.keyboard('{Control>}d{/Control}');
    expect(actions.setAudio).toHaveBeenCalledWith(false);
    await user.keyboard('{Control>}e{/Control}');
    expect(actions.setVideo).toHaveBeenCalledWith(false);
  });

  it('shares the screen from the Share screen toggle where the browser can', async () => {
    const before = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices');
    Object.defineProperty(navigator, 'mediaDevices', {
      value: { getDisplayMedia: vi.fn() },
      configurable: true,
    });
    try {
      const { store, actions, user } = setup();
      const share = screen.getByRole('button', { name: 'Share screen' });
      expect(share).toHaveAttribute('aria-pressed', 'false');
      await user.click(share);
      expect(actions.startScreenShare).toHaveBeenCalled();
      act(() => store.setState({ media: readyMedia({ sharing: true }) }));
      await user.click(screen.getByRole('button', { name: 'Share screen', pressed: true }));
      expect(actions.stopScreenShare).toHaveBeenCalled();
    } finally {
      if (before) Object.defineProperty(navigator, 'mediaDevices', before);
      else Reflect.deleteProperty(navigator, 'mediaDevices');
    }
  });
});
