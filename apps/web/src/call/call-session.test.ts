// @vitest-environment node
import { type App, createApp, testConfig } from '@moim/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallSession } from './call-session';
import type { PeerLinkFactory, PeerLinkOptions } from './peer-link';
import { connectSignaling } from './signaling-client';

/** The WebRTC boundary, faked: records every link the session makes and what reaches it. */
function fakeLinks() {
  const links: { options: PeerLinkOptions; received: unknown[]; closed: boolean }[] = [];
  const factory: PeerLinkFactory = (options) => {
    const link = { options, received: [] as unknown[], closed: false };
    links.push(link);
    return {
      signal: (data) => link.received.push(data),
      close: () => {
        link.closed = true;
      },
    };
  };
  return { links, factory };
}

function fakeStream(): MediaStream {
  const tracks = ['audio', 'video'].map((kind) => ({ kind, enabled: true, stop: vi.fn() }));
  return { getTracks: () => tracks } as unknown as MediaStream;
}

let app: App;
let url: string;
const sessions: CallSession[] = [];

async function startServer(capacity = 8) {
  app = createApp(testConfig({ roomCapacity: capacity }));
  url = await app.listen();
}

function session(roomId: string, name: string) {
  const peers = fakeLinks();
  const s = new CallSession({
    roomId,
    initialName: name,
    connect: () => connectSignaling(url),
    createPeerLink: peers.factory,
    getUserMedia: async () => fakeStream(),
  });
  sessions.push(s);
  s.start();
  return { session: s, peers };
}

afterEach(async () => {
  for (const s of sessions.splice(0)) s.dispose();
  await app?.close();
});

describe('CallSession against a real signaling server', () => {
  it('has the newcomer offer to those present and relays signals between them', async () => {
    await startServer();
    const alice = session('standup', 'Alice');
    await alice.session.join();
    expect(alice.session.store.getState().phase).toBe('in-call');

    const bob = session('standup', 'Bob');
    await bob.session.join();

    // Bob, the newcomer, initiates towards Alice; Alice answers.
    expect(bob.peers.links).toHaveLength(1);
    expect(bob.peers.links[0]?.options.initiator).toBe(true);
    await vi.waitFor(() => expect(alice.peers.links).toHaveLength(1));
    expect(alice.peers.links[0]?.options.initiator).toBe(false);
    expect(alice.session.store.getState().remotes.map((r) => r.name)).toEqual(['Bob']);

    const offer = { type: 'offer', sdp: 'v=0\r\n' } as const;
    bob.peers.links[0]?.options.events.signal(offer);
    await vi.waitFor(() => expect(alice.peers.links[0]?.received).toEqual([offer]));

    const answer = { type: 'answer', sdp: 'v=0\r\n' } as const;
    alice.peers.links[0]?.options.events.signal(answer);
    await vi.waitFor(() => expect(bob.peers.links[0]?.received).toEqual([answer]));

    // The tile follows the link's state.
    alice.peers.links[0]?.options.events.state('connected');
    expect(alice.session.store.getState().remotes[0]?.connection).toBe('connected');
  });

  it('removes the tile and closes the link when someone leaves', async () => {
    await startServer();
    const alice = session('room-a', 'Alice');
    await alice.session.join();
    const bob = session('room-a', 'Bob');
    await bob.session.join();
    await vi.waitFor(() => expect(alice.session.store.getState().remotes).toHaveLength(1));

    await bob.session.leave();
    expect(bob.session.store.getState().phase).toBe('lobby');
    expect(bob.peers.links[0]?.closed).toBe(true);
    await vi.waitFor(() => expect(alice.session.store.getState().remotes).toHaveLength(0));
    expect(alice.peers.links[0]?.closed).toBe(true);
    await vi.waitFor(() => expect(bob.session.store.getState().roomCount).toBe(1));
  });

  it('sends chat, shows it as sent with the server stamp, and delivers it to the others', async () => {
    await startServer();
    const alice = session('chat-room', 'Alice');
    await alice.session.join();
    const bob = session('chat-room', 'Bob');
    await bob.session.join();

    await alice.session.sendChat('hello <b>there</b>');
    const [mine] = alice.session.store.getState().messages;
    expect(mine?.id).toEqual(expect.any(String));
    expect(mine).toMatchObject({ text: 'hello <b>there</b>', status: 'sent', mine: true, name: 'Alice' });
    await vi.waitFor(() =>
      expect(bob.session.store.getState().messages).toEqual([
        expect.objectContaining({ id: mine?.id, text: 'hello <b>there</b>', mine: false }),
      ]),
    );
  });

  it('tells the others when the microphone is turned off', async () => {
    await startServer();
    const alice = session('mute-room', 'Alice');
    await alice.session.join();
    const bob = session('mute-room', 'Bob');
    await bob.session.join();
    await vi.waitFor(() => expect(alice.session.store.getState().remotes).toHaveLength(1));

    bob.session.setAudio(false);
    await vi.waitFor(() => expect(alice.session.store.getState().remotes[0]?.audio).toBe(false));
    expect(bob.session.store.getState().audio).toBe(false);
  });

  it('stays in the lobby with a reason when the room is full', async () => {
    await startServer(2);
    for (const name of ['Alice', 'Bob']) await session('full', name).session.join();
    const carol = session('full', 'Carol');
    await carol.session.join();
    const state = carol.session.store.getState();
    expect(state.phase).toBe('lobby');
    expect(state.joinError).toMatch(/full/);
  });

  it('joins under the guest name when none was typed', async () => {
    await startServer();
    const anon = session('anon', '');
    await anon.session.join();
    expect(anon.session.store.getState().self?.name).toMatch(/^Guest \d{4}$/);
  });
});

describe('CallSession when the signaling connection drops', () => {
  it('joins again as a newcomer and rebuilds its links once the server is back', {
    timeout: 10_000,
  }, async () => {
    await startServer();
    const alice = session('flaky', 'Alice');
    await alice.session.join();
    const bob = session('flaky', 'Bob');
    await bob.session.join();
    await vi.waitFor(() => expect(alice.session.store.getState().remotes).toHaveLength(1));
    const firstId = bob.session.store.getState().self?.id;

    // Cut Bob's transport, as a network drop would; Socket.IO reconnects by itself.
    const bobSocket = [...app.io.sockets.sockets.values()].find(
      (socket) => socket.data.participantId === firstId,
    );
    expect(bobSocket).toBeDefined();
    bobSocket?.conn.close();

    await vi.waitFor(
      () => {
        const self = bob.session.store.getState().self;
        expect(self?.id).toBeDefined();
        expect(self?.id).not.toBe(firstId);
      },
      { timeout: 5000 },
    );
    expect(bob.session.store.getState().phase).toBe('in-call');
    // Bob's old link is closed and a new one, offered by Bob, replaces it.
    expect(bob.peers.links[0]?.closed).toBe(true);
    expect(bob.peers.links[1]?.options.initiator).toBe(true);
    await vi.waitFor(() =>
      expect(alice.session.store.getState().remotes.map((remote) => remote.name)).toEqual(['Bob']),
    );
    expect(alice.peers.links[0]?.closed).toBe(true);
  });
});
