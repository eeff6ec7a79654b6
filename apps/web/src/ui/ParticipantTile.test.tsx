import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeStream } from '../test/fakes';
import { initials, ParticipantTile } from './ParticipantTile';

/** The figure's video gets a frame of `width` pixels, as a browser would report it. */
function frameArrives(figure: HTMLElement, width = 640) {
  const video = figure.querySelector('video') as HTMLVideoElement;
  Object.defineProperty(video, 'videoWidth', { value: width, configurable: true });
  Object.defineProperty(video, 'readyState', {
    value: HTMLMediaElement.HAVE_ENOUGH_DATA,
    configurable: true,
  });
  act(() => {
    video.dispatchEvent(new Event('resize'));
  });
}

describe('ParticipantTile', () => {
  it('is a figure named after the participant, holding their video', () => {
    const stream = fakeStream();
    render(<ParticipantTile name="Bob" stream={stream} audio video connection="connected" />);
    const figure = screen.getByRole('figure', { name: 'Bob' });
    const video = figure.querySelector('video');
    expect(video).not.toBeNull();
    expect(video?.srcObject).toBe(stream);
    expect(video?.muted).toBe(false);
    expect(within(figure).queryByRole('img', { name: 'Camera off' })).not.toBeInTheDocument();
    expect(within(figure).queryByText('Connecting…')).not.toBeInTheDocument();
    expect(within(figure).queryByText('Connection lost')).not.toBeInTheDocument();
    expect(within(figure).queryByRole('img', { name: 'Microphone off' })).not.toBeInTheDocument();
  });

  it('labels the local tile "(you)" and mutes its video', () => {
    render(<ParticipantTile name="Alice" isSelf stream={fakeStream()} audio video />);
    const figure = screen.getByRole('figure', { name: 'Alice (you)' });
    expect(figure.querySelector('video')?.muted).toBe(true);
  });

  it('shows Microphone off and Camera off, with initials instead of the picture', () => {
    render(
      <ParticipantTile
        name="Ada Lovelace"
        stream={null}
        audio={false}
        video={false}
        connection="connected"
      />,
    );
    const figure = screen.getByRole('figure', { name: 'Ada Lovelace' });
    expect(within(figure).getByRole('img', { name: 'Microphone off' })).toBeInTheDocument();
    expect(within(figure).getByRole('img', { name: 'Camera off' })).toBeInTheDocument();
    expect(within(figure).getByText('AL')).toBeInTheDocument();
    expect(figure.querySelector('video')).not.toBeNull();
  });

  it('shows the picture once a real frame arrives, and the initials until then', () => {
    render(<ParticipantTile name="Ada Lovelace" stream={fakeStream()} audio video connection="connected" />);
    const figure = screen.getByRole('figure', { name: 'Ada Lovelace' });
    expect(within(figure).getByText('AL')).toBeInTheDocument();
    // A connection that never came up plays a 2×2 black frame: not a picture.
    frameArrives(figure, 2);
    expect(figure.querySelector('video')).toHaveClass('video-hidden');
    frameArrives(figure);
    expect(within(figure).queryByText('AL')).not.toBeInTheDocument();
    expect(figure.querySelector('video')).not.toHaveClass('video-hidden');
  });

  it.each([
    ['connecting', 'Connecting…'],
    ['lost', 'Connection lost'],
  ] as const)('says so while the connection is %s, with the avatar and never a frame', (connection, text) => {
    render(<ParticipantTile name="Bob" stream={fakeStream()} audio video connection={connection} />);
    const figure = screen.getByRole('figure', { name: 'Bob' });
    frameArrives(figure);
    expect(within(figure).getByText(text)).toBeInTheDocument();
    expect(within(figure).getByText('B')).toBeInTheDocument();
    expect(figure.querySelector('video')).toHaveClass('video-hidden');
  });
});

describe('initials', () => {
  it.each([
    ['Ada Lovelace', 'AL'],
    ['cher', 'C'],
    ['  jean  paul  sartre ', 'JS'],
    ['김민준', '김'],
  ])('of %s is %s', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe('ParticipantTile extras', () => {
  it('highlights the participant who is speaking', () => {
    const { rerender } = render(
      <ParticipantTile name="Bob" stream={null} audio video connection="connected" />,
    );
    expect(screen.getByRole('figure', { name: 'Bob' })).not.toHaveAttribute('data-speaking');
    rerender(<ParticipantTile name="Bob" stream={null} audio video connection="connected" speaking />);
    expect(screen.getByRole('figure', { name: 'Bob' })).toHaveAttribute('data-speaking', 'true');
  });

  it.each([
    [
      { level: 'good', rttMs: 40, lossPercent: 0, fps: 30 },
      'Connection good: round trip 40 ms, 0 % lost, 30 fps',
    ],
    [
      { level: 'poor', rttMs: 620, lossPercent: 8.5, fps: null },
      'Connection poor: round trip 620 ms, 8.5 % lost',
    ],
  ] as const)('shows the connection quality %j with its figures, focusable', (quality, name) => {
    render(
      <ParticipantTile
        name="Bob"
        stream={null}
        audio
        video
        connection="connected"
        quality={{ ...quality }}
      />,
    );
    const indicator = within(screen.getByRole('figure', { name: 'Bob' })).getByRole('img', { name });
    expect(indicator).toHaveAttribute('tabindex', '0');
  });

  it('can be pinned', () => {
    let pins = 0;
    render(<ParticipantTile name="Bob" stream={null} audio video pinned onPin={() => pins++} />);
    const pin = screen.getByRole('button', { name: 'Pin Bob' });
    expect(pin).toHaveAttribute('aria-pressed', 'true');
    pin.click();
    expect(pins).toBe(1);
  });

  it('shows a shared screen whole and says so', () => {
    render(
      <ParticipantTile name="Bob" stream={fakeStream()} audio video={false} screen connection="connected" />,
    );
    const figure = screen.getByRole('figure', { name: 'Bob' });
    frameArrives(figure);
    expect(figure).toHaveClass('screen');
    expect(figure).toHaveTextContent('sharing screen');
    expect(figure.querySelector('video')).not.toHaveClass('video-hidden');
  });
});

describe('ParticipantTile: what the sender stopped sending', () => {
  it('says the video is paused for a poor connection, with the avatar in its place', () => {
    render(
      <ParticipantTile
        name="Bob"
        stream={fakeStream()}
        audio
        video
        connection="connected"
        videoPaused="poor-connection"
      />,
    );
    const figure = screen.getByRole('figure', { name: 'Bob' });
    expect(within(figure).getByText('Video paused (poor connection)')).toBeInTheDocument();
    expect(within(figure).getByText('B')).toBeInTheDocument();
    expect(figure.querySelector('video')).toHaveClass('video-hidden');
  });

  it('lets the viewer minimise a remote tile with a toggle of its own name', async () => {
    const { rerender } = render(
      <ParticipantTile
        name="Bob"
        stream={fakeStream()}
        audio
        video
        connection="connected"
        onMinimise={() => {}}
      />,
    );
    const toggle = screen.getByRole('button', { name: 'Minimise Bob' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByText('Video paused (poor connection)')).not.toBeInTheDocument();
    rerender(
      <ParticipantTile
        name="Bob"
        stream={fakeStream()}
        audio
        video
        connection="connected"
        minimised
        onMinimise={() => {}}
      />,
    );
    expect(screen.getByRole('button', { name: 'Minimise Bob' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('figure', { name: 'Bob' }).querySelector('video')).toHaveClass('video-hidden');
    // The video element stays, so Bob is still heard.
    expect(screen.getByRole('figure', { name: 'Bob' }).querySelector('video')?.srcObject).not.toBeNull();
  });
});
