// @vitest-environment node
import type { FileOffer } from '@moim/protocol';
import { describe, expect, it, vi } from 'vitest';
import { channelPair } from '../test/fake-channel';
import { sendFile, sha256Hex } from './file-channel';
import type { LabelledChannel } from './file-transfers';
import { FilesOnDemand } from './files-on-demand';
import { createCallStore, newRemote, transferKey } from './store';

type Code = typeof import('./file-transfers');

/** Bob's FilesOnDemand, its code arriving when the test says (`arrive`), or failing to. */
function bob({ fails = 0 } = {}) {
  const store = createCallStore('room');
  store.setState({
    phase: 'in-call',
    self: { id: 'bob', name: 'Bob', audio: true, video: true },
    remotes: [
      { ...newRemote({ id: 'ann', name: 'Ann', audio: true, video: true }), connection: 'connected' },
    ],
  });
  let arrive: (code: Code) => void = () => {};
  let failures = fails;
  const load = vi.fn(
    () =>
      new Promise<Code>((resolve, reject) => {
        if (failures-- > 0) reject(new Error('chunk gone'));
        else arrive = resolve;
      }),
  );
  const warn = vi.fn();
  const files = new FilesOnDemand({
    store,
    log: { debug() {}, warn, error() {} },
    load,
    openChannel: () => null,
    announce: async () => true,
    objectUrls: { create: () => 'blob:x/1', revoke: () => {} },
  });
  return { store, files, load, warn, arrive: async () => arrive(await import('./file-transfers')) };
}

/** Ann's end of a file channel to Bob, and the offer of `bytes` she sends on it. */
async function annSends(bytes: Uint8Array<ArrayBuffer>) {
  const offer: FileOffer = {
    id: crypto.randomUUID(),
    name: 'notes.txt',
    size: bytes.byteLength,
    type: 'text/plain',
    sha256: await sha256Hex(bytes),
  };
  const [ann, bobs] = channelPair();
  Object.assign(bobs, { label: `moim:file:${offer.id}` });
  return { offer, ann, bobs: bobs as unknown as LabelledChannel & typeof bobs };
}

describe('FilesOnDemand', () => {
  it('loads no code for a call without files: ending links, cancelling and hanging up need none', () => {
    const { files, load } = bob();
    files.gone('ann', 'link-lost');
    files.cancel('ann/1');
    files.clear();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads the code once, when a file is announced, and sends with it', async () => {
    const { files, load, arrive, store } = bob();
    files.preload();
    files.preload();
    expect(load).toHaveBeenCalledTimes(1);
    await arrive();
    // Alone in the call: the file is announced and nobody is connected to receive it.
    store.setState({ remotes: [] });
    expect(await files.send(new File(['hi'], 'a.txt'))).toBe('sent');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps what a file channel brings before the code is there, and then receives the file whole', async () => {
    const { files, store, arrive } = bob();
    const bytes = crypto.getRandomValues(new Uint8Array(60_000));
    const { offer, ann, bobs } = await annSends(bytes);
    files.incoming('ann', bobs);
    ann.open();
    const sent = sendFile(ann, new Blob([bytes]), offer);
    // Everything reaches Bob's end and waits there.
    await vi.waitFor(() => expect(ann.bufferedAmount).toBe(0));
    expect(ann.sent.length).toBeGreaterThan(1);
    expect(store.getState().transfers).toEqual({});
    await arrive();
    expect(await sent).toEqual({ done: true });
    expect(store.getState().transfers[transferKey('ann', offer.id)]).toMatchObject({
      state: 'done',
      bytes: bytes.byteLength,
      url: 'blob:x/1',
    });
  });

  it('hands over a channel that closed while the code loaded: the transfer says the link was lost', async () => {
    const { files, store, arrive } = bob();
    const { offer, ann, bobs } = await annSends(new Uint8Array(50_000));
    files.incoming('ann', bobs);
    // Sees the close reach Bob's end (and whatever holds it meanwhile).
    let closed = false;
    const holding = bobs.onclose;
    bobs.onclose = (event) => {
      closed = true;
      holding?.(event);
    };
    ann.open();
    void sendFile(ann, new Blob([new Uint8Array(50_000)]), offer);
    await vi.waitFor(() => expect(ann.sent.length).toBeGreaterThan(1));
    ann.drop();
    await vi.waitFor(() => expect(closed).toBe(true));
    await arrive();
    await vi.waitFor(() =>
      expect(store.getState().transfers[transferKey('ann', offer.id)]).toMatchObject({
        state: 'failed',
        failure: 'link-lost',
      }),
    );
  });

  it('does what was asked while the code loaded, in order: a hang-up after a file began ends it', async () => {
    const { files, store, arrive } = bob();
    const { offer, ann, bobs } = await annSends(new Uint8Array(50_000));
    files.incoming('ann', bobs);
    ann.open();
    const sent = sendFile(ann, new Blob([new Uint8Array(50_000)]), offer);
    files.clear();
    await arrive();
    // Hanging up is no cancel: Ann sees the link go.
    expect(await sent).toEqual({ done: false, failure: 'link-lost' });
    expect(store.getState().transfers).toEqual({});
  });

  it('says a file was not sent when the code cannot load, closes a channel it cannot take, and tries again later', async () => {
    const { files, load, warn, arrive, store } = bob({ fails: 2 });
    expect(await files.send(new File(['hi'], 'a.txt'))).toBe('not-sent');
    expect(warn).toHaveBeenCalledWith('file transfer code did not load', expect.any(Error));
    const { ann, bobs } = await annSends(new Uint8Array(10));
    files.incoming('ann', bobs);
    ann.open();
    await vi.waitFor(() => expect(bobs.readyState).toBe('closed'));
    store.setState({ remotes: [] });
    const third = files.send(new File(['hi'], 'a.txt'));
    await arrive();
    expect(await third).toBe('sent');
    expect(load).toHaveBeenCalledTimes(3);
  });
});
