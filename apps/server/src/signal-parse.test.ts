import {
  CANDIDATE_MAX_LENGTH,
  ID_MAX_LENGTH,
  parsePayload,
  parseSignalPayload,
  SDP_MAX_LENGTH,
  SignalPayloadSchema,
  signalDataLength,
} from '@moim/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The server checks `signal:send` with parseSignalPayload: a hand-written check of the common
// shapes, the schema for the rest. It must answer exactly as the schema does.
const bySchema = (input: unknown) => parsePayload(SignalPayloadSchema, input);

const candidate = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host',
  sdpMLineIndex: 0,
  sdpMid: '0',
};
const common = [
  { type: 'offer', sdp: 'v=0\r\n' },
  { type: 'answer', sdp: '' },
  { type: 'offer', sdp: 's'.repeat(SDP_MAX_LENGTH) },
  { type: 'candidate', candidate },
  { type: 'candidate', candidate: { candidate: '', sdpMid: null } },
  { type: 'candidate', candidate: { ...candidate, usernameFragment: 'abcd', sdpMLineIndex: null } },
  { type: 'candidate', candidate: { candidate: 'c'.repeat(CANDIDATE_MAX_LENGTH), sdpMLineIndex: 255 } },
];

describe('parseSignalPayload', () => {
  it.each(common)('takes %j as it came, as the schema would have it', (data) => {
    const payload = JSON.parse(JSON.stringify({ to: 'p'.repeat(ID_MAX_LENGTH), link: 'l', data }));
    const result = parseSignalPayload(payload);
    expect(result).toEqual(bySchema(payload));
    // The fast path: no copy made.
    expect(result.ok && result.value).toBe(payload);
  });

  it('answers the rarer shapes and every refusal as the schema does, message included', () => {
    for (const payload of [
      { to: 'p', link: 'l', data: { type: 'renegotiate', renegotiate: true } },
      { to: 'p', link: 'l', data: { type: 'transceiverRequest', transceiverRequest: { kind: 'video' } } },
      { to: 'p', link: 'l', data: { type: 'offer', sdp: 's'.repeat(SDP_MAX_LENGTH + 1) } },
      { to: 'p', link: 'l', data: { type: 'candidate', candidate: { candidate: 'c', sdpMLineIndex: -1 } } },
      { to: 'p', link: 'l', data: { type: 'candidate', candidate: { candidate: 'c', extra: 1 } } },
      { to: 'p', link: 'l', from: 'q', data: { type: 'offer', sdp: '' } },
      { to: '', link: 'l', data: { type: 'offer', sdp: '' } },
      Object.assign(Object.create(null), { to: 'p', link: 'l', data: { type: 'offer', sdp: '' } }),
      JSON.parse('{"to":"p","link":"l","data":{"type":"offer","sdp":"","__proto__":{}}}'),
      'offer',
      null,
    ]) {
      expect(parseSignalPayload(payload), JSON.stringify(payload)).toEqual(bySchema(payload));
    }
  });

  it('agrees with the schema on payloads near the common shapes', () => {
    const odd = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.integer({ min: -2, max: 300 }),
      fc.double(),
      fc.string({ maxLength: 80 }),
      fc.anything(),
    );
    // Strings short, or around their limit.
    const text = (min: number, max: number) =>
      fc.oneof(
        fc.string({ minLength: min, maxLength: 8 }),
        fc.string({ minLength: max - 1, maxLength: max + 1 }),
      );
    const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(arbitrary, fc.constant(null));
    const iceCandidate = fc.record(
      {
        candidate: text(0, CANDIDATE_MAX_LENGTH),
        sdpMLineIndex: nullable(fc.integer({ min: -1, max: 256 })),
        sdpMid: nullable(text(0, 64)),
        usernameFragment: nullable(text(0, 256)),
      },
      { requiredKeys: ['candidate'] },
    );
    const data = fc.oneof(
      fc.record({ type: fc.constant('candidate'), candidate: iceCandidate }),
      fc.record({ type: fc.constantFrom('offer', 'answer'), sdp: fc.string({ maxLength: 20 }) }),
    );
    const valid = fc.record({ to: text(1, ID_MAX_LENGTH), link: text(1, ID_MAX_LENGTH), data });
    // Then a key at some depth removed, replaced by something odd, or added.
    const keys = [
      'to',
      'link',
      'data',
      'type',
      'sdp',
      'candidate',
      'sdpMLineIndex',
      'sdpMid',
      'usernameFragment',
    ];
    const change = fc.record({
      depth: fc.nat(2),
      key: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 }), fc.constant('__proto__')),
      remove: fc.boolean(),
      value: odd,
    });
    const payload = fc.tuple(valid, fc.array(change, { maxLength: 2 })).map(([base, changes]) => {
      const copy = structuredClone(base) as Record<string, unknown>;
      for (const { depth, key, remove, value } of changes) {
        let target: unknown = copy;
        for (let i = 0; i < depth && typeof target === 'object' && target !== null; i++) {
          target = (target as Record<string, unknown>)[i === 0 ? 'data' : 'candidate'];
        }
        if (typeof target !== 'object' || target === null) continue;
        if (remove) delete (target as Record<string, unknown>)[key];
        else
          Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return copy;
    });
    let fast = 0;
    fc.assert(
      fc.property(payload, fc.boolean(), (generated, overTheWire) => {
        // As it arrives (JSON), and as generated (undefined and all).
        let input: unknown = generated;
        if (overTheWire) {
          const json = JSON.stringify(generated);
          if (json === undefined) return;
          input = JSON.parse(json);
        }
        const result = parseSignalPayload(input);
        expect(result).toEqual(bySchema(input));
        if (result.ok && result.value === input) fast++;
      }),
      { numRuns: 3000 },
    );
    // Enough of them took the fast path for the agreement to mean something.
    expect(fast).toBeGreaterThan(500);
  });
});

describe('signalDataLength', () => {
  it('is the length of the JSON the byte budgets count, for any JSON value', () => {
    for (const data of common) expect(signalDataLength(data as never)).toBe(JSON.stringify(data).length);
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('"', '\\', '\n', '\u2028', '\ud83d'),
    );
    const value = fc.letrec((tie) => ({
      any: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
        fc.dictionary(text, tie('any'), { maxKeys: 4 }),
        fc.array(tie('any'), { maxLength: 3 }),
      ),
    })).any;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), value), (data) => {
        const json = JSON.stringify(data);
        if (json === undefined) return;
        expect(signalDataLength(data as never)).toBe(json.length);
      }),
      { numRuns: 3000 },
    );
  });
});
