// @vitest-environment node
import { CHAT_TEXT_MAX_LENGTH } from '@moim/protocol';
import { type App, createApp, testConfig } from '@moim/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noPeerLinks } from '../test/fakes';
import { CallSession } from './call-session';
import { connectSignaling } from './signaling-client';

let app: App;
let url: string;
const sessions: CallSession[] = [];

afterEach(async () => {
  for (const one of sessions.splice(0)) one.dispose();
  await app?.close();
});

function session(roomId: string, name: string) {
  const tracks = ['audio', 'video'].map((kind) => ({ kind, enabled: true, stop: vi.fn() }));
  const s = new CallSession({
    roomId,
    initialName: name,
    connect: () => connectSignaling(url),
    createPeerLink: noPeerLinks,
    getUserMedia: async () => ({ getTracks: () => tracks }) as unknown as MediaStream,
  });
  sessions.push(s);
  s.start();
  return s;
}

const inCall = (s: CallSession) => expect.poll(() => s.store.getState().phase).toBe('in-call');

describe('older chat on demand', () => {
  it('loads the history before what the join brought, page by page, each message once', {
    timeout: 30_000,
  }, async () => {
    app = createApp(testConfig({ rateLimitScale: 0 }));
    url = await app.listen();
    const alice = session('paged', 'Alice');
    await expect.poll(() => alice.store.getState().server).toBe('online');
    await alice.join();
    await inCall(alice);
    const texts = Array.from({ length: 40 }, (_, i) => `${i} `.padEnd(CHAT_TEXT_MAX_LENGTH, '한'));
    for (const text of texts) await alice.sendChat(text);

    const bob = session('paged', 'Bob');
    await expect.poll(() => bob.store.getState().server).toBe('online');
    await bob.join();
    await inCall(bob);
    const first = bob.store.getState();
    expect(first.moreHistory).toBe(true);
    expect(first.messages.length).toBeLessThan(texts.length);

    // A message arriving meanwhile, and two requests at once, change nothing of the order.
    await alice.sendChat('live');
    await expect.poll(() => bob.store.getState().messages.at(-1)?.text).toBe('live');
    while (bob.store.getState().moreHistory) {
      await Promise.all([bob.loadEarlierMessages(), bob.loadEarlierMessages()]);
    }
    expect(bob.store.getState().messages.map((entry) => entry.text)).toEqual([...texts, 'live']);
    expect(bob.store.getState().messages.every((entry) => entry.status === 'sent' && !entry.mine)).toBe(true);
  });
});
