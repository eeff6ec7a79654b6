import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type CallState, createCallStore } from '../call/store';
import { fakeActions, fakeRemote, readyMedia } from '../test/fakes';
import { CallScreen } from './CallScreen';
import { LeftScreen } from './LeftScreen';
import { Lobby } from './Lobby';

/** Alice in a call with Ben and Cleo; Alice hosts unless `hostId` says otherwise. */
function setup(state: Partial<CallState> = {}) {
  const store = createCallStore('team-standup');
  store.setState({
    phase: 'in-call',
    server: 'online',
    media: readyMedia(),
    self: { id: 'a', name: 'Alice', audio: true, video: true },
    remotes: [fakeRemote('b', 'Ben'), fakeRemote('c', 'Cleo', { audio: false })],
    hostId: 'a',
    ...state,
  });
  const actions = fakeActions();
  render(<CallScreen store={store} actions={actions} />);
  return { store, actions, user: userEvent.setup() };
}

const people = () => screen.getByRole('complementary', { name: 'People' });

describe('hosting a call', () => {
  it('gives the host a Lock room toggle, and nobody else', async () => {
    const { store, actions, user } = setup();
    const lock = screen.getByRole('button', { name: 'Lock room' });
    expect(lock).toHaveAttribute('aria-pressed', 'false');
    await user.click(lock);
    expect(actions.setLocked).toHaveBeenCalledWith(true);
    act(() => store.setState({ locked: true }));
    expect(lock).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('img', { name: 'Room locked' })).toBeVisible();

    act(() => store.setState({ hostId: 'b' }));
    expect(screen.queryByRole('button', { name: 'Lock room' })).not.toBeInTheDocument();
    // Everyone sees that the room is locked.
    expect(screen.getByRole('img', { name: 'Room locked' })).toBeVisible();
  });

  it('asks the host about each knocker in turn, naming them, with Admit and Deny', async () => {
    const { store, actions, user } = setup();
    const chat = screen.getByRole('textbox', { name: 'Message' });
    chat.focus();
    act(() =>
      store.setState({
        knocks: [
          { id: 'k1', name: 'Dana' },
          { id: 'k2', name: 'Eli' },
        ],
      }),
    );
    const dialog = screen.getByRole('alertdialog', { name: 'Dana wants to join' });
    expect(dialog).toHaveTextContent('1 more person is waiting');
    // The focus goes to the dialog's heading, and Tab stays inside.
    expect(within(dialog).getByRole('heading', { name: 'Dana wants to join' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Deny' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Admit' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Deny' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Admit' }));
    expect(actions.admit).toHaveBeenCalledWith('k1');
    act(() => store.setState({ knocks: [{ id: 'k2', name: 'Eli' }] }));
    const next = screen.getByRole('alertdialog', { name: 'Eli wants to join' });
    expect(within(next).getByRole('heading')).toHaveFocus();
    expect(next).not.toHaveTextContent('more');

    await user.click(within(next).getByRole('button', { name: 'Deny' }));
    expect(actions.deny).toHaveBeenCalledWith('k2');
    act(() => store.setState({ knocks: [] }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    // The focus goes back where it was.
    expect(chat).toHaveFocus();
  });

  it('puts a knock off on Escape, with a button that brings it back; a new knock asks at once', async () => {
    const { store, user } = setup();
    act(() => store.setState({ knocks: [{ id: 'k1', name: 'Dana' }] }));
    fireEvent(screen.getByRole('alertdialog'), new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '1 person waiting to join' }));
    expect(screen.getByRole('alertdialog', { name: 'Dana wants to join' })).toBeInTheDocument();

    fireEvent(screen.getByRole('alertdialog'), new Event('cancel', { cancelable: true }));
    act(() =>
      store.setState({
        knocks: [
          { id: 'k1', name: 'Dana' },
          { id: 'k2', name: 'Eli' },
        ],
      }),
    );
    expect(screen.getByRole('alertdialog', { name: 'Eli wants to join' })).toHaveTextContent(
      '1 more person is waiting',
    );
  });

  it('asks nobody but the host', () => {
    setup({ hostId: 'b', knocks: [{ id: 'k1', name: 'Dana' }] });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /waiting to join/ })).not.toBeInTheDocument();
  });

  it('shows the host and raised hands in the figures and in People, hands first in order', async () => {
    const { store, actions, user } = setup({ hostId: 'b', hands: ['c', 'a'] });
    expect(within(screen.getByRole('figure', { name: 'Ben' })).getByText('Host')).toBeVisible();
    expect(
      within(screen.getByRole('figure', { name: 'Cleo' })).getByRole('img', { name: 'Hand raised' }),
    ).toBeVisible();
    expect(
      within(screen.getByRole('figure', { name: 'Ben' })).queryByRole('img', { name: 'Hand raised' }),
    ).toBeNull();

    await user.click(screen.getByRole('button', { name: 'People' }));
    const items = within(people()).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('Cleo'),
      expect.stringContaining('Alice (you)'),
      expect.stringContaining('Ben'),
    ]);
    expect(within(items[0] as HTMLElement).getByRole('img', { name: 'Hand raised' })).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).getByRole('img', { name: 'Hand raised' })).toBeInTheDocument();
    expect(within(items[2] as HTMLElement).getByText('Host')).toBeInTheDocument();
    // Not the host: no host tools.
    expect(within(people()).queryByRole('button', { name: /^Mute/ })).not.toBeInTheDocument();

    // Our own hand: Raise hand is pressed while it is up.
    const raise = screen.getByRole('button', { name: 'Raise hand' });
    expect(raise).toHaveAttribute('aria-pressed', 'true');
    await user.click(raise);
    expect(actions.raiseHand).toHaveBeenCalledWith(false);
    act(() => store.setState({ hands: ['c'] }));
    expect(raise).toHaveAttribute('aria-pressed', 'false');
  });

  it('gives the host Mute, Remove from call, Make host and Lower hand for everyone else', async () => {
    const { actions, user } = setup({ hands: ['b'] });
    await user.click(screen.getByRole('button', { name: 'People' }));
    const mine = within(people()).getAllByRole('listitem')[1] as HTMLElement;
    expect(mine).toHaveTextContent('Alice (you)');
    expect(within(mine).queryByRole('button')).toBeNull();

    await user.click(within(people()).getByRole('button', { name: 'Mute Ben' }));
    expect(actions.mute).toHaveBeenCalledWith('b');
    // Cleo's microphone is off already.
    expect(within(people()).getByRole('button', { name: 'Mute Cleo' })).toBeDisabled();
    await user.click(within(people()).getByRole('button', { name: 'Remove from call Cleo' }));
    expect(actions.remove).toHaveBeenCalledWith('c');
    await user.click(within(people()).getByRole('button', { name: 'Make host Cleo' }));
    expect(actions.makeHost).toHaveBeenCalledWith('c');
    await user.click(within(people()).getByRole('button', { name: 'Lower hand Ben' }));
    expect(actions.lowerHand).toHaveBeenCalledWith('b');
    expect(within(people()).queryByRole('button', { name: 'Lower hand Cleo' })).toBeNull();
  });

  it('opens Reactions as a menu the arrow keys walk; Escape and a choice give the focus back', async () => {
    const { actions, user } = setup();
    const button = screen.getByRole('button', { name: 'Reactions' });
    button.focus();
    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu', { name: 'Reactions' });
    expect(
      within(menu)
        .getAllByRole('menuitem')
        .map((item) => item.getAttribute('aria-label')),
    ).toEqual(['Thumbs up', 'Clap', 'Laugh', 'Heart', 'Surprised']);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(within(menu).getByRole('menuitem', { name: 'Thumbs up' })).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(within(menu).getByRole('menuitem', { name: 'Laugh' })).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(within(menu).getByRole('menuitem', { name: 'Surprised' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(actions.react).not.toHaveBeenCalled();

    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('menuitem', { name: 'Surprised' })).toHaveFocus();
    await user.keyboard('{Home}{ArrowRight}{Enter}');
    expect(actions.react).toHaveBeenCalledWith('clap');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();

    await user.click(button);
    await user.click(screen.getByRole('menuitem', { name: 'Heart' }));
    expect(actions.react).toHaveBeenLastCalledWith('heart');
  });

  it('shows a reaction in its sender’s figure, named after it', () => {
    const { store } = setup();
    act(() => store.setState({ reactions: { b: { key: 1, reaction: 'thumbs-up' } } }));
    expect(
      within(screen.getByRole('figure', { name: 'Ben' })).getByRole('img', { name: 'Thumbs up' }),
    ).toBeVisible();
    act(() => store.setState({ reactions: { a: { key: 2, reaction: 'surprised' } } }));
    expect(
      within(screen.getByRole('figure', { name: 'Ben' })).queryByRole('img', { name: 'Thumbs up' }),
    ).toBeNull();
    expect(
      within(screen.getByRole('figure', { name: 'Alice (you)' })).getByRole('img', { name: 'Surprised' }),
    ).toBeVisible();
  });

  it('says the host turned one’s microphone off', () => {
    const { store } = setup();
    act(() => store.setState({ notice: { key: 1, notice: { type: 'muted-by-host' } } }));
    expect(screen.getByRole('status')).toHaveTextContent('The host turned your microphone off');
  });
});

describe('knocking at a locked room', () => {
  function lobby(state: Partial<CallState>) {
    const store = createCallStore('team-standup');
    store.setState({ server: 'online', media: readyMedia(), roomCount: 2, ...state });
    const actions = fakeActions();
    render(<Lobby store={store} actions={actions} />);
    return { store, actions, user: userEvent.setup() };
  }

  it('waits for the host with a status and Cancel, then says the host did not let us in', async () => {
    const { store, actions, user } = lobby({});
    const join = screen.getByRole('button', { name: 'Join call' });
    act(() => store.setState({ phase: 'joining', knocking: true }));
    const status = screen.getByRole('status', { name: 'Waiting for the host to let you in' });
    const cancel = within(status).getByRole('button', { name: 'Cancel' });
    expect(cancel).toHaveFocus();
    expect(join).toBeDisabled();
    await user.click(cancel);
    expect(actions.cancelKnock).toHaveBeenCalledTimes(1);

    act(() =>
      store.setState({
        phase: 'lobby',
        knocking: false,
        joinError: { type: 'refused', error: { code: 'knock_denied', message: '' } },
      }),
    );
    expect(screen.queryByRole('status', { name: 'Waiting for the host to let you in' })).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('The host did not let you in.');
    expect(join).toHaveFocus();
  });

  it('says when nobody answered', () => {
    lobby({ joinError: { type: 'refused', error: { code: 'knock_timeout', message: '' } } });
    expect(screen.getByRole('alert')).toHaveTextContent('Nobody let you in: the host did not answer.');
  });

  it('after removal, says so and knocks to come back', async () => {
    const store = createCallStore('team-standup');
    store.setState({ server: 'online', left: true, removed: true });
    const actions = fakeActions();
    render(<LeftScreen store={store} actions={actions} />);
    expect(screen.getByRole('alert')).toHaveTextContent('You were removed from the call');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Rejoin' }));
    expect(actions.rejoin).toHaveBeenCalledTimes(1);
    act(() => store.setState({ phase: 'joining', knocking: true }));
    expect(screen.getByRole('status', { name: 'Waiting for the host to let you in' })).toBeInTheDocument();
  });
});
