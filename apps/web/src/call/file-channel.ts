import { type FileOffer, FileOfferSchema } from '@moim/protocol';
import * as v from 'valibot';

/*
 * One file over one data channel of its own, between two browsers. The sender says what
 * comes (the file's announcement, as a JSON text message), then sends the bytes in binary
 * chunks, in order; the receiver counts them into one buffer, checks the SHA-256 of the
 * whole, and answers `done` or why not. Either side may cancel with a text message. The
 * channel is ordered and reliable, so no chunk needs a number.
 */

/** The chunk size that works between Chromium and Firefox (larger ones fail in some pairs). */
export const CHUNK_BYTES = 16 * 1024;
/** The sender stops queueing when this much waits in the channel's buffer... */
export const BUFFER_HIGH_BYTES = 2 * 1024 * 1024;
/** ...and goes on once the buffer has drained to this (`bufferedAmountLowThreshold`). */
export const BUFFER_LOW_BYTES = 512 * 1024;
/** The sender reads the file this much at a time, not all at once. */
const READ_BYTES = 1024 * 1024;

/** Why a transfer did not finish: codes, worded by the UI. */
export type TransferFailure =
  /** We cancelled it. */
  | 'cancelled'
  /** The other side cancelled it. */
  | 'cancelled-by-peer'
  /** The other person left the call. */
  | 'peer-left'
  /** The connection to them dropped (or the channel closed) before the end. */
  | 'link-lost'
  /** The bytes that arrived are not the file that was announced. */
  | 'hash-mismatch'
  /** The receiver has no room left for it (RECEIVED_FILES_MAX_BYTES). */
  | 'too-large'
  /** The sender could not read the file from disk. */
  | 'unreadable'
  /** The other side sent something this protocol does not know. */
  | 'protocol';

export type SendOutcome = { done: true } | { done: false; failure: TransferFailure };
export type ReceiveOutcome =
  | { done: true; offer: FileOffer; bytes: Uint8Array<ArrayBuffer> }
  | { done: false; failure: TransferFailure; offer: FileOffer | null };

/** The part of RTCDataChannel a transfer uses: tests hand in a fake. */
export interface FileChannel {
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onbufferedamountlow: ((event: Event) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(): void;
}

const ControlSchema = v.variant('t', [
  v.strictObject({ t: v.literal('offer'), file: FileOfferSchema }),
  v.strictObject({ t: v.literal('done') }),
  v.strictObject({ t: v.literal('cancel') }),
  v.strictObject({ t: v.literal('failed'), reason: v.picklist(['hash-mismatch', 'too-large', 'protocol']) }),
]);
type Control = v.InferOutput<typeof ControlSchema>;

function parseControl(text: string): Control | null {
  try {
    const parsed = v.safeParse(ControlSchema, JSON.parse(text));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

function say(channel: FileChannel, control: Control) {
  try {
    if (channel.readyState === 'open') channel.send(JSON.stringify(control));
  } catch {
    // Closing under us: the other side learns from the close.
  }
}

/**
 * Whether an abort is a cancel the other side should hear of. Aborted for another reason
 * (the call is over, the person left, the link dropped), the channel just closes: the other
 * side sees the link go, not a person cancelling.
 */
const QUIET = new Set<unknown>(['leaving', 'peer-left', 'link-lost']);
const tells = (signal: AbortSignal | undefined) => !QUIET.has(signal?.reason);

function detach(channel: FileChannel) {
  channel.onopen = null;
  channel.onclose = null;
  channel.onmessage = null;
  channel.onbufferedamountlow = null;
}

/** The SHA-256 of `data`, in lower-case hex (Web Crypto). */
export async function sha256Hex(data: BufferSource): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface SendOptions {
  /** Aborting cancels the transfer: the channel closes, and the receiver is told (see `tells`). */
  signal?: AbortSignal;
  /** Bytes the channel has taken off our hands so far (sent minus still buffered). */
  onProgress?: (bytes: number) => void;
}

/**
 * Sends `file` as announced in `offer` and resolves once the receiver confirmed the hash,
 * or with why not. At most BUFFER_HIGH_BYTES wait in the channel's buffer at any time.
 *
 * @example
 * const outcome = await sendFile(pc.createDataChannel('moim:file:…'), file, offer, { onProgress });
 */
export function sendFile(
  channel: FileChannel,
  file: Blob,
  offer: FileOffer,
  { signal, onProgress }: SendOptions = {},
): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let finished = false;
    /** Resolves the wait for the buffer to drain (or for the end, which also wakes it). */
    let wake = () => {};
    const finish = (outcome: SendOutcome) => {
      if (finished) return;
      finished = true;
      detach(channel);
      signal?.removeEventListener('abort', onAbort);
      wake();
      channel.close();
      resolve(outcome);
    };
    const onAbort = () => {
      if (tells(signal)) say(channel, { t: 'cancel' });
      finish({ done: false, failure: 'cancelled' });
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);

    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = BUFFER_LOW_BYTES;
    channel.onclose = () => finish({ done: false, failure: 'link-lost' });
    channel.onbufferedamountlow = () => wake();
    channel.onmessage = ({ data }) => {
      const control = typeof data === 'string' ? parseControl(data) : null;
      if (control?.t === 'done') {
        onProgress?.(offer.size);
        finish({ done: true });
      } else if (control?.t === 'cancel') finish({ done: false, failure: 'cancelled-by-peer' });
      else if (control?.t === 'failed') finish({ done: false, failure: control.reason });
      else finish({ done: false, failure: 'protocol' });
    };

    const drained = () =>
      new Promise<void>((resolveWait) => {
        wake = resolveWait;
      });
    const pump = async () => {
      say(channel, { t: 'offer', file: offer });
      let sent = 0;
      while (sent < offer.size && !finished) {
        const block = await file.slice(sent, Math.min(sent + READ_BYTES, offer.size)).arrayBuffer();
        for (let at = 0; at < block.byteLength && !finished; at += CHUNK_BYTES) {
          while (channel.bufferedAmount > BUFFER_HIGH_BYTES && !finished) await drained();
          if (finished) return;
          channel.send(block.slice(at, at + CHUNK_BYTES));
          sent += Math.min(CHUNK_BYTES, block.byteLength - at);
          onProgress?.(Math.max(0, sent - channel.bufferedAmount));
        }
      }
      // Everything is queued: the receiver's answer ends it.
    };
    const start = () => {
      pump().catch(() => {
        if (finished) return;
        // A send on a channel that closed meanwhile throws: that is the link, not the file.
        const closed = channel.readyState === 'closing' || channel.readyState === 'closed';
        say(channel, { t: 'cancel' });
        finish({ done: false, failure: closed ? 'link-lost' : 'unreadable' });
      });
    };
    if (channel.readyState === 'open') start();
    else channel.onopen = start;
  });
}

export interface ReceiveOptions {
  /** Whether there is room to keep a file of this size; without, it is refused. */
  reserve(offer: FileOffer): boolean;
  /** The sender said what comes (the first message). */
  onOffer?: (offer: FileOffer) => void;
  onProgress?: (bytes: number) => void;
  /** Aborting cancels the transfer: the sender is told, the channel closed. */
  signal?: AbortSignal;
}

/**
 * Receives one file on `channel` and resolves with its bytes once their SHA-256 matches
 * what the sender announced, or with why not.
 *
 * @example
 * const outcome = await receiveFile(channel, { reserve: (offer) => offer.size < room });
 */
export function receiveFile(
  channel: FileChannel,
  { reserve, onOffer, onProgress, signal }: ReceiveOptions,
): Promise<ReceiveOutcome> {
  return new Promise((resolve) => {
    let offer: FileOffer | null = null;
    let bytes: Uint8Array<ArrayBuffer> | null = null;
    let received = 0;
    let finished = false;
    const finish = (outcome: ReceiveOutcome) => {
      if (finished) return;
      finished = true;
      detach(channel);
      signal?.removeEventListener('abort', onAbort);
      // The sender closes once it has our answer; closing here too is harmless.
      if (!outcome.done) channel.close();
      resolve(outcome);
    };
    const fail = (failure: TransferFailure, tell?: 'hash-mismatch' | 'too-large' | 'protocol') => {
      if (tell) say(channel, { t: 'failed', reason: tell });
      finish({ done: false, failure, offer });
    };
    const onAbort = () => {
      if (tells(signal)) say(channel, { t: 'cancel' });
      fail('cancelled');
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);

    const verify = async (all: Uint8Array<ArrayBuffer>, announced: FileOffer) => {
      const hash = await sha256Hex(all);
      if (finished) return;
      if (hash !== announced.sha256) return fail('hash-mismatch', 'hash-mismatch');
      say(channel, { t: 'done' });
      finish({ done: true, offer: announced, bytes: all });
    };

    channel.binaryType = 'arraybuffer';
    channel.onclose = () => fail('link-lost');
    channel.onmessage = ({ data }) => {
      if (finished) return;
      if (typeof data === 'string') {
        const control = parseControl(data);
        if (control?.t === 'cancel') return fail('cancelled-by-peer');
        if (control?.t !== 'offer' || offer) return fail('protocol', 'protocol');
        offer = control.file;
        if (!reserve(offer)) return fail('too-large', 'too-large');
        bytes = new Uint8Array(offer.size);
        onOffer?.(offer);
        if (offer.size === 0) void verify(bytes, offer);
        return;
      }
      const chunk = data instanceof ArrayBuffer ? new Uint8Array(data) : null;
      if (!offer || !bytes || !chunk || received + chunk.byteLength > offer.size) {
        return fail('protocol', 'protocol');
      }
      bytes.set(chunk, received);
      received += chunk.byteLength;
      onProgress?.(received);
      if (received === offer.size) void verify(bytes, offer);
    };
  });
}
