import { randomUUID } from 'node:crypto';
import { CHAT_HISTORY_BYTES, CHAT_HISTORY_LIMIT, ErrorCode } from '@moim/protocol';
import { type createDispatcher, refuse } from '../dispatch.js';
import { iceConfigFor } from '../ice.js';
import { announceCount, leaveRoom, watchRoom } from '../presence.js';
import { type Member, toParticipant } from '../rooms.js';
import { seatToken, validSeatToken } from '../session-token.js';
import type { Deps, MoimSocket } from '../signaling.js';

/** Looking into a room from the lobby, joining it (or taking a held seat back), leaving it. */
export function roomHandlers(socket: MoimSocket, deps: Deps, on: ReturnType<typeof createDispatcher>['on']) {
  const { io, store, config, log, grace, instance, sessionSecret } = deps;

  function unwatch() {
    if (socket.data.watching) socket.leave(watchRoom(socket.data.watching));
    socket.data.watching = undefined;
  }

  on('room:peek', async ({ roomId }) => {
    unwatch();
    socket.join(watchRoom(roomId));
    socket.data.watching = roomId;
    return { ok: true, count: await store.count(roomId), capacity: config.roomCapacity };
  });

  on('room:join', async ({ roomId, name, audio, video, resume }) => {
    // Coming back: only with the seat's token (signed by the server secret, so it survives a
    // restart). The same seat if the server still holds it, else the same id as a fresh
    // join; a wrong token gets a new id and leaves the seat alone.
    const proven = !!resume && validSeatToken(sessionSecret, roomId, resume.id, resume.token);
    const held = proven && resume ? await store.get(roomId, resume.id) : undefined;
    const resumed = !!held;
    // One room at a time: a connection in a room may only take its own seat again.
    const ownSeat = resumed && socket.data.roomId === roomId && socket.data.participantId === held?.id;
    if (socket.data.roomId && !ownSeat) {
      return refuse(ErrorCode.AlreadyInRoom, 'You are already in a room: leave it first.');
    }
    let member: Member;
    if (held) {
      grace.cancel(roomId, held.id);
      // The old socket, if the server has not noticed it is dead yet, no longer speaks for them.
      const previous = held.socketId;
      member =
        (await store.update(roomId, held.id, { name, audio, video, socketId: socket.id, instance })) ?? held;
      if (previous && previous !== socket.id) io.in(previous).disconnectSockets(true);
      if (held.name !== name || held.audio !== audio || held.video !== video) {
        socket.to(roomId).emit('participant:updated', toParticipant(member));
      }
    } else {
      const id = proven && resume ? resume.id : randomUUID();
      const token = seatToken(sessionSecret, roomId, id);
      member = { id, name, audio, video, socketId: socket.id, token, instance };
      const outcome = await store.join(roomId, member, config.roomCapacity);
      if (!outcome.ok) {
        return refuse(
          ErrorCode.RoomFull,
          `This room is full: it holds at most ${config.roomCapacity} people.`,
        );
      }
      socket.to(roomId).emit('participant:joined', toParticipant(member));
    }
    unwatch();
    socket.join(roomId);
    socket.data.roomId = roomId;
    socket.data.participantId = member.id;
    await announceCount(deps, roomId);
    log.info({ room: roomId, participant: member.id, resumed }, 'joined');
    const everyone = await store.list(roomId);
    // The newest messages only, by bytes too: older ones come with `chat:history`.
    const history = await store.history(roomId, { limit: CHAT_HISTORY_LIMIT, maxBytes: CHAT_HISTORY_BYTES });
    return {
      ok: true,
      self: toParticipant(member),
      participants: everyone.filter((other) => other.id !== member.id).map(toParticipant),
      history: history.messages,
      moreHistory: history.more,
      // Fresh TURN credentials at every join, a resume after a reconnect included.
      ...iceConfigFor(config.ice, member.id),
      token: seatToken(sessionSecret, roomId, member.id),
      resumed,
      graceMs: config.reconnectGraceMs,
      // Provisional until the server records hosts: the longest present.
      hostId: everyone[0]?.id ?? member.id,
      locked: false,
      hands: [],
      knocks: [],
    };
  });

  // Fresh TURN credentials, only for the socket holding a seat, made for that seat's id.
  on('ice:refresh', async () => {
    const { roomId, participantId } = socket.data;
    const member = roomId && participantId ? await store.get(roomId, participantId) : undefined;
    if (!member || member.socketId !== socket.id) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    return { ok: true, ...iceConfigFor(config.ice, member.id) };
  });

  on('room:leave', async () => {
    await leaveRoom(deps, socket);
    return { ok: true };
  });

  on('participant:update', async (patch) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const member = await store.update(roomId, participantId, patch);
    if (!member) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const self = toParticipant(member);
    socket.to(roomId).emit('participant:updated', self);
    return { ok: true, self };
  });
}
