import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { testConfig } from './config.js';
import { type Client, connect, record } from './test-support.js';

let app: App;
const clients: Client[] = [];

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.disconnect();
  await app?.close();
});

async function client(url: string) {
  const socket = await connect(url);
  clients.push(socket);
  return socket;
}

describe('display names that show nothing', () => {
  it.each([
    ['Hangul fillers', '\u3164\u3164\u3164'],
    ['zero-width spaces', '\u200B\u200B'],
    ['the blank Braille pattern', '\u2800\u2800'],
  ])('are refused at join with a clear error, and the room never sees them (%s)', async (_, name) => {
    app = createApp(testConfig());
    const url = await app.listen();
    const alice = await client(url);
    expect(
      (
        await alice
          .timeout(2000)
          .emitWithAck('room:join', { roomId: 'blank', name: 'Alice', audio: true, video: true })
      ).ok,
    ).toBe(true);
    const seen = record(alice);

    const ghost = await client(url);
    const ack = await ghost
      .timeout(2000)
      .emitWithAck('room:join', { roomId: 'blank', name, audio: true, video: true });
    expect(ack).toEqual({
      ok: false,
      error: { code: 'invalid_payload', message: 'name: name has no visible characters' },
    });
    const peek = await ghost.timeout(2000).emitWithAck('room:peek', { roomId: 'blank' });
    expect(peek).toMatchObject({ ok: true, count: 1 });
    // Nor can a participant rename themselves to nothing.
    const rename = await alice.timeout(2000).emitWithAck('participant:update', { name });
    expect(rename).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(seen.filter(([event]) => event === 'participant:joined')).toEqual([]);
  });
});
