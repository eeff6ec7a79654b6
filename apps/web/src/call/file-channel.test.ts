// @vitest-environment node
// (Node's Blob, Web Crypto and MessageEvent: what a browser has.)
import type { FileOffer } from '@moim/protocol';
import { describe, expect, it } from 'vitest';
import { channelPair, type FakeChannel } from '../test/fake-channel';
import {
  BUFFER_HIGH_BYTES,
  CHUNK_BYTES,
  type ReceiveOutcome,
  receiveFile,
  sendFile,
  sha256Hex,
} from './file-channel';

function randomBytes(size: number) {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return bytes;
}

async function fileOf(size: number) {
  const bytes = randomBytes(size);
  const offer: FileOffer = {
    id: crypto.randomUUID(),
    name: 'data.bin',
    size,
    type: 'application/octet-stream',
    sha256: await sha256Hex(bytes),
  };
  return { bytes, blob: new Blob([bytes]), offer };
}

/** Starts both ends of one transfer; progress as each side reported it. */
function transfer(blob: Blob, offer: FileOffer, { auto = true, room = true } = {}) {
  const [out, into] = channelPair({ auto });
  const sender = new AbortController();
  const receiver = new AbortController();
  const progress = { sent: [] as number[], received: [] as number[] };
  const received = receiveFile(into, {
    reserve: () => room,
    signal: receiver.signal,
    onProgress: (bytes) => progress.received.push(bytes),
  });
  const sent = sendFile(out, blob, offer, {
    signal: sender.signal,
    onProgress: (bytes) => progress.sent.push(bytes),
  });
  out.open();
  return { out, into, sent, received, progress, sender, receiver };
}

/** Byte for byte (vitest's deep equality is far too slow for megabytes). */
const sameBytes = (outcome: ReceiveOutcome, bytes: Uint8Array) =>
  outcome.done && Buffer.from(outcome.bytes).equals(Buffer.from(bytes));

/** Whether `promise` has settled, after letting pending callbacks run. */
async function settled(promise: Promise<unknown>) {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

const binary = (channel: FakeChannel) => channel.sent.filter((m): m is ArrayBuffer => typeof m !== 'string');

describe('a file over a data channel', { timeout: 30_000 }, () => {
  it('goes in 16 KB chunks after its announcement and arrives whole, hash checked, with progress', async () => {
    const size = 5 * CHUNK_BYTES + 123;
    const { bytes, blob, offer } = await fileOf(size);
    const { out, sent, received, progress } = transfer(blob, offer);
    expect(await sent).toEqual({ done: true });
    const outcome = await received;
    expect(outcome).toMatchObject({ done: true, offer });
    expect(sameBytes(outcome, bytes)).toBe(true);
    expect(JSON.parse(out.sent[0] as string)).toEqual({ t: 'offer', file: offer });
    const chunks = binary(out);
    expect(chunks.map((c) => c.byteLength)).toEqual([...Array(5).fill(CHUNK_BYTES), 123]);
    expect(progress.received.at(-1)).toBe(size);
    expect(progress.sent.at(-1)).toBe(size);
    expect(progress.received).toEqual([...progress.received].sort((a, b) => a - b));
  });

  it('sends an empty file as just its announcement', async () => {
    const { blob, offer } = await fileOf(0);
    const { sent, received } = transfer(blob, offer);
    expect(await sent).toEqual({ done: true });
    expect(await received).toMatchObject({ done: true, bytes: new Uint8Array(0) });
  });

  it('fails on both sides when the bytes do not match the announced hash', async () => {
    const { blob, offer } = await fileOf(3 * CHUNK_BYTES);
    const lie = { ...offer, sha256: await sha256Hex(new Uint8Array(1)) };
    const { sent, received } = transfer(blob, lie);
    expect(await received).toMatchObject({ done: false, failure: 'hash-mismatch' });
    expect(await sent).toEqual({ done: false, failure: 'hash-mismatch' });
  });

  it('never lets more than a few MB wait in the channel: it waits for bufferedamountlow', async () => {
    const { bytes, blob, offer } = await fileOf(6 * 1024 * 1024);
    const { out, sent, received } = transfer(blob, offer, { auto: false });
    // Nothing drains: the sender fills the buffer to its mark and stops there.
    await expect.poll(() => out.bufferedAmount).toBeGreaterThan(BUFFER_HIGH_BYTES);
    const queued = out.sent.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(out.sent.length).toBe(queued);
    // The network drains half a megabyte at a time; the sender refills, never past its mark.
    while (!(await settled(sent))) {
      out.deliver(512 * 1024);
      out.other?.deliver();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(await sent).toEqual({ done: true });
    expect(sameBytes(await received, bytes)).toBe(true);
    expect(out.maxBuffered).toBeLessThanOrEqual(BUFFER_HIGH_BYTES + CHUNK_BYTES);
    expect(out.bufferedAmountLowThreshold).toBeGreaterThan(0);
  });

  it('stops on both sides when the sender cancels, and the receiver is told', async () => {
    const { blob, offer } = await fileOf(4 * 1024 * 1024);
    const { out, sent, received, progress, sender } = transfer(blob, offer, { auto: false });
    await expect.poll(() => out.bufferedAmount).toBeGreaterThan(BUFFER_HIGH_BYTES);
    out.deliver(1024 * 1024);
    expect(progress.received.length).toBeGreaterThan(0);
    sender.abort();
    expect(await sent).toEqual({ done: false, failure: 'cancelled' });
    expect(await received).toMatchObject({ done: false, failure: 'cancelled-by-peer', offer });
    expect(out.readyState).toBe('closed');
  });

  it('stops on both sides when the receiver cancels, and the sender is told', async () => {
    const { blob, offer } = await fileOf(4 * 1024 * 1024);
    const { out, into, sent, received, progress, receiver } = transfer(blob, offer, { auto: false });
    await expect.poll(() => out.bufferedAmount).toBeGreaterThan(BUFFER_HIGH_BYTES);
    out.deliver(1024 * 1024);
    expect(progress.received.length).toBeGreaterThan(0);
    receiver.abort();
    expect(await received).toMatchObject({ done: false, failure: 'cancelled' });
    into.deliver();
    expect(await sent).toEqual({ done: false, failure: 'cancelled-by-peer' });
    const total = binary(out).reduce((sum, chunk) => sum + chunk.byteLength, 0);
    expect(total).toBeLessThan(offer.size);
  });

  it('fails as link-lost on both sides when the connection goes mid-transfer', async () => {
    const { blob, offer } = await fileOf(4 * 1024 * 1024);
    const { out, sent, received, progress } = transfer(blob, offer, { auto: false });
    await expect.poll(() => out.bufferedAmount).toBeGreaterThan(BUFFER_HIGH_BYTES);
    out.deliver(1024 * 1024);
    expect(progress.received.length).toBeGreaterThan(0);
    out.drop();
    expect(await sent).toEqual({ done: false, failure: 'link-lost' });
    expect(await received).toMatchObject({ done: false, failure: 'link-lost' });
  });

  it('is refused when the receiver has no room for it, and nothing more is sent', async () => {
    const { blob, offer } = await fileOf(4 * 1024 * 1024);
    const { out, sent, received } = transfer(blob, offer, { room: false });
    expect(await received).toMatchObject({ done: false, failure: 'too-large' });
    expect(await sent).toEqual({ done: false, failure: 'too-large' });
    expect(binary(out).length * CHUNK_BYTES).toBeLessThan(offer.size);
  });

  it('refuses bytes before the announcement, and more bytes than announced', async () => {
    const [out, into] = channelPair();
    const early = receiveFile(into, { reserve: () => true });
    out.open();
    out.send(new ArrayBuffer(10));
    expect(await early).toMatchObject({ done: false, failure: 'protocol' });

    const [out2, into2] = channelPair();
    const { offer } = await fileOf(10);
    const over = receiveFile(into2, { reserve: () => true });
    out2.open();
    out2.send(JSON.stringify({ t: 'offer', file: offer }));
    out2.send(new ArrayBuffer(11));
    expect(await over).toMatchObject({ done: false, failure: 'protocol' });
  });
});
