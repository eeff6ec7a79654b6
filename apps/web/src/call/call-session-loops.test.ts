// @vitest-environment node
import { type App, createApp, testConfig } from '@moim/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noPeerLinks } from '../test/fakes';
import { CallSession } from './call-session';
import { connectSignaling } from './signaling-client';
import type { LevelSourceFactory } from './speaking';

function fakeStream(): MediaStream {
  const tracks = ['audio', 'video'].map((kind) => ({ kind, enabled: true, stop: vi.fn() }));
  return { getTracks: () => tracks } as unknown as MediaStream;
}

/** A level source per stream, loud whenever `loud` says; counts the open ones. */
function levels() {
  const state = { loud: true, open: 0, measured: 0 };
  const create: LevelSourceFactory = () => {
    state.open++;
    return {
      level: () => {
        state.measured++;
        return state.loud ? 0.5 : 0;
      },
      close: () => {
        state.open--;
      },
    };
  };
  return { state, create };
}

/** The page's visibility, which the session follows. */
function fakeDocument() {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  return {
    doc,
    set(visibility: DocumentVisibilityState) {
      doc.visibilityState = visibility;
      doc.dispatchEvent(new Event('visibilitychange'));
    },
  };
}

let app: App;
let session: CallSession | undefined;

afterEach(async () => {
  session?.dispose();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await app?.close();
});

describe('the speaking highlight while in a call', () => {
  it('measures only a microphone that is on, and still while the page is hidden (the others see us speak)', async () => {
    app = createApp(testConfig());
    const url = await app.listen();
    const audio = levels();
    session = new CallSession({
      roomId: 'loops',
      initialName: 'Alice',
      connect: () => connectSignaling(url),
      createPeerLink: noPeerLinks,
      getUserMedia: async () => fakeStream(),
      createLevelSource: audio.create,
    });
    const store = session.store;
    session.start();
    await vi.waitFor(() =>
      expect(store.getState()).toMatchObject({ server: 'online', media: { status: 'ready' } }),
    );
    const page = fakeDocument();
    vi.stubGlobal('document', page.doc);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await session.join();
    const selfId = store.getState().self?.id;

    await vi.advanceTimersByTimeAsync(250);
    expect(store.getState().speaking).toEqual([selfId]);

    session.setAudio(false);
    await vi.advanceTimersByTimeAsync(250);
    expect(store.getState().speaking).toEqual([]);
    expect(audio.state.open).toBe(0);

    session.setAudio(true);
    await vi.advanceTimersByTimeAsync(250);
    expect(store.getState().speaking).toEqual([selfId]);

    page.set('hidden');
    const measured = audio.state.measured;
    await vi.advanceTimersByTimeAsync(2000);
    expect(audio.state.measured).toBeGreaterThan(measured);
    expect(store.getState().speaking).toEqual([selfId]);
    expect(audio.state.open).toBe(1);
  });
});
