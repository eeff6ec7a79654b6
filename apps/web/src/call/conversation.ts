import type { ChatMessage, TypingRelay } from '@moim/protocol';
import { Chat } from './chat';
import { FileTransfers, type SendFileResult } from './file-transfers';
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
 * and files between browsers (`FileTransfers`), as one piece for `CallSession`.
 */
export class Conversation {
  readonly chat: Chat;
  readonly typing: Typing;
  readonly files: FileTransfers;

  constructor({ store, socket, log, asking, openChannel }: ConversationOptions) {
    this.chat = new Chat(store, socket, log);
    this.typing = new Typing(store, {
      send: (typing) => {
        const current = socket();
        if (current?.connected && store.getState().phase === 'in-call')
          void request(current, 'chat:typing', { typing }, asking);
      },
    });
    this.files = new FileTransfers({
      store,
      openChannel,
      announce: (offer) => this.chat.sendFile(offer),
    });
  }

  /** Listens to what the server relays of the conversation. */
  listen(socket: SignalingSocket) {
    socket.on('chat:message', (message: ChatMessage) => {
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
