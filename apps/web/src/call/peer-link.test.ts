import type { SignalData } from '@moim/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSimplePeer, fakeStream, fakeTrack, fakeTransceiver } from '../test/fakes';
import {
  CHECKING_TIMEOUT_MS,
  CONNECT_TIMEOUT_MS,
  createPeerLink,
  DISCONNECTED_GRACE_MS,
  EXTRA_CHANNEL_PREFIX,
} from './peer-link';
import type { LinkState } from './peer-link-types';

vi.mock('@thaunknown/simple-peer', async () => ({ default: (await import('../test/fakes')).FakeSimplePeer }));

const offer = { type: 'offer', sdp: 'v=0 offer' } as SignalData;

/** A link over the fake simple-peer, with every event it reports. */
function setup({ initiator = true } = {}) {
  const states: LinkState[] = [];
  const signals: SignalData[] = [];
  const data: string[] = [];
  const channels: string[] = [];
  let opened = 0;
  const link = createPeerLink({
    initiator,
    stream: fakeStream(),
    rtcConfig: { iceServers: [], iceTransportPolicy: 'all' },
    events: {
      signal: (signal) => void signals.push(signal),
      stream: () => {},
      state: (state) => void states.push(state),
      open: () => {
        opened++;
      },
      data: (text) => void data.push(text),
      channel: (channel) => void channels.push(channel.label),
    },
  });
  const peer = FakeSimplePeer.instances.at(-1) as FakeSimplePeer;
  return { link, peer, states, signals, data, channels, opened: () => opened };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSimplePeer.instances = [];
});
afterEach(() => vi.useRealTimers());

describe('PeerLink', () => {
  it('passes valid signals to the connection and drops malformed ones, both ways', () => {
    const { link, peer, signals } = setup();
    link.signal(offer);
    link.signal({ type: 'offer' });
    link.signal({ type: 'bye', sdp: 'x' });
    link.signal('not even an object');
    expect(peer.signalled).toEqual([offer]);
    peer.emit('signal', offer);
    peer.emit('signal', { type: 'offer', sdp: { evil: true } });
    expect(signals).toEqual([offer]);
  });

  it('says connected once the data channel is up, and opens it once', () => {
    const { peer, states, opened } = setup();
    peer.emit('iceStateChange', 'connected', 'complete');
    peer.emit('connect');
    peer.emit('connect');
    expect(states).toEqual(['connected']);
    expect(opened()).toBe(1);
  });

  it('is lost when ICE stays disconnected past the grace, not when it comes back in time', () => {
    const { peer, states } = setup();
    peer.emit('connect');
    peer.emit('iceStateChange', 'disconnected', 'complete');
    vi.advanceTimersByTime(DISCONNECTED_GRACE_MS - 1);
    peer.emit('iceStateChange', 'connected', 'complete');
    vi.advanceTimersByTime(DISCONNECTED_GRACE_MS * 2);
    expect(states).toEqual(['connected']);
    peer.emit('iceStateChange', 'disconnected', 'complete');
    vi.advanceTimersByTime(DISCONNECTED_GRACE_MS);
    expect(states).toEqual(['connected', 'lost']);
  });

  it('is lost when it does not come up in time, unless ICE is still checking', () => {
    const idle = setup();
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS - 1);
    expect(idle.states).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(idle.states).toEqual(['lost']);

    const checking = setup();
    checking.peer.emit('iceStateChange', 'checking', 'gathering');
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS);
    expect(checking.states).toEqual([]);
    vi.advanceTimersByTime(CHECKING_TIMEOUT_MS - CONNECT_TIMEOUT_MS);
    expect(checking.states).toEqual(['lost']);
  });

  it('is lost at once when ICE fails or the connection errors', () => {
    const failed = setup();
    failed.peer.emit('iceStateChange', 'failed', 'complete');
    expect(failed.states).toEqual(['lost']);
    const errored = setup();
    errored.peer.emit('error', Object.assign(new Error('boom'), { code: 'ERR_ICE_CONNECTION_FAILURE' }));
    expect(errored.states).toEqual(['lost']);
  });

  it('closes once: a second close is harmless, and nothing is reported after', () => {
    const { link, peer, states, signals } = setup();
    link.close();
    link.close();
    expect(peer.destroyed).toBe(true);
    expect(() => peer.emit('error', new Error('late'))).not.toThrow();
    peer.emit('signal', offer);
    vi.advanceTimersByTime(CHECKING_TIMEOUT_MS);
    expect(states).toEqual([]);
    expect(signals).toEqual([]);
    expect(link.send('hello')).toBe(false);
    link.signal(offer);
    expect(peer.signalled).toEqual([]);
  });

  it('sends on the data channel only once it is open', () => {
    const { link, peer } = setup();
    expect(link.send('early')).toBe(false);
    peer.emit('connect');
    expect(link.send('hello')).toBe(true);
    expect(peer.sent).toEqual(['hello']);
  });

  it('starts sending a kind it had no track for on the receiving transceiver, with one renegotiation', async () => {
    const { link, peer } = setup();
    const receiving = fakeTransceiver('video');
    peer.transceivers = [fakeTransceiver('audio', fakeTrack('audio')), receiving];
    const camera = fakeTrack('video');
    link.replaceTrack('video', camera);
    expect(receiving.direction).toBe('sendrecv');
    expect(receiving.sender.replaceTrack).toHaveBeenCalledWith(camera);
    await vi.waitFor(() => expect(peer.negotiations).toBe(1));
  });

  it('keeps extra data channels from simple-peer, which gets only its own', () => {
    const { link, peer, channels } = setup({ initiator: false });
    const arrive = (label: string) =>
      peer._pc.ondatachannel?.({ channel: { label } as RTCDataChannel } as RTCDataChannelEvent);
    arrive('5f1e0c7d2a');
    arrive(`${EXTRA_CHANNEL_PREFIX}file:1`);
    expect(peer.adopted).toEqual(['5f1e0c7d2a']);
    expect(channels).toEqual([`${EXTRA_CHANNEL_PREFIX}file:1`]);
    expect(link.openChannel('file:2')).toMatchObject({
      label: `${EXTRA_CHANNEL_PREFIX}file:2`,
      init: { ordered: true },
    });
    link.close();
    expect(link.openChannel('file:3')).toBeNull();
  });

  it('replaces a track it already sends without renegotiating', async () => {
    const { link, peer } = setup();
    const sending = fakeTransceiver('video', fakeTrack('video'));
    peer.transceivers = [sending];
    const next = fakeTrack('video');
    link.replaceTrack('video', next);
    expect(sending.sender.replaceTrack).toHaveBeenCalledWith(next);
    await Promise.resolve();
    expect(peer.negotiations).toBe(0);
  });
});
