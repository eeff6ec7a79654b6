import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallStore } from '../call/store';
import { fakeActions } from '../test/fakes';
import { LeftScreen } from './LeftScreen';

function setup(joining = false) {
  const store = createCallStore('team-standup');
  store.setState({ server: 'online', roomCount: 2, left: true, phase: joining ? 'joining' : 'lobby' });
  const actions = fakeActions();
  render(<LeftScreen store={store} actions={actions} />);
  return { store, actions, user: userEvent.setup() };
}

afterEach(() => window.history.replaceState(null, '', '/'));

describe('LeftScreen', () => {
  it('says the call was left, with the focus on that heading', () => {
    setup();
    expect(screen.getByRole('heading', { level: 1, name: 'You left the call' })).toHaveFocus();
    expect(screen.getByText(/Your camera and microphone are off/)).toHaveTextContent('team-standup');
    expect(screen.getByText('2 people in this room')).toBeInTheDocument();
  });

  it('rejoins the same room, and is busy while it does', async () => {
    const { actions, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Rejoin' }));
    expect(actions.rejoin).toHaveBeenCalledTimes(1);
  });

  it('shows Rejoin as busy while the join is on its way', () => {
    setup(true);
    expect(screen.getByRole('button', { name: 'Rejoin' })).toBeDisabled();
  });

  it('returns to the home page', async () => {
    window.history.replaceState(null, '', '/r/team-standup');
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Return to home' }));
    expect(window.location.pathname).toBe('/');
  });
});
