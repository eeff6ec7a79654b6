import type { FileTransfers, FileTransfersOptions, LabelledChannel, SendFileResult } from './file-transfers';
import type { Logger } from './logger';

export interface FilesOnDemandOptions extends FileTransfersOptions {
  log: Logger;
  /** Loads the transfer code: a dynamic import in the app, so a call without files never loads it. */
  load?: () => Promise<typeof import('./file-transfers')>;
}

/**
 * `FileTransfers`, its code (and the file channel's) loaded the first time a call needs it:
 * a file we send, one a channel brings us, or one announced in the chat (`preload`). Until
 * then there is no transfer to cancel, end or clear. What is asked while the code loads is
 * done once it is there, in order; a channel opened to us meanwhile keeps what it receives
 * and hands it over then.
 */
export class FilesOnDemand {
  readonly #options: FilesOnDemandOptions;
  #files: FileTransfers | null = null;
  #loading: Promise<FileTransfers> | null = null;

  constructor(options: FilesOnDemandOptions) {
    this.#options = options;
  }

  /** Starts loading the code, if it is not loaded or loading yet. */
  preload() {
    this.#load().catch(() => {});
  }

  #load(): Promise<FileTransfers> {
    if (this.#files) return Promise.resolve(this.#files);
    const load = this.#options.load ?? (() => import('./file-transfers'));
    this.#loading ??= load().then(
      ({ FileTransfers }) => {
        this.#files = new FileTransfers(this.#options);
        return this.#files;
      },
      (error: unknown) => {
        this.#loading = null; // The next use tries again.
        this.#options.log.warn('file transfer code did not load', error);
        throw error;
      },
    );
    return this.#loading;
  }

  async send(file: File): Promise<SendFileResult> {
    try {
      return (await this.#load()).send(file);
    } catch {
      return 'not-sent';
    }
  }

  incoming(remoteId: string, channel: LabelledChannel) {
    if (this.#files) return this.#files.incoming(remoteId, channel);
    const held = hold(channel);
    this.#load().then(
      (files) => {
        held.release();
        files.incoming(remoteId, channel);
        held.replay();
      },
      () => channel.close(),
    );
  }

  request(from: string, fileId: string) {
    this.#whenLoaded((files) => files.request(from, fileId), true);
  }

  cancel(key: string) {
    this.#whenLoaded((files) => files.cancel(key));
  }

  gone(remoteId: string, reason: 'peer-left' | 'link-lost') {
    this.#whenLoaded((files) => files.gone(remoteId, reason));
  }

  clear() {
    this.#whenLoaded((files) => files.clear());
  }

  /** Runs `act` now if the code is here, after it loads if it is loading; `load` starts it. */
  #whenLoaded(act: (files: FileTransfers) => void, load = false) {
    if (this.#files) return act(this.#files);
    if (this.#loading || load) this.#load().then(act, () => {});
  }
}

/**
 * Keeps what arrives on `channel` until its handlers are set: `replay` then hands them the
 * messages, and the close if it came. Binary messages come as ArrayBuffers, as the
 * transfer code asks.
 */
function hold(channel: LabelledChannel) {
  const messages: MessageEvent[] = [];
  let closed: Event | null = null;
  channel.binaryType = 'arraybuffer';
  channel.onmessage = (event) => messages.push(event);
  channel.onclose = (event) => {
    closed = event;
  };
  return {
    release() {
      channel.onmessage = null;
      channel.onclose = null;
    },
    replay() {
      for (const message of messages) channel.onmessage?.(message);
      if (closed) channel.onclose?.(closed);
    },
  };
}
