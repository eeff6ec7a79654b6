import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type ChatEntry, createCallStore } from '../call/store';
import { fakeActions } from '../test/fakes';
import { ChatPanel } from './ChatPanel';

function entry(overrides: Partial<ChatEntry>): ChatEntry {
  return {
    key: 'k1',
    from: 'b',
    name: 'Bob',
    text: 'hello',
    sentAt: Date.UTC(2026, 10, 25, 9, 30),
    status: 'sent',
    mine: false,
    ...overrides,
  };
}

function setup(messages: ChatEntry[] = []) {
  const store = createCallStore('room');
  store.setState({ phase: 'in-call', messages });
  const actions = fakeActions();
  render(<ChatPanel store={store} actions={actions} />);
  return { store, actions, user: userEvent.setup() };
}

describe('ChatPanel', () => {
  it('is the Chat region with its Chat messages log', () => {
    setup();
    const panel = screen.getByRole('complementary', { name: 'Chat' });
    expect(within(panel).getByRole('log', { name: 'Chat messages' })).toBeInTheDocument();
  });

  it('sends with Enter and with the Send button, trimmed, and clears the box', async () => {
    const { actions, user } = setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, '  first message  {Enter}');
    expect(actions.sendChat).toHaveBeenLastCalledWith('first message');
    expect(box).toHaveValue('');
    await user.type(box, 'second');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(actions.sendChat).toHaveBeenLastCalledWith('second');
    expect(actions.sendChat).toHaveBeenCalledTimes(2);
  });

  it('does not send whitespace', async () => {
    const { actions, user } = setup();
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, '   {Enter}');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(actions.sendChat).not.toHaveBeenCalled();
    expect(box).toHaveValue('   ');
  });

  it('shows received messages with their sender, in order', () => {
    const { store } = setup([entry({ key: '1', text: 'first' })]);
    act(() =>
      store.setState((state) => ({
        messages: [...state.messages, entry({ key: '2', name: 'Carol', text: 'second' })],
      })),
    );
    const items = within(screen.getByRole('log', { name: 'Chat messages' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Bob');
    expect(items[0]).toHaveTextContent('first');
    expect(items[1]).toHaveTextContent('Carol');
    expect(items[1]).toHaveTextContent('second');
  });

  it('shows HTML in a message as text', () => {
    const html = '<img src=x onerror=alert(1)><b>bold</b>';
    setup([entry({ text: html })]);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    expect(within(log).getByRole('listitem')).toHaveTextContent(html);
    expect(within(log).getByText(html)).toBeInTheDocument();
    expect(within(log).queryByRole('img')).not.toBeInTheDocument();
    expect(log.querySelector('img, b')).toBeNull();
  });

  it('marks an undelivered message Not sent, with a Retry', async () => {
    const { actions, user } = setup([entry({ key: 'local-1', mine: true, status: 'failed', text: 'lost' })]);
    const item = within(screen.getByRole('log', { name: 'Chat messages' })).getByRole('listitem');
    expect(item).toHaveTextContent('Not sent');
    await user.click(within(item).getByRole('button', { name: 'Retry' }));
    expect(actions.retryChat).toHaveBeenCalledWith('local-1');
    expect(actions.retryChat).toHaveBeenCalledTimes(1);
  });

  it('offers no Retry for a message that was sent or is on its way', () => {
    setup([
      entry({ key: 'a', mine: true, status: 'sent', text: 'delivered' }),
      entry({ key: 'b', mine: true, status: 'sending', text: 'going' }),
    ]);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    expect(within(log).getAllByRole('listitem')).toHaveLength(2);
    expect(log).not.toHaveTextContent('Not sent');
    expect(within(log).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('shows javascript: links, HTML and bidi overrides inertly, and real links safely', () => {
    setup([
      entry({ key: '1', text: 'click javascript:alert(1) now' }),
      entry({ key: '2', name: 'Eve\u202E', text: 'gnp.\u202Eexe' }),
      entry({ key: '3', text: 'notes at https://docs.example/plan' }),
    ]);
    const items = within(screen.getByRole('log', { name: 'Chat messages' })).getAllByRole('listitem');
    expect(within(items[0] as HTMLElement).queryByRole('link')).toBeNull();
    expect(items[0]).toHaveTextContent('click javascript:alert(1) now');
    expect(items[1]?.textContent).not.toContain('\u202E');
    expect(items[1]).toHaveTextContent('gnp.exe');
    const link = within(items[2] as HTMLElement).getByRole('link', { name: 'https://docs.example/plan' });
    expect(link).toHaveAttribute('href', 'https://docs.example/plan');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('offers Load earlier messages only while the server has more, and shows them above', async () => {
    const { store, actions, user } = setup([entry({ key: 'new', text: 'newest' })]);
    const log = screen.getByRole('log', { name: 'Chat messages' });
    expect(within(log).queryByRole('button', { name: 'Load earlier messages' })).not.toBeInTheDocument();

    act(() => store.setState({ moreHistory: true }));
    let pages = 0;
    actions.loadEarlierMessages.mockImplementation(async () => {
      pages++;
      store.setState((state) => ({
        messages: [entry({ key: `old-${pages}`, text: `older ${pages}` }), ...state.messages],
        moreHistory: pages < 2,
      }));
    });
    const button = within(log).getByRole('button', { name: 'Load earlier messages' });
    expect(log.firstElementChild).toBe(button);
    await user.click(button);
    await user.click(within(log).getByRole('button', { name: 'Load earlier messages' }));
    expect(actions.loadEarlierMessages).toHaveBeenCalledTimes(2);
    expect(
      within(log)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('.chat-text')?.textContent),
    ).toEqual(['older 2', 'older 1', 'newest']);
    expect(within(log).queryByRole('button', { name: 'Load earlier messages' })).not.toBeInTheDocument();
  });
});
