import { encodePeerMessage, parsePeerMessage } from '@moim/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeRemote, idlePeerLink, readyMedia } from '../test/fakes';
import { silentLogger } from './logger';
import type { PeerLinkEvents } from './peer-link-types';
import { Peers } from './peers';
import type { SafetyCodes } from './safety';
import { createCallStore, patchRemote } from './store';

/**
 * Who speaks, in a call: each page measures its own microphone and tells every link on its
 * data channel; what the others say is what the speaking highlight shows of them.
 */
function setup() {
  const store = createCallStore('announced');
  store.setState({
    phase: 'in-call',
    media: readyMedia(),
    self: { id: 'me', name: 'Me', audio: true, video: true },
    remotes: [fakeRemote('bo', 'Bo'), fakeRemote('cy', 'Cy')],
  });
  const mic = { loud: false };
  const links = new Map<string, { events: PeerLinkEvents; open: boolean; said: unknown[] }>();
  const next: string[] = [];
  const peers = new Peers(store, {
    createPeerLink: ({ events }) => {
      const id = next.shift() ?? '?';
      const link = { events, open: false, said: [] as unknown[] };
      links.set(id, link);
      return idlePeerLink({
        send: (text) => {
          if (link.open) link.said.push(parsePeerMessage(text));
          return link.open;
        },
      });
    },
    log: silentLogger,
    rtcConfig: () => ({ iceServers: [], iceTransportPolicy: 'all' }),
    canSignal: () => true,
    sendSignal: () => {},
    outgoingVideo: () => ({ track: null, source: 'camera' }),
    setCapture: async () => {},
    adaptive: true,
    visibility: { hidden: () => false, onChange: () => () => {} },
    levels: () => ({ level: () => (mic.loud ? 0.5 : 0), close() {} }),
    safety: { lost() {}, secured() {} } as unknown as SafetyCodes,
  });
  /** Brings the link to `id` up to connected, its data channel open or not yet. */
  const connect = (id: string, { open = true } = {}) => {
    next.push(id);
    peers.connect(id);
    const link = links.get(id);
    if (!link) throw new Error(`no link to ${id}`);
    link.events.state('connected');
    if (open) openChannel(id);
    return link;
  };
  const openChannel = (id: string) => {
    const link = links.get(id);
    if (!link) throw new Error(`no link to ${id}`);
    link.open = true;
    link.events.open();
  };
  const speaking = () => store.getState().speaking;
  return { store, peers, mic, connect, openChannel, speaking };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('speaking, announced by each speaker', () => {
  it('tells every open link when we start and stop speaking, and a link that opens later', async () => {
    const { peers, mic, connect, openChannel, speaking } = setup();
    peers.start();
    const bo = connect('bo');
    const cy = connect('cy', { open: false });

    mic.loud = true;
    await vi.advanceTimersByTimeAsync(250);
    expect(speaking()).toEqual(['me']);
    expect(bo.said).toContainEqual({ type: 'speaking', speaking: true });
    expect(cy.said).toEqual([]);

    openChannel('cy');
    expect(cy.said).toContainEqual({ type: 'speaking', speaking: true });

    mic.loud = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(speaking()).toEqual([]);
    for (const link of [bo, cy]) {
      const said = link.said.filter((message) => (message as { type: string }).type === 'speaking');
      expect(said.at(-1)).toEqual({ type: 'speaking', speaking: false });
    }
    peers.dispose();
  });

  it('says nothing while our microphone is off', async () => {
    const { store, peers, mic, connect, speaking } = setup();
    store.setState({ media: readyMedia({ audio: false }) });
    peers.start();
    const bo = connect('bo');
    mic.loud = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(speaking()).toEqual([]);
    expect(bo.said).not.toContainEqual({ type: 'speaking', speaking: true });
    peers.dispose();
  });

  it('shows a remote as speaking while they say so and their microphone is on, until their link goes', async () => {
    const { store, peers, connect, speaking } = setup();
    peers.start();
    const bo = connect('bo');
    const cy = connect('cy');

    bo.events.data(encodePeerMessage({ type: 'speaking', speaking: true }));
    expect(speaking()).toEqual(['bo']);
    cy.events.data('{"type":"speaking","speaking":"very"}');
    cy.events.data('{"type":"speaking","speaking":true,"level":1}');
    expect(speaking()).toEqual(['bo']);
    cy.events.data(encodePeerMessage({ type: 'speaking', speaking: true }));
    expect(speaking()).toEqual(['bo', 'cy']);
    cy.events.data(encodePeerMessage({ type: 'speaking', speaking: false }));
    expect(speaking()).toEqual(['bo']);

    // Muted since: whatever they said last, a microphone that is off is not speaking.
    patchRemote(store, 'bo', { audio: false });
    await vi.advanceTimersByTimeAsync(250);
    expect(speaking()).toEqual([]);
    patchRemote(store, 'bo', { audio: true });
    await vi.advanceTimersByTimeAsync(250);
    expect(speaking()).toEqual(['bo']);

    bo.events.state('lost');
    expect(speaking()).toEqual([]);
    peers.dispose();
  });

  it('forgets what someone said once they leave', () => {
    const { store, peers, connect, speaking } = setup();
    peers.start();
    const bo = connect('bo');
    bo.events.data(encodePeerMessage({ type: 'speaking', speaking: true }));
    expect(speaking()).toEqual(['bo']);
    peers.remove('bo');
    store.setState({ remotes: store.getState().remotes.filter((remote) => remote.id !== 'bo') });
    expect(speaking()).toEqual([]);
    peers.dispose();
  });
});
