import { type FileOffer, FileOfferSchema, parsePayload } from '@moim/protocol';
import { type FileChannel, receiveFile, sendFile, sha256Hex, type TransferFailure } from './file-channel';
import { type CallStore, type FileFailure, transferKey } from './store';
import { TransferRecords } from './transfer-records';

/**
 * Bytes of received files one page keeps in memory, all together (each file also at most
 * FILE_MAX_BYTES). A file that does not fit is refused before any of it is sent.
 */
export const RECEIVED_FILES_MAX_BYTES = 500 * 1024 * 1024;
/** What follows EXTRA_CHANNEL_PREFIX in a file channel's label: then the file id. */
export const FILE_CHANNEL_NAME = 'file:';
/** A link lost this soon before its person left is reported as them leaving. */
const LEFT_SOON_AFTER_MS = 10_000;

/** Image types shown as a preview; never SVG (a document that can hold scripts and links). */
export const PREVIEW_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A file channel as the peer layer hands it over: an RTCDataChannel in the app. */
export type LabelledChannel = FileChannel & { readonly label: string };

export interface FileTransfersOptions {
  store: CallStore;
  /** An extra data channel to `remoteId` named `name` (PeerMesh.openChannel); null if not up. */
  openChannel(remoteId: string, name: string): LabelledChannel | null;
  /** Puts the file's announcement in the chat (Chat.sendFile); false if the server refused. */
  announce(offer: FileOffer): Promise<boolean>;
  objectUrls?: { create(blob: Blob): string; revoke(url: string): void };
  maxKeptBytes?: number;
}

export type SendFileResult = 'sent' | 'too-large' | 'not-sent';

interface Outgoing {
  file: Blob;
  offer: FileOffer;
  running: Map<string, AbortController>;
}

/**
 * Every file of one call, both ways: what we send goes to everyone connected, each over a
 * channel of its own (file-channel.ts); what others send is received into memory, up to
 * RECEIVED_FILES_MAX_BYTES, and offered as an object URL. Someone who was not there when a
 * file was sent can ask its sender for it while the sender is still in the call (`request`).
 * The store's `transfers` shows each one.
 */
export class FileTransfers {
  readonly #store: CallStore;
  readonly #options: FileTransfersOptions;
  readonly #urls: Required<FileTransfersOptions>['objectUrls'];
  readonly #max: number;
  readonly #outgoing = new Map<string, Outgoing>();
  readonly #incoming = new Map<string, AbortController>();
  /** When each receiver's transfer failed as link-lost: `${key} ${remoteId}` → time. */
  readonly #lostAt = new Map<string, number>();
  readonly #records: TransferRecords;
  #kept = 0;

  constructor(options: FileTransfersOptions) {
    this.#store = options.store;
    this.#options = options;
    this.#urls = options.objectUrls ?? {
      create: (blob) => URL.createObjectURL(blob),
      revoke: (url) => URL.revokeObjectURL(url),
    };
    this.#max = options.maxKeptBytes ?? RECEIVED_FILES_MAX_BYTES;
    this.#records = new TransferRecords(this.#store, this.#urls.revoke);
  }

  /** Announces `file` in the chat and sends it to everyone connected now. */
  async send(file: File): Promise<SendFileResult> {
    const self = this.#store.getState().self;
    if (!self) return 'not-sent';
    const name = parsePayload(FileOfferSchema.entries.name, file.name);
    const type = parsePayload(FileOfferSchema.entries.type, file.type);
    const size = parsePayload(FileOfferSchema.entries.size, file.size);
    if (!size.ok) return 'too-large';
    let sha256: string;
    try {
      sha256 = await sha256Hex(await file.arrayBuffer());
    } catch {
      return 'not-sent'; // Unreadable (moved, or too large for this browser to hold).
    }
    const offer: FileOffer = {
      id: crypto.randomUUID(),
      name: name.ok ? name.value : 'file',
      size: size.value,
      type: type.ok ? type.value : '',
      sha256,
    };
    const key = transferKey(self.id, offer.id);
    this.#outgoing.set(key, { file, offer, running: new Map() });
    this.#records.put({
      key,
      direction: 'send',
      size: offer.size,
      bytes: 0,
      state: 'moving',
      failure: null,
      receivers: [],
      url: this.#urls.create(file),
    });
    if (!(await this.#options.announce(offer))) {
      this.#outgoing.delete(key);
      this.#records.patch(key, { state: 'failed', failure: 'not-announced' });
      return 'not-sent';
    }
    for (const remote of this.#store.getState().remotes) {
      if (remote.connection !== 'connected') continue;
      const channel = this.#options.openChannel(remote.id, FILE_CHANNEL_NAME + offer.id);
      if (channel) void this.#sendTo(key, remote.id, channel);
    }
    this.#settleSend(key);
    return 'sent';
  }

  /** A file channel the other side opened: their file coming, or a request for ours. */
  incoming(remoteId: string, channel: LabelledChannel) {
    const fileId = channel.label.split(FILE_CHANNEL_NAME)[1] ?? '';
    const self = this.#store.getState().self;
    const ours = self ? this.#outgoing.get(transferKey(self.id, fileId)) : undefined;
    if (ours && self) {
      if (!ours.running.has(remoteId)) void this.#sendTo(transferKey(self.id, fileId), remoteId, channel);
      else channel.close();
      return;
    }
    this.#receive(remoteId, fileId, channel);
  }

  /** Asks `from` for a file they announced that did not reach us (we came later, or it failed). */
  request(from: string, fileId: string) {
    const key = transferKey(from, fileId);
    if (this.#incoming.has(key) || this.#store.getState().transfers[key]?.state === 'done') return;
    const channel = this.#options.openChannel(from, FILE_CHANNEL_NAME + fileId);
    if (channel) this.#receive(from, fileId, channel);
  }

  /** Stops a transfer, ours (to everyone) or one coming to us; the other side is told. */
  cancel(key: string) {
    this.#incoming.get(key)?.abort('cancelled');
    for (const controller of this.#outgoing.get(key)?.running.values() ?? []) controller.abort('cancelled');
  }

  /** `remoteId` left the call or their link dropped: what goes to or comes from them fails. */
  gone(remoteId: string, reason: 'peer-left' | 'link-lost') {
    for (const [key, outgoing] of this.#outgoing) {
      outgoing.running.get(remoteId)?.abort(reason);
      const lost = this.#lostAt.get(`${key} ${remoteId}`);
      if (reason === 'peer-left' && lost !== undefined && Date.now() - lost < LEFT_SOON_AFTER_MS) {
        this.#records.receiver(key, remoteId, { failure: 'peer-left' });
      }
    }
    for (const [key, controller] of this.#incoming) {
      if (key.startsWith(`${remoteId}/`)) controller.abort(reason);
    }
    if (reason !== 'peer-left') return;
    for (const transfer of Object.values(this.#store.getState().transfers)) {
      const lost = this.#lostAt.get(`${transfer.key} ${remoteId}`);
      if (transfer.failure === 'link-lost' && lost !== undefined && Date.now() - lost < LEFT_SOON_AFTER_MS) {
        this.#records.patch(transfer.key, { failure: 'peer-left' });
      }
    }
  }

  /** Hung up: everything stops and every file kept in memory is let go. */
  clear() {
    // Not a cancel: the others see us leave, and say so.
    for (const controller of this.#incoming.values()) controller.abort('leaving');
    for (const outgoing of this.#outgoing.values()) {
      for (const controller of outgoing.running.values()) controller.abort('leaving');
    }
    for (const transfer of Object.values(this.#store.getState().transfers)) {
      if (transfer.url) this.#urls.revoke(transfer.url);
    }
    this.#incoming.clear();
    this.#outgoing.clear();
    this.#lostAt.clear();
    this.#records.clear();
    this.#kept = 0;
    this.#store.setState({ transfers: {} });
  }

  async #sendTo(key: string, remoteId: string, channel: LabelledChannel) {
    const outgoing = this.#outgoing.get(key);
    if (!outgoing) return channel.close();
    const controller = new AbortController();
    outgoing.running.set(remoteId, controller);
    const { transfers, remotes } = this.#store.getState();
    const others = (transfers[key]?.receivers ?? []).filter((r) => r.id !== remoteId);
    const name = remotes.find((remote) => remote.id === remoteId)?.name ?? '';
    this.#records.restart(key, remoteId);
    this.#records.patch(key, {
      state: 'moving',
      receivers: [...others, { id: remoteId, name, bytes: 0, state: 'moving', failure: null }],
    });
    const outcome = await sendFile(channel, outgoing.file, outgoing.offer, {
      signal: controller.signal,
      onProgress: (bytes) => this.#records.receiver(key, remoteId, { bytes }, true),
    });
    outgoing.running.delete(remoteId);
    if (outcome.done) this.#records.receiver(key, remoteId, { bytes: outgoing.offer.size, state: 'done' });
    else {
      const failure = failureOf(outcome.failure, controller.signal);
      if (failure === 'link-lost') this.#lostAt.set(`${key} ${remoteId}`, Date.now());
      this.#records.receiver(key, remoteId, { state: 'failed', failure });
    }
    this.#settleSend(key);
  }

  #receive(remoteId: string, fileId: string, channel: LabelledChannel) {
    const key = transferKey(remoteId, fileId);
    if (this.#incoming.has(key) || this.#store.getState().transfers[key]?.state === 'done') {
      channel.close();
      return;
    }
    const controller = new AbortController();
    this.#incoming.set(key, controller);
    let reserved = 0;
    const previous = this.#store.getState().transfers[key];
    this.#records.put({
      key,
      direction: 'receive',
      size: previous?.size ?? 0,
      bytes: 0,
      state: 'moving',
      failure: null,
      receivers: [],
      url: null,
    });
    void receiveFile(channel, {
      signal: controller.signal,
      reserve: (offer) => {
        if (offer.id !== fileId || this.#kept + offer.size > this.#max) return false;
        reserved = offer.size;
        this.#kept += reserved;
        return true;
      },
      onOffer: (offer) => this.#records.patch(key, { size: offer.size }),
      onProgress: (bytes) => this.#records.patch(key, { bytes }, true),
    }).then((outcome) => {
      this.#incoming.delete(key);
      if (this.#store.getState().transfers[key] === undefined) return; // Cleared meanwhile.
      if (outcome.done) {
        const { type } = outcome.offer;
        // Only the preview types keep theirs: a blob of text/html opened in a tab would be a page of ours.
        const blob = new Blob([outcome.bytes], {
          type: PREVIEW_TYPES.has(type) ? type : 'application/octet-stream',
        });
        this.#records.patch(key, { state: 'done', bytes: outcome.offer.size, url: this.#urls.create(blob) });
        return;
      }
      this.#kept -= reserved;
      const failure = failureOf(outcome.failure, controller.signal);
      if (failure === 'link-lost') this.#lostAt.set(`${key} ${remoteId}`, Date.now());
      this.#records.patch(key, { state: 'failed', failure });
    });
  }

  /** A file we send is done once no receiver is still moving; failed if none got it. */
  #settleSend(key: string) {
    const transfer = this.#store.getState().transfers[key];
    if (transfer?.direction !== 'send' || this.#outgoing.get(key)?.running.size) return;
    const receivers = transfer.receivers;
    const failed = receivers.length > 0 && receivers.every((receiver) => receiver.state === 'failed');
    this.#records.patch(
      key,
      failed ? { state: 'failed', failure: receivers[0]?.failure ?? null } : { state: 'done' },
    );
  }
}

/** An abort says why it happened (its reason); the channel only saw a cancel. */
function failureOf(failure: TransferFailure, signal: AbortSignal): FileFailure {
  if (failure !== 'cancelled') return failure;
  const reason = signal.reason;
  return reason === 'peer-left' || reason === 'link-lost' ? reason : 'cancelled';
}
