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

    it('makes the first member of an empty room host, and keeps them host through a seat taken again', async () => {
      const store = await open();
      expect(await store.state('r')).toEqual({ hostId: null, locked: false, hands: [] });
      await store.join('r', member('a'), 8);
      await store.join('r', member('b'), 8);
      await store.join('r', member('a', { socketId: 'socket-a2' }), 8);
      expect(await store.state('r')).toEqual({ hostId: 'a', locked: false, hands: [] });
      expect(await store.state('elsewhere')).toEqual({ hostId: null, locked: false, hands: [] });
    });

    it('hands the host role to the longest present when the host departs, a connected one first', async () => {
      const store = await open();
      for (const id of ['a', 'b', 'c', 'd']) await store.join('r', member(id), 8);
      await store.update('r', 'b', { socketId: null });
      expect(await store.depart('r', 'c')).toMatchObject({
        member: member('c'),
        hostId: 'a',
        hostChanged: false,
      });
      expect(await store.depart('r', 'a')).toMatchObject({
        member: member('a'),
        hostId: 'd',
        hostChanged: true,
      });
      expect((await store.state('r')).hostId).toBe('d');
      // Only someone away is left: they are host until they come back or go.
      expect(await store.depart('r', 'd')).toMatchObject({ hostId: 'b', hostChanged: true });
      expect(await store.depart('r', 'b')).toMatchObject({ hostId: null, hostChanged: false });
      expect(await store.depart('r', 'b')).toBeUndefined();
      await store.join('r', member('e'), 8);
      expect((await store.state('r')).hostId).toBe('e');
    });

    it('moves the host role to a member only', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      await store.join('r', member('b'), 8);
      expect(await store.setHost('r', 'nobody')).toBe(false);
      expect(await store.setHost('elsewhere', 'b')).toBe(false);
      expect((await store.state('r')).hostId).toBe('a');
      expect(await store.setHost('r', 'b')).toBe(true);
      expect((await store.state('r')).hostId).toBe('b');
      expect(await store.depart('r', 'a')).toMatchObject({ hostId: 'b', hostChanged: false });
    });

    it('keeps newcomers out of a locked room unless admitted, never a seat taken again', async () => {
      const store = await open();
      await store.join('r', member('a'), 3);
      await store.join('r', member('b'), 3);
      expect(await store.setLocked('r', true)).toBe(true);
      expect(await store.setLocked('r', true)).toBe(false);
      expect(await store.setLocked('nowhere', true)).toBeUndefined();
      expect(await store.state('nowhere')).toMatchObject({ locked: false });
      expect(await store.join('r', member('c'), 3)).toEqual({ ok: false, reason: 'locked' });
      expect(await store.join('r', member('b', { socketId: 'again' }), 3)).toEqual({ ok: true });
      expect(await store.join('r', member('c'), 3, { admitted: true })).toEqual({ ok: true });
      expect(await store.join('r', member('d'), 3, { admitted: true })).toEqual({
        ok: false,
        reason: 'full',
      });
      expect(await store.state('r')).toMatchObject({ locked: true });
      expect(await store.setLocked('r', false)).toBe(true);
      await store.depart('r', 'c');
      expect(await store.join('r', member('d'), 3)).toEqual({ ok: true });
    });

    it('keeps raised hands in order of raising, once each, and lowers a departing one', async () => {
      const store = await open();
      for (const id of ['a', 'b', 'c']) await store.join('r', member(id), 8);
      expect(await store.setHand('r', 'c', true)).toEqual({ hands: ['c'], changed: true });
      expect(await store.setHand('r', 'a', true)).toEqual({ hands: ['c', 'a'], changed: true });
      expect(await store.setHand('r', 'c', true)).toEqual({ hands: ['c', 'a'], changed: false });
      expect(await store.setHand('r', 'b', false)).toEqual({ hands: ['c', 'a'], changed: false });
      expect(await store.setHand('r', 'nobody', true)).toBeUndefined();
      expect(await store.setHand('elsewhere', 'a', true)).toBeUndefined();
      expect(await store.setHand('r', 'b', true)).toEqual({ hands: ['c', 'a', 'b'], changed: true });
      expect(await store.setHand('r', 'c', false)).toEqual({ hands: ['a', 'b'], changed: true });
      expect(await store.depart('r', 'a')).toMatchObject({ hands: ['b'], handsChanged: true });
      expect(await store.depart('r', 'c')).toMatchObject({ hands: ['b'], handsChanged: false });
      expect((await store.state('r')).hands).toEqual(['b']);
    });

    it('queues knocks in order, up to a maximum, and only on a room somebody is in', async () => {
      const store = await open();
      const knock = (id: string) => ({ id, name: `knocker ${id}`, socketId: `socket-${id}` });
      expect(await store.addKnock('r', knock('k0'), 2)).toBe('gone');
      await store.join('r', member('a'), 8);
      expect(await store.addKnock('r', knock('k2'), 2)).toBe('ok');
      expect(await store.addKnock('r', knock('k1'), 2)).toBe('ok');
      expect(await store.addKnock('r', knock('k3'), 2)).toBe('full');
      expect(await store.knocks('r')).toEqual([knock('k2'), knock('k1')]);
      expect(await store.knocks('elsewhere')).toEqual([]);
      expect(await store.takeKnock('r', 'k2', false)).toEqual(knock('k2'));
      expect(await store.takeKnock('r', 'k2', false)).toBeUndefined();
      expect(await store.takeKnock('elsewhere', 'k1', false)).toBeUndefined();
      expect(await store.knocks('r')).toEqual([knock('k1')]);
    });

    it('lets an admitted knock in once, and only from the socket that knocked', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      await store.addKnock('r', { id: 'k', name: 'Knocker', socketId: 'socket-k' }, 20);
      await store.addKnock('r', { id: 'denied', name: 'Other', socketId: 'socket-d' }, 20);
      expect(await store.takeAdmission('r', 'k', 'socket-k')).toBe(false);
      expect(await store.takeKnock('r', 'k', true)).toMatchObject({ id: 'k' });
      expect(await store.takeKnock('r', 'denied', false)).toMatchObject({ id: 'denied' });
      expect(await store.knocks('r')).toEqual([]);
      expect(await store.takeAdmission('r', 'k', 'socket-someone-else')).toBe(false);
      expect(await store.takeAdmission('r', 'denied', 'socket-d')).toBe(false);
      expect(await store.takeAdmission('r', 'k', 'socket-k')).toBe(true);
      expect(await store.takeAdmission('r', 'k', 'socket-k')).toBe(false);
    });

    it('remembers removed seats until the room empties, and hands back the knocks left waiting', async () => {
      const store = await open();
      await store.join('r', member('a'), 8);
      await store.join('r', member('b'), 8);
      await store.setHand('r', 'b', true);
      expect(await store.remove('r', 'b')).toMatchObject({
        member: member('b'),
        hostId: 'a',
        handsChanged: true,
      });
      expect(await store.get('r', 'b')).toBeUndefined();
      expect(await store.isRemoved('r', 'b')).toBe(true);
      expect(await store.isRemoved('r', 'a')).toBe(false);
      expect(await store.isRemoved('elsewhere', 'b')).toBe(false);
      expect(await store.remove('r', 'b')).toBeUndefined();
      await store.setLocked('r', true);
      const waiting = { id: 'k', name: 'Knocker', socketId: 'socket-k' };
      await store.addKnock('r', waiting, 20);
      expect(await store.depart('r', 'a')).toEqual({
        member: member('a'),
        hostId: null,
        hostChanged: false,
        hands: [],
        handsChanged: false,
        orphanedKnocks: [waiting],
      });
      // A new room of the same name: nothing of the old one.
      await store.join('r', member('c'), 8);
      expect(await store.isRemoved('r', 'b')).toBe(false);
      expect(await store.state('r')).toEqual({ hostId: 'c', locked: false, hands: [] });
      expect(await store.knocks('r')).toEqual([]);
      expect(await store.takeAdmission('r', 'k', 'socket-k')).toBe(false);
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
