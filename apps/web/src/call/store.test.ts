import { describe, expect, it, vi } from 'vitest';
import { createCallStore, newRemote, patchRemote } from './store';

describe('patchRemote', () => {
  function storeWithBob() {
    const store = createCallStore('room');
    store.setState({ remotes: [newRemote({ id: 'b', name: 'Bob', audio: true, video: true })] });
    const listener = vi.fn();
    store.subscribe(listener);
    return { store, listener };
  }

  it('changes the one participant named', () => {
    const { store, listener } = storeWithBob();
    patchRemote(store, 'b', { connection: 'connected' });
    expect(store.getState().remotes[0]).toMatchObject({ name: 'Bob', connection: 'connected' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('leaves the state alone when nothing would change, so nothing renders again', () => {
    const { store, listener } = storeWithBob();
    const before = store.getState().remotes;
    patchRemote(store, 'b', { connection: 'connecting', audio: true });
    patchRemote(store, 'nobody', { connection: 'connected' });
    expect(store.getState().remotes).toBe(before);
    expect(listener).not.toHaveBeenCalled();
  });
});
