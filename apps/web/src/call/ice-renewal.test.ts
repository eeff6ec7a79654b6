import { type Ack, ErrorCode, type IceConfig } from '@moim/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ICE_RETRY_MS, IceRenewal, renewalDelay } from './ice-renewal';

const HOUR = 3600_000;
const MINUTE = 60_000;

const fresh = (n: number, iceExpiresInMs: number | null = 4 * HOUR): Ack<IceConfig> => ({
  ok: true,
  iceServers: [{ urls: ['turn:turn.example.org'], username: `${n}:me`, credential: `c${n}` }],
  iceTransportPolicy: 'relay',
  iceExpiresInMs,
});
const refused = (code: ErrorCode): Ack<IceConfig> => ({ ok: false, error: { code, message: '' } });

/** A renewal whose server answers with `answers` in turn, recording what it asked and applied. */
function renewal(answers: (Ack<IceConfig> | Promise<Ack<IceConfig>>)[]) {
  const applied: IceConfig[] = [];
  const refresh = vi.fn(() => {
    // Past the planned answers, the server never answers.
    const next = answers.shift();
    return next ? Promise.resolve(next) : new Promise<Ack<IceConfig>>(() => {});
  });
  const subject = new IceRenewal({ refresh, apply: (config) => applied.push(config) });
  return { subject, refresh, applied };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('renewalDelay', () => {
  it('renews at three quarters of the lifetime, and a minute before the end at the latest', () => {
    expect(renewalDelay(4 * HOUR)).toBe(3 * HOUR);
    expect(renewalDelay(2 * MINUTE)).toBe(MINUTE);
    expect(renewalDelay(30_000)).toBe(0);
  });
});

describe('IceRenewal', () => {
  it('asks for fresh credentials before the ones from the join expire, and uses them', async () => {
    const { subject, refresh, applied } = renewal([fresh(1)]);
    subject.schedule(4 * HOUR);
    await vi.advanceTimersByTimeAsync(3 * HOUR - 1);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(applied.map((config) => config.iceServers[0]?.username)).toEqual(['1:me']);
    expect(applied[0]?.iceTransportPolicy).toBe('relay');
  });

  it('renews again before the renewed ones expire, through a call of many hours', async () => {
    const { subject, refresh, applied } = renewal([fresh(1), fresh(2), fresh(3, HOUR)]);
    subject.schedule(4 * HOUR);
    await vi.advanceTimersByTimeAsync(9 * HOUR);
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(applied.map((config) => config.iceServers[0]?.username)).toEqual(['1:me', '2:me', '3:me']);
    // The last answer lasts an hour: the next renewal comes 45 minutes after it.
    await vi.advanceTimersByTimeAsync(45 * MINUTE - 1);
    expect(refresh).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(4);
  });

  it('tries again shortly after no answer or a rate limit, keeping the old settings meanwhile', async () => {
    const { subject, refresh, applied } = renewal([
      refused(ErrorCode.NoAnswer),
      refused(ErrorCode.RateLimited),
      fresh(1),
    ]);
    subject.schedule(4 * HOUR);
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(applied).toEqual([]);
    await vi.advanceTimersByTimeAsync(ICE_RETRY_MS);
    expect(refresh).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(ICE_RETRY_MS);
    expect(refresh).toHaveBeenCalledTimes(3);
    expect(applied).toHaveLength(1);
  });

  it('stops when the server says there is no seat, and when never-expiring settings come', async () => {
    const notSeated = renewal([refused(ErrorCode.NotInRoom)]);
    notSeated.subject.schedule(HOUR);
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(notSeated.refresh).toHaveBeenCalledTimes(1);

    const forever = renewal([]);
    forever.subject.schedule(null);
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    expect(forever.refresh).not.toHaveBeenCalled();
  });

  it('does nothing after stop, and ignores the answer to a request made before it', async () => {
    const stopped = renewal([]);
    stopped.subject.schedule(HOUR);
    stopped.subject.stop();
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(stopped.refresh).not.toHaveBeenCalled();

    let answer: (value: Ack<IceConfig>) => void = () => {};
    const late = renewal([new Promise((resolve) => (answer = resolve))]);
    late.subject.schedule(4 * HOUR);
    await vi.advanceTimersByTimeAsync(3 * HOUR);
    expect(late.refresh).toHaveBeenCalledTimes(1);
    // Hung up (or rejoined, which schedules anew) while the request was in flight.
    late.subject.stop();
    answer(fresh(1));
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(late.applied).toEqual([]);
    expect(late.refresh).toHaveBeenCalledTimes(1);
  });
});
