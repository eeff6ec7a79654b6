import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { type ChatEntry, createCallStore, type FileTransfer, newRemote, transferKey } from '../call/store';
import { fakeActions } from '../test/fakes';
import { ChatPanel } from './ChatPanel';

const file = {
  id: '5d0c9a55-3e1b-4c6e-8f4d-6a2b1c0d9e8f',
  name: '../holiday photo.png',
  size: 3 * 1024 * 1024,
  type: 'image/png',
  sha256: 'a'.repeat(64),
};
const key = transferKey('b', file.id);

function fileEntry(overrides: Partial<ChatEntry> = {}): ChatEntry {
  return {
    key: 'm1',
    from: 'b',
    name: 'Bob',
    text: '',
    file,
    sentAt: 0,
    status: 'sent',
    mine: false,
    ...overrides,
  };
}

function transfer(overrides: Partial<FileTransfer> = {}): FileTransfer {
  return {
    key,
    direction: 'receive',
    size: file.size,
    bytes: 0,
    state: 'moving',
    failure: null,
    receivers: [],
    url: null,
    ...overrides,
  };
}

function setup(messages: ChatEntry[] = [fileEntry()], transfers: Record<string, FileTransfer> = {}) {
  const store = createCallStore('room');
  const bob = {
    ...newRemote({ id: 'b', name: 'Bob', audio: true, video: true }),
    connection: 'connected' as const,
  };
  store.setState({
    phase: 'in-call',
    self: { id: 'a', name: 'Ann', audio: true, video: true },
    remotes: [bob],
  });
  store.setState({ messages, transfers });
  const actions = fakeActions();
  render(<ChatPanel store={store} actions={actions} />);
  return { store, actions, user: userEvent.setup() };
}

const item = () => within(screen.getByRole('log', { name: 'Chat messages' })).getByRole('listitem');

describe('a file in the chat', () => {
  it('shows its name and size, a progress bar and Cancel while it moves', async () => {
    const { actions, user, store } = setup([fileEntry()], { [key]: transfer({ bytes: 1024 * 1024 }) });
    expect(item()).toHaveTextContent('../holiday photo.png');
    expect(item()).toHaveTextContent('3 MB');
    const bar = within(item()).getByRole('progressbar');
    expect(bar).toHaveAttribute('value', String(1024 * 1024));
    expect(bar).toHaveAttribute('max', String(file.size));
    await user.click(within(item()).getByRole('button', { name: 'Cancel' }));
    expect(actions.cancelFile).toHaveBeenCalledWith(key);
    act(() => store.setState({ transfers: { [key]: transfer({ state: 'failed', failure: 'cancelled' }) } }));
    expect(within(item()).queryByRole('progressbar')).toBeNull();
    expect(item()).toHaveTextContent('Cancelled');
  });

  it('offers a download named safely once here, and a preview for an image', () => {
    setup([fileEntry()], { [key]: transfer({ state: 'done', bytes: file.size, url: 'blob:x/1' }) });
    const link = within(item()).getByRole('link', { name: 'Download ../holiday photo.png' });
    expect(link).toHaveAttribute('href', 'blob:x/1');
    expect(link).toHaveAttribute('download', '_holiday photo.png');
    expect(within(item()).getByRole('img', { name: '../holiday photo.png' })).toHaveAttribute(
      'src',
      'blob:x/1',
    );
    expect(within(item()).queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('shows no preview for SVG, only the download', () => {
    const svg = { ...file, name: 'logo.svg', type: 'image/svg+xml' };
    setup([fileEntry({ file: svg })], {
      [key]: transfer({ state: 'done', bytes: file.size, url: 'blob:x/2' }),
    });
    expect(within(item()).getByRole('link', { name: 'Download logo.svg' })).toBeInTheDocument();
    expect(within(item()).queryByRole('img')).toBeNull();
  });

  it('says Transfer failed and why', () => {
    setup([fileEntry()], { [key]: transfer({ state: 'failed', failure: 'peer-left' }) });
    expect(item()).toHaveTextContent('Transfer failed: Bob left the call.');
  });

  it('tells a late joiner it was sent before, and lets them ask a sender still here', async () => {
    const { actions, user, store } = setup();
    expect(item()).toHaveTextContent('Sent before you joined');
    await user.click(within(item()).getByRole('button', { name: 'Get file' }));
    expect(actions.requestFile).toHaveBeenCalledWith('b', file.id);
    act(() => store.setState({ remotes: [] }));
    expect(item()).toHaveTextContent('Bob has left');
    expect(within(item()).queryByRole('button', { name: 'Get file' })).toBeNull();
  });

  it('sends the files picked with Attach file, and those dropped on the chat', async () => {
    const { actions, user } = setup([]);
    const picked = new File(['hello'], 'a.txt', { type: 'text/plain' });
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    await user.click(screen.getByRole('button', { name: 'Attach file' }));
    await user.upload(input, picked);
    expect(actions.sendFile).toHaveBeenCalledWith(picked);
    const dropped = new File(['x'], 'b.bin');
    fireEvent.drop(screen.getByRole('complementary', { name: 'Chat' }), {
      dataTransfer: { types: ['Files'], files: [dropped] },
    });
    await vi.waitFor(() => expect(actions.sendFile).toHaveBeenCalledWith(dropped));
  });
});

describe('by keyboard', () => {
  it('reaches Cancel, then Attach file (Enter opens the file picker), then the message box', async () => {
    const { user } = setup([fileEntry()], { [key]: transfer({ bytes: 10 }) });
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    const picker = vi.spyOn(input, 'click');
    await user.tab();
    expect(within(item()).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Attach file' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(picker).toHaveBeenCalled();
    await user.tab();
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
  });
});

describe('the typing indicator', () => {
  it('names one typist, counts several, and shows only those still in the call', () => {
    const { store } = setup([]);
    expect(screen.queryByRole('status')).toBeNull();
    act(() => store.setState({ typing: ['b'] }));
    expect(screen.getByRole('status')).toHaveTextContent('Bob is typing…');
    const carol = newRemote({ id: 'c', name: 'Carol', audio: true, video: true });
    act(() => store.setState((s) => ({ remotes: [...s.remotes, carol], typing: ['b', 'c'] })));
    expect(screen.getByRole('status')).toHaveTextContent('2 people are typing…');
    act(() => store.setState({ remotes: [carol] }));
    expect(screen.getByRole('status')).toHaveTextContent('Carol is typing…');
  });

  it('tells the engine what the box holds as it changes', async () => {
    const { actions, user } = setup([]);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'hi');
    expect(actions.setChatDraft).toHaveBeenLastCalledWith('hi');
  });
});
