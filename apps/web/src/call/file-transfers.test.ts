// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { channelPair } from '../test/fake-channel';
import { FileTransfers, type LabelledChannel } from './file-transfers';
import { type CallStore, createCallStore, newRemote, transferKey } from './store';

/** Ann and the others, each with a store and FileTransfers, linked by fake channel pairs. */
function call(names: string[], { maxKeptBytes = 1e9 } = {}) {
  const people = names.map((name) => ({ id: name.toLowerCase(), name }));
  const sides = new Map<string, { store: CallStore; files: FileTransfers; urls: string[] }>();
  for (const person of people) {
    const store = createCallStore('room');
    store.setState({
      phase: 'in-call',
      self: { ...person, audio: true, video: true },
      remotes: people
        .filter((other) => other !== person)
        .map((other) => ({ ...newRemote({ ...other, audio: true, video: true }), connection: 'connected' })),
    });
    const urls: string[] = [];
    const files = new FileTransfers({
      store,
      maxKeptBytes,
      objectUrls: { create: () => `blob:${urls.push('x')}`, revoke: () => {} },
      announce: async () => true,
      openChannel: (remoteId, name) => {
        // A slow network (16 KB per 5 ms), so a test can act while a file is on its way.
        const [mine, theirs] = channelPair({ perTask: 16 * 1024, delayMs: 5 });
        const label = `moim:${name}`;
        Object.assign(mine, { label });
        Object.assign(theirs, { label });
        queueMicrotask(() => {
          sides.get(remoteId)?.files.incoming(person.id, theirs as unknown as LabelledChannel);
          mine.open();
        });
        return mine as unknown as LabelledChannel;
      },
    });
    sides.set(person.id, { store, files, urls });
  }
  const side = (id: string) => sides.get(id) as { store: CallStore; files: FileTransfers; urls: string[] };
  return { side };
}

const randomFile = (size: number, name = 'data.bin', type = 'application/octet-stream') => {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return new File([bytes], name, { type });
};

const transferOf = (store: CallStore, from: string) =>
  Object.values(store.getState().transfers).find((t) => t.key.startsWith(`${from}/`));

describe('FileTransfers', { timeout: 30_000 }, () => {
  it('sends a file to everyone connected, each over a channel of its own, and both get it', async () => {
    const { side } = call(['Ann', 'Bob', 'Cat']);
    expect(await side('ann').files.send(randomFile(100_000))).toBe('sent');
    for (const id of ['bob', 'cat']) {
      await expect.poll(() => transferOf(side(id).store, 'ann')?.state).toBe('done');
      expect(transferOf(side(id).store, 'ann')).toMatchObject({ direction: 'receive', bytes: 100_000 });
      expect(transferOf(side(id).store, 'ann')?.url).toMatch(/^blob:/);
    }
    await expect.poll(() => transferOf(side('ann').store, 'ann')?.state).toBe('done');
    expect(transferOf(side('ann').store, 'ann')?.receivers.map((r) => [r.name, r.state])).toEqual([
      ['Bob', 'done'],
      ['Cat', 'done'],
    ]);
  });

  it('says peer-left on the sender when a receiver leaves mid-transfer; the others go on', async () => {
    const { side } = call(['Ann', 'Bob', 'Cat']);
    void side('ann').files.send(randomFile(1024 * 1024));
    await expect.poll(() => transferOf(side('bob').store, 'ann')?.bytes ?? 0).toBeGreaterThan(0);
    side('ann').files.gone('bob', 'peer-left');
    await expect.poll(() => transferOf(side('cat').store, 'ann')?.state).toBe('done');
    await expect.poll(() => transferOf(side('ann').store, 'ann')?.state).toBe('done');
    const receivers = transferOf(side('ann').store, 'ann')?.receivers ?? [];
    expect(receivers.find((r) => r.id === 'bob')).toMatchObject({ state: 'failed', failure: 'peer-left' });
  });

  it('refuses a file that does not fit in what the page keeps, and keeps room for others', async () => {
    const { side } = call(['Ann', 'Bob'], { maxKeptBytes: 500_000 });
    await side('ann').files.send(randomFile(300_000));
    await expect.poll(() => transferOf(side('bob').store, 'ann')?.state).toBe('done');
    const second = randomFile(300_000);
    await side('ann').files.send(second);
    await expect
      .poll(() => Object.values(side('bob').store.getState().transfers).map((t) => t.failure))
      .toContain('too-large');
    await expect.poll(() => transferOf(side('ann').store, 'ann')?.receivers[0]?.failure).toBeDefined();
  });

  it('lets someone who came later ask the sender for it', async () => {
    const { side } = call(['Ann', 'Bob']);
    side('ann').store.setState({ remotes: [] }); // Bob is not there yet when Ann sends.
    await side('ann').files.send(randomFile(50_000));
    const sent = Object.keys(side('ann').store.getState().transfers)[0] ?? '';
    const fileId = sent.split('/')[1] ?? '';
    side('bob').files.request('ann', fileId);
    await expect
      .poll(() => side('bob').store.getState().transfers[transferKey('ann', fileId)]?.state)
      .toBe('done');
  });

  it('cancels from the receiving side: the sender sees it was cancelled there', async () => {
    const { side } = call(['Ann', 'Bob']);
    void side('ann').files.send(randomFile(1024 * 1024));
    await expect.poll(() => transferOf(side('bob').store, 'ann')?.bytes ?? 0).toBeGreaterThan(0);
    side('bob').files.cancel(transferOf(side('bob').store, 'ann')?.key ?? '');
    await expect.poll(() => transferOf(side('bob').store, 'ann')?.failure).toBe('cancelled');
    await expect
      .poll(() => transferOf(side('ann').store, 'ann')?.receivers[0]?.failure)
      .toBe('cancelled-by-peer');
  });

  it('says nothing of a cancel when hanging up: the others see the link go', async () => {
    const { side } = call(['Ann', 'Bob']);
    void side('ann').files.send(randomFile(1024 * 1024));
    await expect.poll(() => transferOf(side('bob').store, 'ann')?.bytes ?? 0).toBeGreaterThan(0);
    side('bob').files.clear();
    await expect.poll(() => transferOf(side('ann').store, 'ann')?.receivers[0]?.failure).toBe('link-lost');
    side('ann').files.gone('bob', 'peer-left'); // then the server says Bob left
    expect(transferOf(side('ann').store, 'ann')?.receivers[0]?.failure).toBe('peer-left');
  });
});
