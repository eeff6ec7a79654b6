// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceApi } from './devices';
import { CAMERA_RELEASE_MS, initialMedia, MediaController } from './media-controller';
import type { Notice } from './notices';

class FakeTrack extends EventTarget {
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  constructor(
    readonly kind: 'audio' | 'video',
    readonly label: string,
  ) {
    super();
  }
  stop() {
    this.readyState = 'ended';
  }
}

const asStream = (...tracks: FakeTrack[]) =>
  ({
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  }) as unknown as MediaStream;

async function setup(devices: Partial<DeviceApi> = {}) {
  const opened: MediaStreamConstraints[] = [];
  const outgoing: [string, string | null][] = [];
  const notices: Notice[] = [];
  const sharing: boolean[] = [];
  const mic = new FakeTrack('audio', 'mic');
  const camera = new FakeTrack('video', 'camera');
  let started = false;
  let n = 0;
  const controller = new MediaController({
    getUserMedia: async (constraints) => {
      // The first call opens both for the preview; later ones are what the tests look at.
      if (!started) {
        started = true;
        return asStream(mic, camera);
      }
      opened.push(constraints);
      return asStream(new FakeTrack(constraints.video ? 'video' : 'audio', `device ${++n}`));
    },
    devices: { enumerateDevices: async () => [], ...devices },
    newStream: (tracks) => asStream(...(tracks as unknown as FakeTrack[])),
    onChange: (state, previous) => {
      if (state.sharing !== previous.sharing) sharing.push(state.sharing);
    },
    onOutgoing: (kind, track) => outgoing.push([kind, track ? (track as unknown as FakeTrack).label : null]),
    onNotice: (notice) => notices.push(notice),
  });
  await controller.start();
  return { controller, mic, camera, opened, outgoing, notices, sharing };
}

afterEach(() => vi.useRealTimers());

describe('MediaController', () => {
  it('stops sending at once when the camera is turned off, and releases the camera shortly after', async () => {
    vi.useFakeTimers();
    const { controller, camera, outgoing, opened } = await setup();
    await controller.setVideo(false);
    expect(camera.enabled).toBe(false);
    expect(camera.readyState).toBe('live');
    vi.advanceTimersByTime(CAMERA_RELEASE_MS);
    expect(camera.readyState).toBe('ended');
    expect(outgoing).toContainEqual(['video', null]);

    // On again: the camera is opened anew and sent to everyone.
    await controller.setVideo(true);
    expect(opened).toHaveLength(1);
    expect(outgoing.at(-1)).toEqual(['video', 'device 1']);
  });

  it('releases every track on leave, keeps the toggles, opens nothing until started again', async () => {
    const { controller, mic, camera, opened } = await setup();
    controller.setAudio(false);
    controller.release();
    expect([mic.readyState, camera.readyState]).toEqual(['ended', 'ended']);
    expect(controller.state).toMatchObject({ stream: null, audio: false, video: true });
    await controller.setVideo(true);
    await controller.selectDevice('audioinput', 'usb-mic');
    expect(opened).toEqual([]);

    await controller.start();
    expect(opened).toHaveLength(1);
    expect(controller.state).toMatchObject({ status: 'ready', audio: false, video: true });
    expect(controller.state.stream).not.toBeNull();
  });

  it('keeps the camera if it is turned on again before it is released', async () => {
    vi.useFakeTimers();
    const { controller, camera, opened } = await setup();
    await controller.setVideo(false);
    vi.advanceTimersByTime(CAMERA_RELEASE_MS / 2);
    await controller.setVideo(true);
    vi.advanceTimersByTime(CAMERA_RELEASE_MS);
    expect(camera.enabled).toBe(true);
    expect(camera.readyState).toBe('live');
    expect(opened).toHaveLength(0);
  });

  it('shares a screen in place of the camera and restores the camera when sharing ends', async () => {
    const screen = new FakeTrack('video', 'screen');
    const { controller, outgoing, sharing } = await setup({ getDisplayMedia: async () => asStream(screen) });
    await controller.startScreenShare();
    expect(outgoing.at(-1)).toEqual(['video', 'screen']);
    expect(sharing).toEqual([true]);

    // The browser's own "Stop sharing" ends the track.
    screen.stop();
    screen.dispatchEvent(new Event('ended'));
    expect(outgoing.at(-1)).toEqual(['video', 'camera']);
    expect(sharing).toEqual([true, false]);
  });

  it('restores nothing after sharing if the camera was off', async () => {
    vi.useFakeTimers();
    const screen = new FakeTrack('video', 'screen');
    const { controller, outgoing } = await setup({ getDisplayMedia: async () => asStream(screen) });
    await controller.setVideo(false);
    vi.advanceTimersByTime(CAMERA_RELEASE_MS);
    await controller.startScreenShare();
    controller.stopScreenShare();
    expect(outgoing.at(-1)).toEqual(['video', null]);
  });

  it('does nothing when the person cancels the screen picker', async () => {
    const { controller, outgoing, sharing } = await setup({
      getDisplayMedia: () => Promise.reject(new DOMException('cancelled', 'NotAllowedError')),
    });
    await controller.startScreenShare();
    expect(outgoing).toEqual([]);
    expect(sharing).toEqual([]);
  });

  it('says the devices are listed once it has asked the browser for them', async () => {
    expect(initialMedia().devicesListed).toBe(false);
    const { controller } = await setup({
      enumerateDevices: async () =>
        [{ kind: 'videoinput', deviceId: 'cam', label: 'Camera', groupId: '' }] as MediaDeviceInfo[],
    });
    expect(controller.state.devicesListed).toBe(true);
    expect(controller.state.devices.videoinput).toHaveLength(1);
  });

  it('switches to a chosen camera by replacing the track, and stops the old one', async () => {
    const { controller, camera, opened, outgoing } = await setup();
    await controller.selectDevice('videoinput', 'usb-camera');
    expect(opened).toEqual([{ video: expect.objectContaining({ deviceId: { exact: 'usb-camera' } }) }]);
    expect(camera.readyState).toBe('ended');
    expect(outgoing.at(-1)).toEqual(['video', 'device 1']);
  });

  it('falls back to the default device when the one in use is unplugged, and says so', async () => {
    let onChange = () => {};
    const { mic, notices, outgoing } = await setup({
      onDeviceChange: (listener) => {
        onChange = listener;
        return () => {};
      },
    });
    mic.stop();
    onChange();
    await vi.waitFor(() => expect(notices).toEqual([{ type: 'device-fallback', source: 'audio' }]));
    expect(outgoing).toContainEqual(['audio', 'device 1']);
  });
});
