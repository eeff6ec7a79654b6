import type { CallStore, FileReceiver, FileTransfer } from './store';

/** Progress reaches the store at most this often per transfer (React renders each change). */
const PROGRESS_EVERY_MS = 150;

/**
 * How FileTransfers writes the store's `transfers`: whole records, patches, and progress
 * at most every PROGRESS_EVERY_MS per transfer, a file we send showing the average of its
 * receivers. Records are replaced, never mutated.
 */
export class TransferRecords {
  readonly #store: CallStore;
  readonly #revoke: (url: string) => void;
  readonly #lastPatch = new Map<string, number>();
  /** The latest bytes of each receiver, `${key} ${remoteId}`: throttled patches skip some. */
  readonly #progress = new Map<string, number>();

  constructor(store: CallStore, revoke: (url: string) => void) {
    this.#store = store;
    this.#revoke = revoke;
  }

  put(transfer: FileTransfer) {
    const previous = this.#store.getState().transfers[transfer.key];
    if (previous?.url && previous.url !== transfer.url) this.#revoke(previous.url);
    this.#store.setState((state) => ({ transfers: { ...state.transfers, [transfer.key]: transfer } }));
  }

  /** Changes one transfer; a throttled change (progress) is dropped if one was made just now. */
  patch(key: string, patch: Partial<FileTransfer>, throttled = false) {
    const now = Date.now();
    if (throttled && now - (this.#lastPatch.get(key) ?? 0) < PROGRESS_EVERY_MS) return;
    this.#lastPatch.set(key, now);
    const current = this.#store.getState().transfers[key];
    if (!current) return;
    this.#store.setState((state) => ({ transfers: { ...state.transfers, [key]: { ...current, ...patch } } }));
  }

  /** Changes one receiver of a file we send. */
  receiver(key: string, remoteId: string, patch: Partial<FileReceiver>, throttled = false) {
    const transfer = this.#store.getState().transfers[key];
    if (!transfer) return;
    if (patch.bytes !== undefined) this.#progress.set(`${key} ${remoteId}`, patch.bytes);
    const receivers = transfer.receivers.map((receiver) => ({
      ...receiver,
      ...(receiver.id === remoteId ? patch : {}),
      bytes: this.#progress.get(`${key} ${receiver.id}`) ?? receiver.bytes,
    }));
    const bytes =
      receivers.reduce((sum, receiver) => sum + receiver.bytes, 0) / Math.max(1, receivers.length);
    this.patch(key, { receivers, bytes }, throttled);
  }

  /** A receiver starts over (asked again): its progress counts from nothing. */
  restart(key: string, remoteId: string) {
    this.#progress.delete(`${key} ${remoteId}`);
  }

  clear() {
    this.#progress.clear();
    this.#lastPatch.clear();
  }
}
