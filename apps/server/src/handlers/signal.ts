import { ErrorCode, type SignalRelay } from '@moim/protocol';
import { type createDispatcher, refuse } from '../dispatch.js';
import type { Deps, MoimSocket } from '../signaling.js';

/**
 * Signals go to one named participant of the sender's own room. Their bytes count twice:
 * against the sender, and against the receiver, so neither one flooder nor several together
 * can bury a participant in session descriptions.
 */
export function signalHandlers(
  socket: MoimSocket,
  deps: Deps,
  on: ReturnType<typeof createDispatcher>['on'],
) {
  const { io, store, limits, metrics } = deps;

  on('signal:send', async ({ to, link, data }) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    const target = to === participantId ? undefined : await store.get(roomId, to);
    if (!target) {
      return refuse(ErrorCode.UnknownParticipant, 'Nobody with that id is in your room.');
    }
    if (!target.socketId) {
      return refuse(ErrorCode.ParticipantAway, 'That participant is reconnecting.');
    }
    const bytes = JSON.stringify(data).length;
    if (!(await limits.allow('signal_bytes_sent', `p:${roomId}/${participantId}`, bytes))) {
      metrics.rateLimited.inc({ kind: 'signal_bytes_sent' });
      return refuse(ErrorCode.RateLimited, 'Too much signaling data: slow down and try again shortly.');
    }
    if (!(await limits.allow('signal_bytes_received', `p:${roomId}/${to}`, bytes))) {
      metrics.rateLimited.inc({ kind: 'signal_bytes_received' });
      return refuse(ErrorCode.RateLimited, 'That participant is receiving too much signaling data.');
    }
    io.to(target.socketId).emit('signal:receive', { from: participantId, link, data } satisfies SignalRelay);
    metrics.relayed.inc({ kind: 'signal' });
    return { ok: true };
  });
}
