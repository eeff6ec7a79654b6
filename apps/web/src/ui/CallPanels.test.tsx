import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CallState, type ChatEntry, createCallStore, type RemoteParticipant } from '../call/store';
import { fakeActions, fakeStream, readyMedia, stubClipboard } from '../test/fakes';
import { CallScreen } from './CallScreen';
import { ANNOUNCE_EVERY_MS } from './ChatAnnouncer';
import { TOAST_MS } from './toasts';

const bob: RemoteParticipant = {
  id: 'b',
  name: 'Bob',
  audio: false,
  video: true,
  connection: 'connected',
  everConnected: true,
  quality: null,
  stream: fakeStream(),
};

function setup(state: Partial<CallState> = {}) {
  const store = createCallStore('team-standup');
  store.setState({
    phase: 'in-call',
    server: 'online',
    media: readyMedia({ video: false }),
    self: { id: 'a', name: 'Alice', audio: true, video: false },
    remotes: [bob],
    ...state,
  });
  const actions = fakeActions();
  render(<CallScreen store={store} actions={actions} />);
  return { store, actions, user: userEvent.setup() };
}

const message = (key: string, name: string, text: string): ChatEntry => ({
  key,
  from: name.toLowerCase(),
  name,
  text,
  sentAt: 1,
  status: 'sent',
  mine: false,
});

let restore = () => {};
afterEach(() => {
  restore();
  restore = () => {};
  vi.useRealTimers();
});

describe('the call screen', () => {
  it('puts the focus on its heading when it opens', () => {
    setup();
    expect(screen.getByRole('heading', { level: 1 })).toHaveFocus();
  });

  it('opens Settings as a dialog with the devices, the language and one’s name; Close gives the focus back', {
    timeout: 15_000,
  }, async () => {
    const { actions, user } = setup();
    const button = screen.getByRole('button', { name: 'Settings' });
    await user.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('combobox', { name: 'Language' })).toBeInTheDocument();

    const name = within(dialog).getByRole('textbox', { name: 'Your name' });
    expect(name).toHaveValue('Alice');
    await user.clear(name);
    await user.type(name, 'Ann{Enter}');
    expect(actions.rename).toHaveBeenCalledWith('Ann');

    actions.rename.mockResolvedValueOnce('invalid');
    await user.clear(name);
    await user.click(within(dialog).getByRole('button', { name: 'Change name' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Please choose another name');

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('closes Settings on Escape (the dialog’s cancel) and keeps Tab inside it', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const close = within(dialog).getByRole('button', { name: 'Close' });
    const language = within(dialog).getByRole('combobox', { name: 'Language' });
    language.focus();
    await user.tab();
    expect(close).toHaveFocus();
    await user.tab({ shift: true });
    expect(language).toHaveFocus();

    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Settings' })).toHaveFocus();
  });

  it('lists everyone in People, oneself first, with what each has off', async () => {
    const { store, user } = setup();
    const people = screen.getByRole('button', { name: 'People' });
    expect(people).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('complementary', { name: 'People' })).not.toBeInTheDocument();
    await user.click(people);
    expect(people).toHaveAttribute('aria-expanded', 'true');
    const items = within(screen.getByRole('complementary', { name: 'People' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^AAlice \(you\)Camera off$/),
      expect.stringMatching(/^BBob\s*Microphone off$/),
    ]);
    act(() => store.setState({ remotes: [{ ...bob, name: 'Robert', audio: true, video: false }] }));
    const robert = within(screen.getByRole('complementary', { name: 'People' })).getAllByRole('listitem')[1];
    expect(robert).toHaveTextContent('Robert');
    expect(robert).toHaveTextContent('Camera off');
    expect(robert).not.toHaveTextContent('Microphone off');
  });

  it('invites people while alone: the link, one Copy room link, and a warning for a localhost link', async () => {
    const { store, user } = setup({ remotes: [] });
    const writeText = vi.fn(async () => {});
    restore = stubClipboard(writeText);
    const link = `${window.location.origin}/r/team-standup`;
    expect(screen.getByText(link)).toBeVisible();
    expect(screen.getByText(/only this computer can open/)).toHaveTextContent(window.location.host);
    expect(screen.queryByRole('button', { name: 'Share room link' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Copy room link' }));
    expect(writeText).toHaveBeenCalledWith(link);

    // Someone came: the invitation goes, the header's button stays.
    act(() => store.setState({ remotes: [bob] }));
    expect(screen.queryByText(link)).not.toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Copy room link' })).toHaveLength(1);
  });

  it('offers to share the link where the browser can', async () => {
    const share = vi.fn(async () => {});
    Object.defineProperty(navigator, 'share', { value: share, configurable: true });
    restore = () => Reflect.deleteProperty(navigator, 'share');
    const { user } = setup({ remotes: [] });
    await user.click(screen.getByRole('button', { name: 'Share room link' }));
    expect(share).toHaveBeenCalledWith({
      title: 'team-standup · moim',
      url: `${window.location.origin}/r/team-standup`,
    });
  });

  it('shows a notice for a few seconds, then lets it go', () => {
    vi.useFakeTimers();
    const { store } = setup();
    act(() => store.setState({ notice: { key: 1, notice: { type: 'participant-left', name: 'Dan' } } }));
    expect(screen.getByRole('status')).toHaveTextContent('Dan left');
    act(() => vi.advanceTimersByTime(TOAST_MS));
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('reads out messages while the chat is closed: the first at once, then a summary at most every few seconds', async () => {
    const { store, user } = setup();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    });
    const live = document.querySelector('[aria-live="polite"].visually-hidden') as HTMLElement;
    act(() => store.setState({ messages: [message('1', 'Bob', 'are you there?')] }));
    expect(live).toHaveTextContent('Message from Bob: are you there?');
    act(() =>
      store.setState((state) => ({
        messages: [...state.messages, message('2', 'Bob', 'hello?'), message('3', 'Carol', 'hi all')],
      })),
    );
    expect(live).toHaveTextContent('Message from Bob: are you there?');
    act(() => vi.advanceTimersByTime(ANNOUNCE_EVERY_MS));
    expect(live).toHaveTextContent('2 new messages from Bob and Carol');
    vi.useRealTimers();
    // Open, the chat's own log speaks: nothing more here.
    await user.click(screen.getByRole('button', { name: 'Chat' }));
    expect(live).toHaveTextContent('');
  });
});
