import { ErrorCode, type SignalRelay } from '@moim/protocol';
import { type createDispatcher, refuse, type SeatKey } from '../dispatch.js';
import { after } from '../maybe.js';
import type { Deps, MoimSocket } from '../signaling.js';

/**
 * Signals go to one named participant of the sender's own room. Their bytes count twice:
 * against the sender, and against the receiver, so neither one flooder nor several together
 * can bury a participant in session descriptions. The hot path of the server: with the
 * in-memory store and budgets every step answers at once, so a signal is relayed in the
 * event that brought it, with no promise made (Redis: each step waits, in the same order).
 */
export function signalHandlers(
  socket: MoimSocket,
  deps: Deps,
  on: ReturnType<typeof createDispatcher>['on'],
  seatKey: SeatKey,
) {
  const { io, store, limits, metrics } = deps;

  on('signal:send', ({ to, link, data }) => {
    const { roomId, participantId } = socket.data;
    if (!roomId || !participantId) return refuse(ErrorCode.NotInRoom, 'Join a room first.');
    if (to === participantId) {
      return refuse(ErrorCode.UnknownParticipant, 'Nobody with that id is in your room.');
    }
    return after(store.find(roomId, to), (target) => {
      if (!target) {
        return refuse(ErrorCode.UnknownParticipant, 'Nobody with that id is in your room.');
      }
      const socketId = target.socketId;
      if (!socketId) {
        return refuse(ErrorCode.ParticipantAway, 'That participant is reconnecting.');
      }
      const bytes = JSON.stringify(data).length;
      return after(limits.allow('signal_bytes_sent', seatKey(roomId, participantId), bytes), (sent) => {
        if (!sent) {
          metrics.rateLimited.inc({ kind: 'signal_bytes_sent' });
          return refuse(ErrorCode.RateLimited, 'Too much signaling data: slow down and try again shortly.');
        }
        return after(limits.allow('signal_bytes_received', seatKey(roomId, to), bytes), (received) => {
          if (!received) {
            metrics.rateLimited.inc({ kind: 'signal_bytes_received' });
            return refuse(ErrorCode.RateLimited, 'That participant is receiving too much signaling data.');
          }
          const relay: SignalRelay = { from: participantId, link, data };
          // Most receivers are on this instance: written to at once, without the adapter's
          // broadcast (which, with Redis, would publish every signal to every instance).
          const local = io.sockets.sockets.get(socketId);
          if (local) local.emit('signal:receive', relay);
          else io.to(socketId).emit('signal:receive', relay);
          metrics.signalRelayed();
          return { ok: true as const };
        });
      });
    });
  });
}
