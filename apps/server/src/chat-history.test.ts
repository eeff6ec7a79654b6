import { randomUUID } from 'node:crypto';
import {
  CHAT_HISTORY_BYTES,
  CHAT_HISTORY_LIMIT,
  CHAT_TEXT_MAX_LENGTH,
  type ChatMessage,
  type JoinResult,
} from '@moim/protocol';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { type Config, testConfig } from './config.js';
import { type Client, connect } from './test-support.js';

let app: App | undefined;
let url: string;
const clients: Client[] = [];

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await app?.close();
  app = undefined;
});

async function start(overrides: Partial<Config> = {}) {
  app = createApp(testConfig(overrides));
  url = await app.listen();
}

async function joined(roomId: string, name: string) {
  const socket = await connect(url);
  clients.push(socket);
  const ack = await socket.timeout(5000).emitWithAck('room:join', { roomId, name, audio: true, video: true });
  if (!ack.ok) throw new Error(`join failed: ${ack.error.code}`);
  return { socket, ack: ack as { ok: true } & JoinResult };
}

const bytes = (messages: ChatMessage[]) =>
  messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m)), 0);

/** Fills a room's history with the longest messages there are, of three-byte characters. */
async function fill(socket: Client, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    ids.push(id);
    const text = `${i} `.padEnd(CHAT_TEXT_MAX_LENGTH, '한');
    const ack = await socket.timeout(5000).emitWithAck('chat:send', { id, text });
    if (!ack.ok) throw new Error(`chat failed: ${ack.error.code}`);
  }
  return ids;
}

describe('chat history', () => {
  it('sends a newcomer only the newest messages that fit the byte cap, and pages through the rest exactly once', {
    timeout: 30_000,
  }, async () => {
    await start({ rateLimitScale: 0 });
    const alice = await joined('long-chat', 'Alice');
    const ids = await fill(alice.socket, CHAT_HISTORY_LIMIT);

    const late = await joined('long-chat', 'Late');
    const { history, moreHistory } = late.ack;
    expect(bytes(history)).toBeLessThanOrEqual(CHAT_HISTORY_BYTES);
    expect(history.length).toBeGreaterThan(0);
    expect(history.map((m) => m.id)).toEqual(ids.slice(-history.length));
    expect(moreHistory).toBe(true);
    const seen = history.map((m) => m.id);
    let more = moreHistory;
    let pages = 0;
    while (more) {
      const page = await late.socket.timeout(5000).emitWithAck('chat:history', { before: seen[0] as string });
      if (!page.ok) throw new Error(page.error.code);
      expect(bytes(page.messages)).toBeLessThanOrEqual(CHAT_HISTORY_BYTES);
      expect(page.messages.length).toBeGreaterThan(0);
      seen.unshift(...page.messages.map((m: ChatMessage) => m.id));
      more = page.more;
      pages++;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBeGreaterThan(1);
    const answer = Buffer.byteLength(JSON.stringify(late.ack));
    console.log(
      `join answer ${answer} bytes, ${history.length} of ${ids.length} messages; ${pages} pages for the rest`,
    );
  });

  it('sends a short history whole, saying there is no more', async () => {
    await start();
    const alice = await joined('short', 'Alice');
    await alice.socket.timeout(2000).emitWithAck('chat:send', { id: randomUUID(), text: 'hello' });
    const late = await joined('short', 'Late');
    expect(late.ack.history.map((m) => m.text)).toEqual(['hello']);
    expect(late.ack.moreHistory).toBe(false);
  });

  it('pages a limited number, and only ever the asking socket’s own room', async () => {
    await start({ rateLimitScale: 0 });
    const alice = await joined('mine', 'Alice');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      ids.push(id);
      await alice.socket.timeout(2000).emitWithAck('chat:send', { id, text: `m${i}` });
    }
    const page = await alice.socket
      .timeout(2000)
      .emitWithAck('chat:history', { before: ids[4] as string, limit: 2 });
    expect(page).toMatchObject({ ok: true, more: true });
    expect(page.ok && page.messages.map((m: ChatMessage) => m.text)).toEqual(['m2', 'm3']);

    // Someone in another room naming this room's message gets nothing of it.
    const other = await joined('theirs', 'Mallory');
    const across = await other.socket.timeout(2000).emitWithAck('chat:history', { before: ids[4] as string });
    expect(across).toEqual({ ok: true, messages: [], more: false });
    // Nor does someone in no room at all, nor a payload naming a room.
    const outsider = await connect(url);
    clients.push(outsider);
    expect(
      await outsider.timeout(2000).emitWithAck('chat:history', { before: ids[4] as string }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_in_room' },
    });
    const raw = other.socket as unknown as Socket;
    expect(
      await raw.timeout(2000).emitWithAck('chat:history', { before: ids[4], roomId: 'mine' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });

  it('counts pages against a rate limit of their own', async () => {
    await start();
    const alice = await joined('limited', 'Alice');
    const answers = [];
    for (let i = 0; i < 12; i++) {
      answers.push(await alice.socket.timeout(2000).emitWithAck('chat:history', { before: randomUUID() }));
    }
    expect(answers.filter((answer) => answer.ok)).toHaveLength(10);
    expect(answers.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});
