import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { fakeStream } from '../test/fakes';
import { ParticipantTile } from './ParticipantTile';

const CODE = '79097 43167 84077 24055 26483 08991';

/** A remote tile whose Mark as verified choice is remembered as the call engine would. */
function Tile({ code = CODE, verifiedAs = null }: { code?: string | null; verifiedAs?: string | null }) {
  const [verifiedCode, setVerifiedCode] = useState(verifiedAs);
  return (
    <ParticipantTile
      name="Ben"
      stream={fakeStream()}
      audio
      video
      connection="connected"
      safetyCode={code}
      verifiedCode={verifiedCode}
      onVerifiedChange={(verified) => setVerifiedCode(verified ? code : null)}
    />
  );
}

const figure = () => screen.getByRole('figure', { name: 'Ben' });
const detailsButton = () => within(figure()).getByRole('button', { name: 'Connection details' });

describe('connection details', () => {
  it('opens from the keyboard on the safety code, what comparing it proves, and Mark as verified', async () => {
    const user = userEvent.setup();
    render(<Tile />);
    expect(detailsButton()).toHaveAttribute('aria-expanded', 'false');
    expect(within(figure()).queryByRole('group', { name: 'Connection details' })).toBeNull();
    detailsButton().focus();
    await user.keyboard('{Enter}');
    const panel = within(figure()).getByRole('group', { name: 'Connection details' });
    expect(detailsButton()).toHaveAttribute('aria-expanded', 'true');
    expect(panel).toHaveTextContent(`Safety code ${CODE}`);
    expect(panel).toHaveTextContent(/If Ben sees the same digits/);
    await user.tab();
    expect(within(panel).getByRole('checkbox', { name: 'Mark as verified' })).toHaveFocus();
    await user.keyboard(' ');
    expect(within(panel).getByRole('checkbox', { name: 'Mark as verified' })).toBeChecked();

    await user.keyboard('{Escape}');
    expect(within(figure()).queryByRole('group', { name: 'Connection details' })).toBeNull();
    expect(detailsButton()).toHaveFocus();
  });

  it('holds the code in the tile text even while closed, and only once', () => {
    render(<Tile />);
    expect(figure()).toHaveTextContent(`Safety code ${CODE}`);
    expect(figure().textContent?.match(/safety code/gi)).toHaveLength(1);
  });

  it('marks the person verified, and says so on the tile', () => {
    render(<Tile />);
    fireEvent.click(detailsButton());
    fireEvent.click(screen.getByRole('checkbox', { name: 'Mark as verified' }));
    expect(screen.getByRole('checkbox', { name: 'Mark as verified' })).toBeChecked();
    expect(within(figure()).getByRole('img', { name: 'Verified' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Mark as verified' }));
    expect(within(figure()).queryByRole('img', { name: 'Verified' })).toBeNull();
  });

  it('warns on the tile when the code is not the one this device verified', () => {
    render(<Tile verifiedAs="11111 22222 33333 44444 55555 66666" />);
    expect(within(figure()).getByText(/changed since you verified it/)).toBeVisible();
    expect(within(figure()).queryByRole('img', { name: 'Verified' })).toBeNull();
    fireEvent.click(detailsButton());
    expect(screen.getByRole('checkbox', { name: 'Mark as verified' })).not.toBeChecked();
  });

  it('shows no code while the connection is not up', () => {
    const onVerifiedChange = vi.fn();
    render(
      <ParticipantTile
        name="Ben"
        stream={null}
        audio
        video
        connection="lost"
        safetyCode={CODE}
        verifiedCode={CODE}
        onVerifiedChange={onVerifiedChange}
      />,
    );
    expect(within(figure()).queryByRole('button', { name: 'Connection details' })).toBeNull();
    expect(figure()).not.toHaveTextContent(/Safety code/);
    expect(within(figure()).queryByRole('img', { name: 'Verified' })).toBeNull();
  });
});

describe('connection details across a reconnect', () => {
  it('are closed again when the connection comes back', () => {
    const tile = (connection: 'connected' | 'lost') => (
      <ParticipantTile
        name="Ben"
        stream={null}
        audio
        video
        connection={connection}
        safetyCode={CODE}
        onVerifiedChange={() => {}}
      />
    );
    const { rerender } = render(tile('connected'));
    fireEvent.click(detailsButton());
    expect(detailsButton()).toHaveAttribute('aria-expanded', 'true');
    rerender(tile('lost'));
    rerender(tile('connected'));
    expect(detailsButton()).toHaveAttribute('aria-expanded', 'false');
  });
});
