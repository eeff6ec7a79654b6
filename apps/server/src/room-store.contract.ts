import { randomUUID } from 'node:crypto';
import { CHAT_HISTORY_BYTES, type ChatMessage } from '@moim/protocol';
import { describe, expect, it } from 'vitest';
import { messageBytes } from './history-page.js';
import type { Member, RoomStore } from './rooms.js';

/**
 * What every RoomStore does, the same way: run against the memory store (`pnpm test`) and
 * the Redis one (`pnpm test:redis`), so the two cannot drift apart.
 */
export function roomStoreContract(name: string, open: (historyLimit?: number) => Promise<RoomStore>) {
  const member = (id: string, patch: Partial<Member> = {}): Member => ({
    id,
    name: `name ${id}`,
    audio: true,
    video: true,
    socketId: `socket-${id}`,
    token: `token-${id}`,
    ...patch,
  });
  const message = (text: string, from = 'a'): ChatMessage => ({
    id: randomUUID(),
    from,
    name: `name ${from}`,
    text,
    sentAt: Date.now(),
  });
  const all = { limit: 1000, maxBytes: Number.MAX_SAFE_INTEGER };

  describe(`${name}: the RoomStore contract`, () => {
    it('keeps members in order of arrival, checks capacity, and never counts a seat twice', async () => {
      const store = await open();
      expect(await store.join('r', member('a'), 2)).toEqual({ ok: true });
      expect(await store.join('r', member('b'), 2)).toEqual({ ok: true });
      expect(await store.join('r', member('c'), 2)).toEqual({ ok: false, reason: 'full' });
      expect(await store.join('r', member('a', { name: 'again' }), 2)).toEqual({ ok: true });
      expect((await store.list('r')).map((m) => m.id)).toEqual(['a', 'b']);
      expect(await store.count('r')).toBe(2);
      expect(await store.get('r', 'b')).toEqual(member('b'));
      expect(await store.get('r', 'c')).toBeUndefined();
      expect(await store.get('other', 'a')).toBeUndefined();
      expect(await store.stats()).toEqual({ rooms: 1, participants: 2 });
    });

    it('updates a member in place, and nobody who is not there', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      expect(await store.update('r', 'a', { audio: false, socketId: null })).toEqual(
        member('a', { audio: false, socketId: null }),
      );
      expect(await store.get('r', 'a')).toMatchObject({ audio: false, socketId: null, video: true });
      expect(await store.update('r', 'nobody', { audio: false })).toBeUndefined();
      expect(await store.update('elsewhere', 'a', { audio: false })).toBeUndefined();
      expect(await store.list('elsewhere')).toEqual([]);
    });

    it('gives a leaving member back once, and forgets a room when its last member leaves', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      await store.join('r', member('b'), 8);
      await store.join('s', member('c'), 8);
      expect(await store.leave('r', 'a')).toEqual(member('a'));
      expect(await store.leave('r', 'a')).toBeUndefined();
      expect(await store.stats()).toEqual({ rooms: 2, participants: 2 });
      await store.leave('r', 'b');
      expect(await store.stats()).toEqual({ rooms: 1, participants: 1 });
      expect(await store.count('r')).toBe(0);
    });

    it('keeps a message once, however often it is sent, and answers with the kept one', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      const first = message('first');
      expect(await store.appendChat('r', first)).toEqual({ message: first, duplicate: false });
      const again = await store.appendChat('r', { ...first, text: 'changed', sentAt: 1 });
      expect(again).toEqual({ message: first, duplicate: true });
      expect((await store.history('r', all)).messages).toEqual([first]);
    });

    it('keeps the newest messages up to its limit, oldest first, and each room its own', async () => {
      const store = await open(3);
      await store.join('r', member('a'), 8);
      await store.join('s', member('b'), 8);
      const sent = ['t0', 't1', 't2', 't3', 't4'].map((text) => message(text));
      for (const one of sent) await store.appendChat('r', one);
      await store.appendChat('s', message('elsewhere', 'b'));
      expect(await store.history('r', all)).toEqual({ messages: sent.slice(2), more: false });
      expect((await store.history('s', all)).messages.map((m) => m.text)).toEqual(['elsewhere']);
    });

    it('remembers message ids beyond the history it keeps', async () => {
      const store = await open(2);
      await store.join('r', member('a'), 8);
      const early = message('early');
      await store.appendChat('r', early);
      for (let i = 0; i < 5; i++) await store.appendChat('r', message(`later ${i}`));
      expect(await store.appendChat('r', early)).toEqual({ message: early, duplicate: true });
    });

    it('pages the history: the newest first, then older pages before a message, each message once', async () => {
      const store = await open(100);
      await store.join('r', member('a'), 8);
      const sent = Array.from({ length: 23 }, (_, i) => message(`m${i}`));
      for (const one of sent) await store.appendChat('r', one);
      const newest = await store.history('r', { limit: 10, maxBytes: CHAT_HISTORY_BYTES });
      expect(newest).toEqual({ messages: sent.slice(13), more: true });
      const seen = [...newest.messages];
      let page = newest;
      while (page.more) {
        page = await store.history('r', { before: seen[0]?.id, limit: 10, maxBytes: CHAT_HISTORY_BYTES });
        seen.unshift(...page.messages);
      }
      expect(seen).toEqual(sent);
      expect(page.messages).toEqual(sent.slice(0, 3));
    });

    it('cuts a page by bytes, keeping the newest messages, and always hands out at least one', async () => {
      const store = await open(100);
      await store.join('r', member('a'), 8);
      const sent = Array.from({ length: 10 }, (_, i) => message(`${i}`.padEnd(1000, 'é')));
      for (const one of sent) await store.appendChat('r', one);
      const size = messageBytes(JSON.stringify(sent[0]));
      const page = await store.history('r', { limit: 100, maxBytes: size * 3 + size / 2 });
      expect(page).toEqual({ messages: sent.slice(7), more: true });
      const tiny = await store.history('r', { before: sent[7]?.id, limit: 100, maxBytes: 1 });
      expect(tiny).toEqual({ messages: [sent[6]], more: true });
    });

    it('answers a page before an unknown message, or in an unknown room, with nothing', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      await store.appendChat('r', message('kept'));
      const none = { messages: [], more: false };
      expect(await store.history('r', { ...all, before: randomUUID() })).toEqual(none);
      expect(await store.history('nowhere', all)).toEqual(none);
    });

    it('lets the chat and its message ids go with the room when the last member leaves', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      const said = message('said');
      await store.appendChat('r', said);
      await store.leave('r', 'a');
      expect(await store.history('r', all)).toEqual({ messages: [], more: false });
      await store.join('r', member('b'), 8);
      expect(await store.appendChat('r', said)).toEqual({ message: said, duplicate: false });
      expect((await store.history('r', all)).messages).toEqual([said]);
    });

    it('keeps no chat for a room nobody is in', async () => {
      const store = await open();
      const lost = message('to nobody');
      expect(await store.appendChat('empty', lost)).toEqual({ message: lost, duplicate: false });
      await store.join('empty', member('a'), 8);
      expect(await store.history('empty', all)).toEqual({ messages: [], more: false });
    });

    it('is ready, and never hands a live instance’s seats to another', async () => {
      const store = await open();
      expect(await store.ready()).toBe(true);
      await store.join('r', member('a', { instance: 'one' }), 8);
      await store.heartbeat('one', 5000, [{ roomId: 'r', participantId: 'a', socketId: 'socket-a' }]);
      expect(await store.claimOrphans('two')).toEqual([]);
      expect(await store.get('r', 'a')).toEqual(member('a', { instance: 'one' }));
      await store.forgetInstance('one');
    });
  });
}
