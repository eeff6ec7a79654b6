import { ErrorCode, type ReactionRelay } from '@moim/protocol';
import { type createDispatcher, refuse } from '../dispatch.js';
import { announceDeparture, answerKnock, closeRemoved, tellHost, withdrawKnock } from '../hosting.js';
import { announceCount } from '../presence.js';
import type { Deps, MoimSocket } from '../signaling.js';

const notInRoom = () => refuse(ErrorCode.NotInRoom, 'Join a room first.');
const notHost = () => refuse(ErrorCode.NotHost, 'Only the host can do that.');
const nobody = () => refuse(ErrorCode.UnknownParticipant, 'Nobody with that id is in your room.');

/**
 * The host's actions, raised hands and reactions. Who acts, and in which room, comes from the
 * server's record of the socket; whether they are host, from the store. A refused action
 * changes nothing and tells nobody.
 */
export function hostHandlers(socket: MoimSocket, deps: Deps, on: ReturnType<typeof createDispatcher>['on']) {
  const { io, store, log, metrics } = deps;

  /** The sender's room if they are its host, else the refusal to answer. */
  async function asHost() {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return { refusal: notInRoom() };
    const { hostId } = await store.state(roomId);
    if (hostId !== participantId) return { refusal: notHost() };
    return { roomId, hostId };
  }

  /** Another participant of the host's room, by id. */
  async function other(roomId: string, hostId: string, id: string) {
    return id === hostId ? undefined : store.get(roomId, id);
  }

  on('knock:cancel', async () => {
    await withdrawKnock(deps, socket);
    return { ok: true };
  });

  for (const [event, admitted] of [
    ['host:admit', true],
    ['host:deny', false],
  ] as const) {
    on(event, async ({ id }) => {
      const host = await asHost();
      if (host.refusal) return host.refusal;
      if (!(await answerKnock(deps, host.roomId, id, admitted))) {
        return refuse(ErrorCode.UnknownParticipant, 'Nobody with that id is waiting to be let in.');
      }
      return { ok: true };
    });
  }

  on('host:lock', async ({ locked }) => {
    const host = await asHost();
    if (host.refusal) return host.refusal;
    const changed = await store.setLocked(host.roomId, locked);
    if (changed === undefined) return notInRoom();
    if (changed) {
      io.to(host.roomId).emit('room:locked', { locked });
      log.info({ room: host.roomId, locked }, 'room lock changed');
    }
    return { ok: true };
  });

  on('host:mute', async ({ id }) => {
    const host = await asHost();
    if (host.refusal) return host.refusal;
    const target = await other(host.roomId, host.hostId, id);
    if (!target) return nobody();
    if (!target.socketId) return refuse(ErrorCode.ParticipantAway, 'That participant is reconnecting.');
    io.to(target.socketId).emit('host:muted-you', {});
    return { ok: true };
  });

  on('host:remove', async ({ id }) => {
    const host = await asHost();
    if (host.refusal) return host.refusal;
    if (!(await other(host.roomId, host.hostId, id))) return nobody();
    const departure = await store.remove(host.roomId, id);
    if (!departure) return nobody();
    deps.grace.cancel(host.roomId, id);
    const { socketId } = departure.member;
    if (socketId) closeRemoved(io, socketId);
    await announceDeparture(deps, host.roomId, departure, socketId ?? undefined);
    await announceCount(deps, host.roomId);
    log.info({ room: host.roomId, participant: id }, 'removed by the host');
    return { ok: true };
  });

  on('host:transfer', async ({ id }) => {
    const host = await asHost();
    if (host.refusal) return host.refusal;
    if (!(await other(host.roomId, host.hostId, id))) return nobody();
    if (!(await store.setHost(host.roomId, id))) return nobody();
    io.to(host.roomId).emit('room:host', { hostId: id });
    log.info({ room: host.roomId, host: id }, 'host handed over');
    if ((await store.knocks(host.roomId)).length > 0) {
      await tellHost(deps, host.roomId);
      // The old host answers no more of them.
      socket.emit('knock:list', { knocks: [] });
    }
    return { ok: true };
  });

  on('host:lower-hand', async ({ id }) => {
    const host = await asHost();
    if (host.refusal) return host.refusal;
    const result = await store.setHand(host.roomId, id, false);
    if (!result) return nobody();
    if (result.changed) io.to(host.roomId).emit('room:hands', { hands: result.hands });
    return { ok: true };
  });

  on('hand:raise', async ({ raised }) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return notInRoom();
    const result = await store.setHand(roomId, participantId, raised);
    if (!result) return notInRoom();
    if (result.changed) io.to(roomId).emit('room:hands', { hands: result.hands });
    return { ok: true, hands: result.hands };
  });

  on('reaction:send', async ({ reaction }) => {
    // Sender and room from the server's record of this socket, never from the payload.
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return notInRoom();
    socket.to(roomId).emit('reaction', { from: participantId, reaction } satisfies ReactionRelay);
    metrics.relayed.inc({ kind: 'reaction' });
    return { ok: true };
  });
}
