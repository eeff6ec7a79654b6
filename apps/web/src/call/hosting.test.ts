// @vitest-environment node

import { ErrorCode } from '@moim/protocol';
import { type App, createApp, testConfig } from '@moim/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeStream, memoryStorage, noPeerLinks } from '../test/fakes';
import { CallSession } from './call-session';
import { connectSignaling } from './signaling-client';

/*
 * The hosting engine (call/hosting.ts and the knock in call-session.ts) against a real
 * signaling server: peers never connect (the WebRTC boundary is faked), everything else is real.
 */

let app: App;
let url: string;
const sessions: CallSession[] = [];

beforeEach(async () => {
  app = createApp(testConfig({}));
  url = await app.listen();
});

afterEach(async () => {
  for (const s of sessions.splice(0)) s.dispose();
  await app?.close();
});

/** A person on the room's page; `storage` is their browser's (it outlives the page). */
function person(roomId: string, name: string, storage = memoryStorage()) {
  const session = new CallSession({
    roomId,
    initialName: name,
    connect: () => connectSignaling(url),
    createPeerLink: noPeerLinks,
    getUserMedia: async () => fakeStream(),
    storage,
  });
  sessions.push(session);
  session.start();
  return session;
}

const state = (session: CallSession) => session.store.getState();
const names = (session: CallSession) => state(session).remotes.map((remote) => remote.name);

/** Alice (host, first in) and Bob in a call. */
async function hostAndGuest(roomId: string) {
  const alice = person(roomId, 'Alice');
  await alice.join();
  const bob = person(roomId, 'Bob');
  await bob.join();
  await vi.waitFor(() => expect(names(alice)).toEqual(['Bob']));
  return { alice, bob };
}

describe('hosting, against a real server', () => {
  it('makes the first one in the host, for everyone to see', async () => {
    const { alice, bob } = await hostAndGuest('host-first');
    const aliceId = state(alice).self?.id;
    expect(state(alice).hostId).toBe(aliceId);
    expect(state(bob).hostId).toBe(aliceId);
    expect(state(bob).locked).toBe(false);
  });

  it('locks the room: a newcomer knocks, the host admits them, and they are in', async () => {
    const { alice, bob } = await hostAndGuest('lock-admit');
    expect(await alice.setLocked(true)).toBe(true);
    await vi.waitFor(() => expect(state(bob).locked).toBe(true));
    expect(state(bob).notice?.notice).toEqual({ type: 'room-locked', locked: true });

    const carol = person('lock-admit', 'Carol');
    await carol.join();
    expect(state(carol)).toMatchObject({ phase: 'joining', knocking: true, remotes: [], messages: [] });
    await vi.waitFor(() => expect(state(alice).knocks.map((knock) => knock.name)).toEqual(['Carol']));
    // Only the host hears of knocks.
    expect(state(bob).knocks).toEqual([]);

    const [knock] = state(alice).knocks;
    expect(await alice.admit(knock?.id ?? '')).toBe(true);
    await vi.waitFor(() => expect(state(carol).phase).toBe('in-call'));
    expect(state(carol).knocking).toBe(false);
    expect(names(carol)).toEqual(['Alice', 'Bob']);
    await vi.waitFor(() => expect(names(bob)).toEqual(['Alice', 'Carol']));
    expect(state(alice).knocks).toEqual([]);
  });

  it('tells a knocker the host did not let them in, and lets them stop waiting', async () => {
    const { alice } = await hostAndGuest('lock-deny');
    await alice.setLocked(true);
    const carol = person('lock-deny', 'Carol');
    await carol.join();
    await vi.waitFor(() => expect(state(alice).knocks).toHaveLength(1));
    await alice.deny(state(alice).knocks[0]?.id ?? '');
    await vi.waitFor(() => expect(state(carol).phase).toBe('lobby'));
    expect(state(carol)).toMatchObject({
      knocking: false,
      joinError: { type: 'refused', error: { code: ErrorCode.KnockDenied } },
    });

    await carol.join();
    await vi.waitFor(() => expect(state(alice).knocks).toHaveLength(1));
    carol.cancelKnock();
    expect(state(carol)).toMatchObject({ phase: 'lobby', knocking: false });
    await vi.waitFor(() => expect(state(alice).knocks).toEqual([]));
  });

  it('has the host turn someone’s microphone off; they are told, and may turn it on again', async () => {
    const { alice, bob } = await hostAndGuest('mute');
    expect(await alice.mute(state(bob).self?.id ?? '')).toBe(true);
    await vi.waitFor(() => expect(state(bob).media.audio).toBe(false));
    expect(state(bob).notice?.notice).toEqual({ type: 'muted-by-host' });
    await vi.waitFor(() => expect(state(alice).remotes[0]?.audio).toBe(false));
    bob.setAudio(true);
    expect(state(bob).media.audio).toBe(true);
    // Nobody but the host can.
    expect(await bob.mute(state(alice).self?.id ?? '')).toBe(false);
    expect(state(alice).media.audio).toBe(true);
  });

  it('removes someone: their call ends, the others see them go, and coming back they knock', async () => {
    const { alice, bob } = await hostAndGuest('remove');
    const browser = memoryStorage();
    const carol = person('remove', 'Carol', browser);
    await carol.join();
    await vi.waitFor(() => expect(names(alice)).toEqual(['Bob', 'Carol']));

    expect(await alice.remove(state(carol).self?.id ?? '')).toBe(true);
    await vi.waitFor(() => expect(state(carol)).toMatchObject({ phase: 'lobby', left: true, removed: true }));
    expect(state(carol).media.stream).toBeNull();
    await vi.waitFor(() => expect(names(bob)).toEqual(['Alice']));
    expect(names(alice)).toEqual(['Bob']);

    // The room is not locked, yet the same browser must knock, from this page or a new one.
    await vi.waitFor(() => expect(state(carol).server).toBe('online'));
    await carol.rejoin();
    await vi.waitFor(() => expect(state(carol).knocking).toBe(true));
    carol.dispose();
    const again = person('remove', 'Carol', browser);
    await vi.waitFor(() => expect(state(again).server).toBe('online'));
    await again.join();
    expect(state(again).knocking).toBe(true);
    await vi.waitFor(() => expect(state(alice).knocks.map((knock) => knock.name)).toEqual(['Carol']));
    await alice.admit(state(alice).knocks[0]?.id ?? '');
    await vi.waitFor(() => expect(state(again).phase).toBe('in-call'));
    expect(state(again).removed).toBe(false);
  });

  it('keeps raised hands in order for everyone, and the host can lower one', async () => {
    const { alice, bob } = await hostAndGuest('hands');
    const bobId = state(bob).self?.id ?? '';
    const aliceId = state(alice).self?.id ?? '';
    await bob.raiseHand(true);
    await alice.raiseHand(true);
    await vi.waitFor(() => expect(state(bob).hands).toEqual([bobId, aliceId]));
    expect(state(alice).hands).toEqual([bobId, aliceId]);
    await alice.lowerHand(bobId);
    await vi.waitFor(() => expect(state(bob).hands).toEqual([aliceId]));
    // Only the host lowers someone else's hand.
    expect(await bob.lowerHand(aliceId)).toBe(false);
  });

  it('shows a reaction on its sender for everyone, the sender included', async () => {
    const { alice, bob } = await hostAndGuest('reactions');
    const bobId = state(bob).self?.id ?? '';
    await bob.react('clap');
    expect(state(bob).reactions[bobId]?.reaction).toBe('clap');
    await vi.waitFor(() => expect(state(alice).reactions[bobId]?.reaction).toBe('clap'));
  });

  it('hands the role on: the new host gets the knocks waiting', async () => {
    const { alice, bob } = await hostAndGuest('transfer');
    await alice.setLocked(true);
    const carol = person('transfer', 'Carol');
    await carol.join();
    await vi.waitFor(() => expect(state(alice).knocks).toHaveLength(1));
    await alice.makeHost(state(bob).self?.id ?? '');
    await vi.waitFor(() => expect(state(bob).knocks.map((knock) => knock.name)).toEqual(['Carol']));
    expect(state(alice).hostId).toBe(state(bob).self?.id);
    expect(state(alice).knocks).toEqual([]);
    expect(state(alice).notice?.notice).toEqual({ type: 'host-changed', name: 'Bob' });
    expect(state(bob).notice?.notice).toEqual({ type: 'host-changed', name: null });
  });
});
