import { CHAT_HISTORY_BYTES, CHAT_HISTORY_PAGE_LIMIT, type ChatMessage, ErrorCode } from '@moim/protocol';
import { type createDispatcher, refuse } from '../dispatch.js';
import type { Deps, MoimSocket } from '../signaling.js';

/**
 * Chat: stamped with the sender the server knows, stored, relayed once per message id. A
 * file's announcement is a message like any other (the file itself never comes here).
 * Typing is relayed to the typist's own room and kept nowhere.
 */
export function chatHandlers(socket: MoimSocket, deps: Deps, on: ReturnType<typeof createDispatcher>['on']) {
  const { store, metrics } = deps;

  on('chat:send', async ({ id, text = '', file }) => {
    const { roomId, participantId } = socket.data;
    const sender = roomId && participantId ? await store.get(roomId, participantId) : undefined;
    if (!roomId || !sender) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const candidate: ChatMessage = {
      id,
      from: sender.id,
      name: sender.name,
      text,
      ...(file ? { file } : {}),
      sentAt: Date.now(),
    };
    const { message, duplicate } = await store.appendChat(roomId, candidate);
    if (duplicate) {
      // Sent again after a lost acknowledgement: confirm, but never relay it twice.
      if (message.from !== sender.id) return refuse(ErrorCode.InvalidPayload, 'id: that id is taken');
      return { ok: true, message };
    }
    socket.to(roomId).emit('chat:message', message);
    metrics.relayed.inc({ kind: 'chat' });
    return { ok: true, message };
  });

  on('chat:typing', async ({ typing }) => {
    // Room and sender from the server's record of this socket, never from the payload.
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    socket.to(roomId).emit('chat:typing', { from: participantId, typing });
    metrics.relayed.inc({ kind: 'typing' });
    return { ok: true };
  });

  on('chat:history', async ({ before, limit = CHAT_HISTORY_PAGE_LIMIT }) => {
    // Only the socket's own room, from the server's record of it.
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    return { ok: true, ...(await store.history(roomId, { before, limit, maxBytes: CHAT_HISTORY_BYTES })) };
  });
}
