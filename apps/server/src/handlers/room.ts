import { randomUUID } from 'node:crypto';
import { CHAT_HISTORY_BYTES, CHAT_HISTORY_LIMIT, ErrorCode } from '@moim/protocol';
import { type createDispatcher, refuse } from '../dispatch.js';
import { knock, toKnock, withdrawKnock } from '../hosting.js';
import { iceConfigFor } from '../ice.js';
import { announceCount, leaveRoom, watchRoom } from '../presence.js';
import { type JoinOutcome, type Member, toParticipant } from '../rooms.js';
import { seatToken, validSeatToken } from '../session-token.js';
import type { Deps, MoimSocket } from '../signaling.js';

/** Looking into a room from the lobby, joining it (or taking a held seat back), leaving it. */
export function roomHandlers(socket: MoimSocket, deps: Deps, on: ReturnType<typeof createDispatcher>['on']) {
  const { io, store, config, log, grace, knockTimers, instance, sessionSecret } = deps;

  /** The answer to a join parked as a knock: nothing of the room, not even its size. */
  const waiting = () =>
    refuse(ErrorCode.WaitingForHost, 'This room is locked: waiting for the host to let you in.');

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
    // join; a wrong token gets a new id and leaves the seat alone. A seat the host removed
    // is never taken back: whoever holds its token knocks, with a new id if let in.
    const proven = !!resume && validSeatToken(sessionSecret, roomId, resume.id, resume.token);
    const removed = proven && resume ? await store.isRemoved(roomId, resume.id) : false;
    const held = proven && resume && !removed ? await store.get(roomId, resume.id) : undefined;
    const resumed = !!held;
    // One room at a time: a connection in a room may only take its own seat again.
    const ownSeat = resumed && socket.data.roomId === roomId && socket.data.participantId === held?.id;
    if (socket.data.roomId && !ownSeat) {
      return refuse(ErrorCode.AlreadyInRoom, 'You are already in a room: leave it first.');
    }
    // A knocker comes back: let in once if the host admitted this very socket; still waiting;
    // or knocking elsewhere now (the old knock ends).
    let admitted = false;
    const knocked = socket.data.knock;
    if (knocked?.roomId === roomId && (await store.takeAdmission(roomId, knocked.id, socket.id))) {
      admitted = true;
      socket.data.knock = undefined;
      knockTimers.cancel(knocked.id);
    } else if (knocked?.roomId === roomId && (await store.knocks(roomId)).some((k) => k.id === knocked.id)) {
      return waiting();
    } else {
      await withdrawKnock(deps, socket);
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
      const id = proven && resume && !removed ? resume.id : randomUUID();
      const token = seatToken(sessionSecret, roomId, id);
      member = { id, name, audio, video, socketId: socket.id, token, instance };
      let outcome: JoinOutcome =
        removed && !admitted
          ? { ok: false, reason: 'locked' }
          : await store.join(roomId, member, config.roomCapacity, { admitted });
      if (!outcome.ok && outcome.reason === 'locked') {
        const queued = await knock(deps, socket, roomId, name);
        if (queued === 'ok') {
          unwatch();
          return waiting();
        }
        if (queued === 'full') {
          return refuse(ErrorCode.RoomFull, 'Too many people are waiting to be let into this room.');
        }
        // Everyone left meanwhile: a room nobody is in holds nobody back.
        outcome = await store.join(roomId, member, config.roomCapacity, { admitted: true });
      }
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
    log.info({ room: roomId, participant: member.id, resumed, admitted }, 'joined');
    const everyone = await store.list(roomId);
    const state = await store.state(roomId);
    const hostId = state.hostId ?? member.id;
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
      hostId,
      locked: state.locked,
      hands: state.hands,
      knocks: hostId === member.id ? (await store.knocks(roomId)).map(toKnock) : [],
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
    await withdrawKnock(deps, socket);
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
