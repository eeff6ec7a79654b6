// @vitest-environment node

import { CHAT_TEXT_MAX_LENGTH, ErrorCode } from '@moim/protocol';
import { type App, createApp, testConfig } from '@moim/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeStream, idlePeerLink, memoryStorage } from '../test/fakes';
import { CallSession } from './call-session';
import type { Logger } from './logger';
import type { PeerLinkFactory, PeerLinkOptions } from './peer-link-types';
import { connectSignaling } from './signaling-client';

/** The WebRTC boundary, faked: records every link the session makes and what reaches it. */
function fakeLinks() {
  const links: {
    options: PeerLinkOptions;
    received: unknown[];
    replaced: [string, MediaStreamTrack | null][];
    closed: boolean;
  }[] = [];
  const factory: PeerLinkFactory = (options) => {
    const link = {
      options,
      received: [] as unknown[],
      replaced: [] as [string, MediaStreamTrack | null][],
      closed: false,
    };
    links.push(link);
    return idlePeerLink({
      signal: (data) => void link.received.push(data),
      replaceTrack: (kind, track) => void link.replaced.push([kind, track]),
      close: () => {
        link.closed = true;
      },
    });
  };
  return { links, factory, open: () => links.filter((link) => !link.closed) };
}

let app: App;
let url: string;
const sessions: CallSession[] = [];

async function startServer(config: Parameters<typeof testConfig>[0] = {}) {
  app = createApp(testConfig(config));
  url = await app.listen();
}

function session(
  roomId: string,
  name: string,
  tabStorage = memoryStorage(),
  log?: Logger,
  guestName?: string,
) {
  const peers = fakeLinks();
  const s = new CallSession({
    roomId,
    initialName: name,
    ...(guestName ? { guestName } : {}),
    connect: () => connectSignaling(url),
    createPeerLink: peers.factory,
    getUserMedia: async () => fakeStream(),
    tabStorage,
    ...(log ? { log } : {}),
  });
  sessions.push(s);
  s.start();
  return { session: s, peers, tabStorage };
}

const offer = { type: 'offer', sdp: 'v=0\r\n' } as const;
const answer = { type: 'answer', sdp: 'v=0\r\n' } as const;

/** Alice in the room, then Bob, whose offer Alice has answered: a working pair. */
async function pair(roomId: string) {
  const alice = session(roomId, 'Alice');
  await alice.session.join();
  const bob = session(roomId, 'Bob');
  await bob.session.join();
  const bobLink = bob.peers.links[0];
  bobLink?.options.events.signal(offer);
  await vi.waitFor(() => expect(alice.peers.links).toHaveLength(1));
  const aliceLink = alice.peers.links[0];
  aliceLink?.options.events.state('connected');
  bobLink?.options.events.state('connected');
  return { alice, bob };
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

    // Bob, the newcomer, offers to Alice; Alice answers on the link Bob's offer names.
    expect(bob.peers.links).toHaveLength(1);
    expect(bob.peers.links[0]?.options.initiator).toBe(true);
    await vi.waitFor(() =>
      expect(alice.session.store.getState().remotes.map((r) => r.name)).toEqual(['Bob']),
    );
    expect(alice.peers.links).toHaveLength(0);

    bob.peers.links[0]?.options.events.signal(offer);
    await vi.waitFor(() => expect(alice.peers.links).toHaveLength(1));
    expect(alice.peers.links[0]?.options.initiator).toBe(false);
    expect(alice.peers.links[0]?.received).toEqual([offer]);

    alice.peers.links[0]?.options.events.signal(answer);
    await vi.waitFor(() => expect(bob.peers.links[0]?.received).toEqual([answer]));

    // The tile follows the link's state.
    alice.peers.links[0]?.options.events.state('connected');
    expect(alice.session.store.getState().remotes[0]?.connection).toBe('connected');
  });

  it('removes the tile and closes the link when someone leaves', async () => {
    await startServer();
    const { alice, bob } = await pair('room-a');

    await bob.session.leave();
    expect(bob.session.store.getState().phase).toBe('lobby');
    expect(bob.peers.open()).toHaveLength(0);
    await vi.waitFor(() => expect(alice.session.store.getState().remotes).toHaveLength(0));
    expect(alice.peers.open()).toHaveLength(0);
    await vi.waitFor(() => expect(bob.session.store.getState().roomCount).toBe(1));
  });

  it('releases the camera and microphone on leave, and rejoins the same room with them', async () => {
    await startServer();
    const { alice, bob } = await pair('room-left');
    const before = bob.session.store.getState().media.stream;

    await bob.session.leave();
    expect(bob.session.store.getState()).toMatchObject({ phase: 'lobby', left: true, self: null });
    expect(bob.session.store.getState().media.stream).toBeNull();
    for (const track of before?.getTracks() ?? []) expect(track.stop).toHaveBeenCalled();

    await bob.session.rejoin();
    expect(bob.session.store.getState()).toMatchObject({ phase: 'in-call', left: false });
    const after = bob.session.store.getState().media.stream;
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    await vi.waitFor(() =>
      expect(alice.session.store.getState().remotes.map((r) => r.name)).toEqual(['Bob']),
    );
  });

  it('renames during the call: everyone sees the new name, and a name that shows nothing is refused', async () => {
    await startServer();
    const { alice, bob } = await pair('room-rename');

    expect(await bob.session.rename('   ')).toBe('invalid');
    expect(await bob.session.rename(' Robert ')).toBe('renamed');
    expect(bob.session.store.getState().self?.name).toBe('Robert');
    await vi.waitFor(() => expect(alice.session.store.getState().remotes[0]?.name).toBe('Robert'));
  });

  it('sends chat, shows it as sent, and delivers it to the others once', async () => {
    await startServer();
    const { alice, bob } = await pair('chat-room');

    await alice.session.sendChat('hello <b>there</b>');
    const [mine] = alice.session.store.getState().messages;
    expect(mine).toMatchObject({ text: 'hello <b>there</b>', status: 'sent', mine: true, name: 'Alice' });
    // A later message marks the point by which a duplicate of the first would have arrived.
    await alice.session.sendChat('marker');
    await vi.waitFor(() =>
      expect(bob.session.store.getState().messages.map((entry) => entry.text)).toContain('marker'),
    );
    expect(bob.session.store.getState().messages).toEqual([
      expect.objectContaining({ key: mine?.key, text: 'hello <b>there</b>', mine: false }),
      expect.objectContaining({ text: 'marker' }),
    ]);
  });

  it('shows a message the server refuses as not sent, and logs the refusal with its code', async () => {
    await startServer();
    const log = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const alice = session('refused-chat', 'Alice', memoryStorage(), log);
    await alice.session.join();
    await alice.session.sendChat('x'.repeat(CHAT_TEXT_MAX_LENGTH + 1));
    expect(alice.session.store.getState().messages).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(log.warn).toHaveBeenCalledWith('chat:send refused', ErrorCode.InvalidPayload, expect.any(String));
  });

  it('tells the others when the microphone is turned off', async () => {
    await startServer();
    const { alice, bob } = await pair('mute-room');
    bob.session.setAudio(false);
    await vi.waitFor(() => expect(alice.session.store.getState().remotes[0]?.audio).toBe(false));
    expect(bob.session.store.getState().media.audio).toBe(false);
  });

  it('readies WebRTC once in the lobby, after the camera is open, and not after the page is gone', async () => {
    await startServer();
    const warmUps: string[] = [];
    const make = (name: string) => {
      const s = new CallSession({
        roomId: 'warm-room',
        initialName: name,
        connect: () => connectSignaling(url),
        createPeerLink: fakeLinks().factory,
        getUserMedia: async () => fakeStream(),
        warmUpPeerLinks: async () => void warmUps.push(name),
      });
      sessions.push(s);
      return s;
    };
    const alice = make('Alice');
    alice.start();
    await vi.waitFor(() => expect(alice.store.getState().media.status).toBe('ready'));
    await vi.waitFor(() => expect(warmUps).toEqual(['Alice']));
    const bob = make('Bob');
    bob.start();
    bob.dispose(); // Gone before its camera answered: nothing to ready.
    await alice.join();
    expect(warmUps).toEqual(['Alice']);
  });

  it('stays in the lobby with a reason when the room is full', async () => {
    await startServer({ roomCapacity: 2 });
    for (const name of ['Alice', 'Bob']) await session('full', name).session.join();
    const carol = session('full', 'Carol');
    await carol.session.join();
    const state = carol.session.store.getState();
    expect(state.phase).toBe('lobby');
    expect(state.joinError).toMatchObject({ type: 'refused', error: { code: 'room_full' } });
  });

  it('joins under the guest name when none was typed', async () => {
    await startServer();
    const anon = session('anon', '');
    await anon.session.join();
    expect(anon.session.store.getState().self?.name).toMatch(/^\d{4}$/);
    const guest = session('anon', '', memoryStorage(), undefined, '손님 4821');
    await guest.session.join();
    expect(guest.session.store.getState().self?.name).toBe('손님 4821');
  });

  it('replaces a lost link: the side that offered it offers again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await startServer();
      const { alice, bob } = await pair('lossy');
      alice.peers.links[0]?.options.events.state('lost');
      bob.peers.links[0]?.options.events.state('lost');
      expect(alice.session.store.getState().remotes[0]?.connection).toBe('lost');

      await vi.advanceTimersByTimeAsync(1000);
      // Bob made the first offer, so Bob makes the new one; Alice waits for it.
      expect(bob.peers.open()).toHaveLength(1);
      expect(bob.peers.links).toHaveLength(2);
      expect(bob.peers.links[1]?.options.initiator).toBe(true);
      expect(alice.peers.links).toHaveLength(1);

      bob.peers.links[1]?.options.events.signal(offer);
      await vi.waitFor(() => expect(alice.peers.links).toHaveLength(2));
      expect(alice.peers.links[0]?.closed).toBe(true);
      alice.peers.links[1]?.options.events.state('connected');
      expect(alice.session.store.getState().remotes[0]?.connection).toBe('connected');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('CallSession when the signaling connection drops', () => {
  it('comes back to the same seat, keeps working links, and nobody sees it leave', {
    timeout: 10_000,
  }, async () => {
    await startServer();
    const { alice, bob } = await pair('flaky');
    const bobId = bob.session.store.getState().self?.id;
    const aliceRemotes = vi.fn();
    alice.session.store.subscribe((state) => aliceRemotes(state.remotes.length));

    // Cut Bob's transport, as a network drop would; Socket.IO reconnects by itself.
    const bobSocket = [...app.io.sockets.sockets.values()].find(
      (socket) => socket.data.participantId === bobId,
    );
    bobSocket?.conn.close();
    await vi.waitFor(() => expect(bob.session.store.getState().server).toBe('offline'));
    await vi.waitFor(() => expect(bob.session.store.getState().server).toBe('online'), { timeout: 5000 });

    await bob.session.sendChat('back again');
    await vi.waitFor(() => expect(alice.session.store.getState().messages).toHaveLength(1));
    expect(bob.session.store.getState().self?.id).toBe(bobId);
    expect(bob.session.store.getState().phase).toBe('in-call');
    expect(bob.peers.links).toHaveLength(1);
    expect(bob.peers.open()).toHaveLength(1);
    expect(alice.peers.open()).toHaveLength(1);
    expect(aliceRemotes).not.toHaveBeenCalledWith(0);
  });

  it('sends what was typed while away once back, exactly once', { timeout: 10_000 }, async () => {
    await startServer();
    const { alice, bob } = await pair('outbox');
    const bobId = bob.session.store.getState().self?.id;
    const bobSocket = [...app.io.sockets.sockets.values()].find(
      (socket) => socket.data.participantId === bobId,
    );
    bobSocket?.conn.close();
    await vi.waitFor(() => expect(bob.session.store.getState().server).toBe('offline'));

    await bob.session.sendChat('typed offline');
    expect(bob.session.store.getState().messages[0]?.status).toBe('sending');

    await vi.waitFor(() => expect(bob.session.store.getState().messages[0]?.status).toBe('sent'), {
      timeout: 5000,
    });
    // A later message marks the point by which a second copy of the first would have arrived.
    await bob.session.sendChat('marker');
    await vi.waitFor(() =>
      expect(alice.session.store.getState().messages.map((m) => m.text)).toContain('marker'),
    );
    expect(alice.session.store.getState().messages.map((m) => m.text)).toEqual(['typed offline', 'marker']);
  });

  it('rejoins the same seat after a reload of the tab', async () => {
    await startServer();
    const { alice, bob } = await pair('reload');
    const bobId = bob.session.store.getState().self?.id;

    bob.session.dispose();
    const reloaded = session('reload', 'Bob', bob.tabStorage);
    await vi.waitFor(() => expect(reloaded.session.store.getState().phase).toBe('in-call'));
    expect(reloaded.session.store.getState().self).toMatchObject({ id: bobId, name: 'Bob' });
    // The reloaded page has no connection yet, so it offers.
    expect(reloaded.peers.links[0]?.options.initiator).toBe(true);
    await vi.waitFor(() => expect(alice.session.store.getState().remotes.map((r) => r.id)).toEqual([bobId]));
  });
});
