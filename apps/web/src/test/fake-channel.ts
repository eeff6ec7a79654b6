import type { FileChannel } from '../call/file-channel';

const sizeOf = (data: string | ArrayBuffer) => (typeof data === 'string' ? data.length : data.byteLength);

/**
 * One end of a pair of fake data channels (see `channelPair`). What is sent waits in
 * `bufferedAmount` until delivered: on the next task when `auto`, else when the test calls
 * `deliver`, so a test decides how fast the "network" drains. `bufferedamountlow` fires as
 * in a browser, when the buffer drains from above the threshold to it or below.
 */
export class FakeChannel implements FileChannel {
  readyState: RTCDataChannelState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onbufferedamountlow: ((event: Event) => void) | null = null;
  other: FakeChannel | null = null;
  /** Every message sent, in order (what the other end receives). */
  readonly sent: (string | ArrayBuffer)[] = [];
  /** The largest `bufferedAmount` seen. */
  maxBuffered = 0;
  auto: boolean;
  /** Bytes delivered per task when `auto`: a slow network. */
  perTask = Number.POSITIVE_INFINITY;
  /** How long each task waits when `auto`. */
  delayMs = 0;
  #waiting: (string | ArrayBuffer)[] = [];
  #scheduled = false;

  constructor(auto = true) {
    this.auto = auto;
  }

  send(data: string | ArrayBuffer) {
    if (this.readyState !== 'open') throw new DOMException('not open', 'InvalidStateError');
    this.sent.push(data);
    this.#waiting.push(data);
    this.bufferedAmount += sizeOf(data);
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount);
    this.#schedule();
  }

  #schedule() {
    if (!this.auto || this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => {
      this.#scheduled = false;
      this.deliver(this.perTask);
      if (this.#waiting.length > 0) this.#schedule();
    }, this.delayMs);
  }

  /** Hands up to `bytes` of what waits to the other end. */
  deliver(bytes = Number.POSITIVE_INFINITY) {
    let budget = bytes;
    while (this.#waiting.length > 0 && budget > 0 && this.readyState === 'open') {
      const data = this.#waiting.shift() as string | ArrayBuffer;
      budget -= sizeOf(data);
      const before = this.bufferedAmount;
      this.bufferedAmount -= sizeOf(data);
      this.other?.onmessage?.(new MessageEvent('message', { data }));
      if (
        before > this.bufferedAmountLowThreshold &&
        this.bufferedAmount <= this.bufferedAmountLowThreshold
      ) {
        this.onbufferedamountlow?.(new Event('bufferedamountlow'));
      }
    }
  }

  /** Closes both ends, as RTCDataChannel does: what was queued is delivered first. */
  close() {
    if (this.readyState === 'closed' || this.readyState === 'closing') return;
    this.deliver();
    this.drop();
  }

  /** The connection is gone: both ends close, nothing queued arrives. */
  drop() {
    for (const end of [this, this.other]) {
      if (!end || end.readyState === 'closed') continue;
      end.readyState = 'closed';
      end.#waiting = [];
      setTimeout(() => end.onclose?.(new Event('close')), 0);
    }
  }

  /** Opens both ends. */
  open() {
    for (const end of [this, this.other]) {
      if (!end) continue;
      end.readyState = 'open';
      end.onopen?.(new Event('open'));
    }
  }
}

/** Two connected ends: what one sends, the other receives. */
export function channelPair({
  auto = true,
  perTask = Number.POSITIVE_INFINITY,
  delayMs = 0,
} = {}): [FakeChannel, FakeChannel] {
  const a = new FakeChannel(auto);
  const b = new FakeChannel(auto);
  for (const end of [a, b]) Object.assign(end, { perTask, delayMs });
  a.other = b;
  b.other = a;
  return [a, b];
}
