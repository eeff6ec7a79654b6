import type { ChatMessage, FileOffer } from '@moim/protocol';
import type { Logger } from './logger';
import { request, type SignalingSocket } from './signaling-client';
import type { CallStore, ChatEntry } from './store';

/** A chat message not acknowledged within this long is shown as not sent. */
export const CHAT_ACK_TIMEOUT_MS = 5000;

/**
 * The chat of one call: what we send (shown at once, sent when the server is there,
 * retried by hand when it was not acknowledged), what others send, and the history the
 * server keeps, each message shown once however often it arrives.
 */
export class Chat {
  readonly #store: CallStore;
  readonly #socket: () => SignalingSocket | null;
  readonly #log: Logger;
  #loadingHistory = false;

  constructor(store: CallStore, socket: () => SignalingSocket | null, log: Logger) {
    this.#store = store;
    this.#socket = socket;
    this.#log = log;
  }

  /**
   * Sends a chat message. It shows at once; while the server is away it waits and goes
   * out once back; unacknowledged in time, it shows as not sent, with a retry.
   */
  async send(text: string) {
    const { self } = this.#store.getState();
    if (!self) return;
    const id = crypto.randomUUID();
    const entry: ChatEntry = {
      key: id,
      from: self.id,
      name: self.name,
      text,
      sentAt: Date.now(),
      status: 'sending',
      mine: true,
    };
    this.#store.setState((state) => ({ messages: [...state.messages, entry] }));
    await this.#deliver(entry);
  }

  /**
   * Announces a file we send between browsers; resolves whether the server took it (only
   * then does the file go out). Not retried: the transfer would not start again.
   */
  async sendFile(file: FileOffer): Promise<boolean> {
    const { self } = this.#store.getState();
    if (!self) return false;
    const entry: ChatEntry = {
      key: crypto.randomUUID(),
      from: self.id,
      name: self.name,
      text: '',
      file,
      sentAt: Date.now(),
      status: 'sending',
      mine: true,
    };
    this.#store.setState((state) => ({ messages: [...state.messages, entry] }));
    return this.#deliver(entry);
  }

  /** Sends a message that was not acknowledged again, under the same id. */
  async retry(key: string) {
    const entry = this.#store.getState().messages.find((message) => message.key === key);
    if (entry?.status !== 'failed' || entry.file) return;
    this.#patch(key, { status: 'sending' });
    await this.#deliver(entry);
  }

  /** Sends what was typed while the server was away, in order. */
  flushOutbox() {
    for (const entry of this.#store.getState().messages) {
      if (entry.mine && entry.status === 'sending' && !entry.file) void this.#deliver(entry);
    }
  }

  /** A message from the room (ours included, echoed by another instance): shown once. */
  receive(message: ChatMessage) {
    const { phase, messages, self } = this.#store.getState();
    if (phase !== 'in-call' || messages.some((entry) => entry.key === message.id)) return;
    this.#store.setState({ messages: [...messages, toEntry(message, self?.id)] });
  }

  /** The history handed out with a fresh join. */
  start(history: ChatMessage[], more: boolean, selfId: string) {
    this.#store.setState({ messages: history.map((message) => toEntry(message, selfId)), moreHistory: more });
  }

  /** The history handed out when we came back after a drop, merged with what we have. */
  rejoined(history: ChatMessage[], more: boolean, selfId: string) {
    const { messages: local, moreHistory } = this.#store.getState();
    const messages = mergeHistory(local, history, selfId);
    // Older messages loaded before the drop stay, and so does what we knew about those before them.
    const keptOlder = messages[0]?.key !== history[0]?.id;
    this.#store.setState({ messages, moreHistory: keptOlder ? moreHistory : more });
  }

  /** Fetches the page of chat before the oldest message shown; each message is shown once. */
  async loadEarlier() {
    const socket = this.#socket();
    const { messages, moreHistory } = this.#store.getState();
    const oldest = messages.find((entry) => entry.status === 'sent');
    if (!socket?.connected || !oldest || !moreHistory || this.#loadingHistory) return;
    this.#loadingHistory = true;
    const response = await request(
      socket,
      'chat:history',
      { before: oldest.key },
      { log: this.#log },
    ).finally(() => {
      this.#loadingHistory = false;
    });
    if (!response.ok || this.#store.getState().phase !== 'in-call') return;
    this.#store.setState((state) => {
      const known = new Set(state.messages.map((entry) => entry.key));
      const older = response.messages.filter((message) => !known.has(message.id));
      return {
        messages: [...older.map((message) => toEntry(message, state.self?.id)), ...state.messages],
        moreHistory: response.more,
      };
    });
  }

  clear() {
    this.#store.setState({ messages: [], moreHistory: false });
  }

  /** Resolves whether the server took it. */
  async #deliver(entry: ChatEntry): Promise<boolean> {
    const socket = this.#socket();
    if (!socket?.connected) {
      // A text goes out with flushOutbox once the server is back; a file's moment has passed.
      if (entry.file) this.#patch(entry.key, { status: 'failed' });
      return false;
    }
    const response = await request(
      socket,
      'chat:send',
      entry.file ? { id: entry.key, file: entry.file } : { id: entry.key, text: entry.text },
      { timeoutMs: CHAT_ACK_TIMEOUT_MS, log: this.#log },
    );
    if (response.ok) {
      const { message } = response;
      this.#patch(entry.key, { sentAt: message.sentAt, name: message.name, status: 'sent' });
    } else {
      this.#patch(entry.key, { status: 'failed' });
    }
    return response.ok;
  }

  #patch(key: string, patch: Partial<ChatEntry>) {
    this.#store.setState((state) => ({
      messages: state.messages.map((message) => (message.key === key ? { ...message, ...patch } : message)),
    }));
  }
}

function toEntry({ id, from, name, text, file, sentAt }: ChatMessage, selfId: string | undefined): ChatEntry {
  return {
    key: id,
    from,
    name,
    text,
    ...(file ? { file } : {}),
    sentAt,
    status: 'sent',
    mine: from === selfId,
  };
}

/**
 * The server's history with what we have that it did not send, once each: older messages
 * loaded earlier go before it, our own it does not have (a restart lost them) after.
 */
function mergeHistory(local: ChatEntry[], history: ChatMessage[], selfId: string): ChatEntry[] {
  const fromServer = history.map((message) => toEntry(message, selfId));
  const ids = new Set(fromServer.map((entry) => entry.key));
  const first = history[0]?.sentAt ?? Number.POSITIVE_INFINITY;
  const missing = local.filter((entry) => !ids.has(entry.key));
  const older = missing.filter((entry) => entry.status === 'sent' && entry.sentAt < first);
  return [...older, ...fromServer, ...missing.filter((entry) => !older.includes(entry))];
}
