import type { ChatMessage, TypingRelay } from '@moim/protocol';
import { Chat } from './chat';
import type { SendFileResult } from './file-transfers';
import { FilesOnDemand } from './files-on-demand';
import type { Logger } from './logger';
import { type RequestOptions, request, type SignalingSocket } from './signaling-client';
import type { CallStore } from './store';
import { Typing } from './typing';

export interface ConversationOptions {
  store: CallStore;
  socket: () => SignalingSocket | null;
  log: Logger;
  asking: RequestOptions;
  /** An extra data channel to `remoteId` on the current link (Peers.openChannel). */
  openChannel: (remoteId: string, name: string) => RTCDataChannel | null;
}

/**
 * What people say and send beside the call: the chat (`Chat`), who is typing (`Typing`)
 * and files between browsers (`FileTransfers`, loaded on first use), as one piece for `CallSession`.
 */
export class Conversation {
  readonly chat: Chat;
  readonly typing: Typing;
  readonly files: FilesOnDemand;

  constructor({ store, socket, log, asking, openChannel }: ConversationOptions) {
    this.chat = new Chat(store, socket, log);
    this.typing = new Typing(store, {
      send: (typing) => {
        const current = socket();
        if (current?.connected && store.getState().phase === 'in-call')
          void request(current, 'chat:typing', { typing }, asking);
      },
    });
    this.files = new FilesOnDemand({
      store,
      log,
      openChannel,
      announce: (offer) => this.chat.sendFile(offer),
    });
  }

  /** Listens to what the server relays of the conversation. */
  listen(socket: SignalingSocket) {
    socket.on('chat:message', (message: ChatMessage) => {
      // A file announced: its channel follows, so the code that receives it loads now.
      if (message.file) this.files.preload();
      this.typing.stopped(message.from);
      this.chat.receive(message);
    });
    socket.on('chat:typing', (typing: TypingRelay) => this.typing.received(typing));
  }

  send(text: string) {
    this.typing.sent();
    return this.chat.send(text);
  }

  sendFile(file: File): Promise<SendFileResult> {
    return this.files.send(file);
  }

  /** The call is over: nothing of it stays, and no transfer goes on. */
  clear() {
    this.chat.clear();
    this.typing.clear();
    this.files.clear();
  }
}
