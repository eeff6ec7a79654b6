import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from './app.js';
import { testConfig } from './config.js';
import { MemoryRoomStore } from './rooms.js';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('/readyz', () => {
  it('answers ready with a store that answers, alongside /healthz', async () => {
    app = createApp(testConfig());
    const url = await app.listen();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('answers 503 while the store does not answer, and /healthz still 200', async () => {
    const store = new MemoryRoomStore();
    let answering = false;
    store.ready = async () => answering;
    app = createApp(testConfig(), { store });
    const url = await app.listen();
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ ok: false });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    answering = true;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});
