import { describe, expect, it } from 'vitest';
import { CallStorage, VERIFIED_PER_ROOM } from './storage';

function memoryStorage(entries: Record<string, string> = {}) {
  const items = new Map(Object.entries(entries));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const seat = {
  id: '6f1c1f9e-8f5b-4a53-9d0e-2b7a4f0c9e11',
  token: 'a'.repeat(43),
  name: 'Alice',
  audio: true,
  video: false,
};

describe('CallStorage', () => {
  it('gives a saved seat back once, so a copy of the tab cannot claim it', () => {
    const tab = memoryStorage();
    const storage = new CallStorage(undefined, tab);
    storage.saveSeat('standup', seat);
    expect(storage.takeSeat('other-room')).toBeNull();
    expect(storage.takeSeat('standup')).toEqual(seat);
    expect(storage.takeSeat('standup')).toBeNull();
  });

  it.each([
    ['not JSON', '{"id":'],
    ['a missing token', JSON.stringify({ ...seat, token: undefined })],
    ['a name of blanks', JSON.stringify({ ...seat, name: '   ' })],
    ['toggles that are not booleans', JSON.stringify({ ...seat, audio: 'yes' })],
  ])('reads a damaged seat (%s) as none, and forgets it', (_, stored) => {
    const tab = memoryStorage({ 'moim:rejoin:standup': stored });
    expect(new CallStorage(undefined, tab).takeSeat('standup')).toBeNull();
    expect(tab.items.size).toBe(0);
  });

  it('remembers the chosen devices, and ignores stored ones that are not device ids', () => {
    const device = memoryStorage();
    const storage = new CallStorage(device, undefined);
    storage.saveDevices({ videoinput: 'usb-camera' });
    expect(new CallStorage(device, undefined).devices()).toEqual({ videoinput: 'usb-camera' });
    device.setItem('moim:devices', JSON.stringify({ videoinput: 42 }));
    expect(storage.devices()).toEqual({});
    device.setItem('moim:devices', 'garbage');
    expect(storage.devices()).toEqual({});
  });

  it('remembers a name only if the server would take it', () => {
    const device = memoryStorage({ 'moim:name': '  Bo  ' });
    expect(new CallStorage(device, undefined).name()).toBe('Bo');
    device.setItem('moim:name', '\u200b');
    expect(new CallStorage(device, undefined).name()).toBe('');
  });
});

describe('CallStorage: verified safety codes', () => {
  const code = '79097 43167 84077 24055 26483 08991';

  it('remembers a verified code per room and participant, and forgets it when asked', () => {
    const device = memoryStorage();
    const storage = new CallStorage(device, undefined);
    storage.saveVerified('standup', 'ben', code);
    expect(new CallStorage(device, undefined).verifiedCode('standup', 'ben')).toBe(code);
    expect(storage.verifiedCode('standup', 'cleo')).toBeNull();
    expect(storage.verifiedCode('other-room', 'ben')).toBeNull();
    storage.saveVerified('standup', 'ben', null);
    expect(storage.verifiedCode('standup', 'ben')).toBeNull();
  });

  it('reads a damaged or hand-edited entry as nothing verified', () => {
    const storage = new CallStorage(
      memoryStorage({ 'moim:verified:standup': JSON.stringify({ ben: 'trust me' }) }),
      undefined,
    );
    expect(storage.verifiedCode('standup', 'ben')).toBeNull();
  });

  it('keeps the latest participants of a room, not every one ever met', () => {
    const device = memoryStorage();
    const storage = new CallStorage(device, undefined);
    for (let i = 0; i <= VERIFIED_PER_ROOM; i++) storage.saveVerified('standup', `p${i}`, code);
    expect(storage.verifiedCode('standup', 'p0')).toBeNull();
    expect(storage.verifiedCode('standup', `p${VERIFIED_PER_ROOM}`)).toBe(code);
    expect(Object.keys(JSON.parse(device.items.get('moim:verified:standup') ?? '{}'))).toHaveLength(
      VERIFIED_PER_ROOM,
    );
  });
});
