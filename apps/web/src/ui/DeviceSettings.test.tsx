import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallStore } from '../call/store';
import { fakeActions, readyMedia } from '../test/fakes';
import { DeviceSettings } from './DeviceSettings';

const devices = {
  videoinput: [
    { deviceId: 'cam-1', label: 'Built-in camera' },
    { deviceId: 'cam-2', label: 'USB camera' },
  ],
  audioinput: [{ deviceId: 'mic-1', label: 'Headset microphone' }],
  audiooutput: [{ deviceId: 'out-1', label: 'Headset' }],
};

function setup(lists = devices) {
  const store = createCallStore('room');
  store.setState({ media: readyMedia({ devices: lists, selected: { videoinput: 'cam-1' } }) });
  const actions = fakeActions();
  render(<DeviceSettings store={store} actions={actions} />);
  return { actions, user: userEvent.setup() };
}

afterEach(() => {
  delete (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId;
});

describe('DeviceSettings', () => {
  it('offers the cameras and microphones, and switches on a choice', async () => {
    const { actions, user } = setup();
    const camera = screen.getByRole('combobox', { name: 'Choose camera' });
    expect(camera).toHaveValue('cam-1');
    expect(screen.getByRole('option', { name: 'USB camera' })).toBeInTheDocument();
    await user.selectOptions(camera, 'USB camera');
    expect(actions.selectDevice).toHaveBeenCalledWith('videoinput', 'cam-2');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Choose microphone' }),
      'Headset microphone',
    );
    expect(actions.selectDevice).toHaveBeenCalledWith('audioinput', 'mic-1');
  });

  it('hides the speaker choice where the browser cannot switch speakers', () => {
    setup();
    expect(screen.queryByRole('combobox', { name: 'Choose speaker' })).not.toBeInTheDocument();
  });

  it('shows the speaker choice where it can', () => {
    (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId = vi.fn(async () => {});
    setup();
    expect(screen.getByRole('combobox', { name: 'Choose speaker' })).toBeInTheDocument();
  });

  it('keeps the room of the usual choices, unseen, until the devices are listed, so the lobby does not move', () => {
    const store = createCallStore('room');
    store.setState({ media: readyMedia({ devicesListed: false }) });
    const { container } = render(<DeviceSettings store={store} actions={fakeActions()} />);
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(container.querySelector('.device-settings.reserved')).toHaveAttribute('aria-hidden', 'true');
    act(() => store.setState({ media: readyMedia({ devices, devicesListed: true }) }));
    expect(screen.getByRole('combobox', { name: 'Choose camera' })).toBeInTheDocument();
    expect(container.querySelector('.reserved')).toBeNull();
    // Listed, and nothing to choose from: nothing shown, no room kept.
    act(() => store.setState({ media: readyMedia({ devicesListed: true }) }));
    expect(container).toBeEmptyDOMElement();
  });

  it('names devices the browser gives no label yet by their kind and place', () => {
    setup({
      videoinput: [
        { deviceId: 'cam-1', label: '' },
        { deviceId: 'cam-2', label: '' },
      ],
      audioinput: [{ deviceId: 'mic-1', label: '' }],
      audiooutput: [],
    });
    expect(screen.getByRole('option', { name: 'Camera 2' })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Microphone 1' })).toBeInTheDocument();
  });
});
