import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_MAX_LENGTH,
  ID_MAX_LENGTH,
  NAME_MAX_LENGTH,
  ROOM_ID_MAX_LENGTH,
  SDP_MAX_LENGTH,
} from './limits.js';
import {
  type ClientEventName,
  clientPayloadSchemas,
  IceRefreshPayloadSchema,
  isSignalData,
  JoinPayloadSchema,
  LeavePayloadSchema,
  ParticipantUpdatePayloadSchema,
  parsePayload,
  RoomPeekPayloadSchema,
  SignalPayloadSchema,
} from './schemas.js';

/** "é" as e + combining accent (two code units), and as the one code unit NFC makes of it. */
const decomposedE = 'e\u0301';
const composedE = '\u00e9';

const join = { roomId: 'team-standup', name: 'Alice', audio: true, video: false };
const id = '0b7c5f2e-6a51-4c1e-9f3a-2d4e8b9c1a77';
const offer = { type: 'offer', sdp: 'v=0\r\n' };
const candidate = {
  type: 'candidate',
  candidate: {
    candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
    sdpMLineIndex: 0,
    sdpMid: '0',
  },
};

// That every client event has a schema, and the schema's output is the event's payload, is
// checked at compile time (ClientEventsHaveSchemas in events.ts), not by a copy of the map.
describe('every client event schema', () => {
  const events = Object.keys(clientPayloadSchemas) as ClientEventName[];
  it.each(
    events.flatMap((event) =>
      [null, undefined, 'payload', 42, true, [{}]].map((payload) => [event, payload]),
    ),
  )('%s refuses a payload that is not an object: %j', (event, payload) => {
    expect(v.safeParse(clientPayloadSchemas[event as ClientEventName], payload).success).toBe(false);
  });
});

describe('room:peek', () => {
  it.each(['a', 'team-standup', '0-9', 'x'.repeat(ROOM_ID_MAX_LENGTH)])('accepts room id %s', (roomId) => {
    expect(parsePayload(RoomPeekPayloadSchema, { roomId })).toEqual({ ok: true, value: { roomId } });
  });

  it.each([
    ['Team', 'team'],
    ['회의실', '회의실'],
    ['\u1112\u116C\u110B\u1174\u1109\u1175\u11AF', '회의실'],
    ['CAFE\u0301', 'café'],
  ])('accepts room id %j as %j, canonical (NFC, lower case)', (roomId, canonical) => {
    expect(parsePayload(RoomPeekPayloadSchema, { roomId })).toEqual({
      ok: true,
      value: { roomId: canonical },
    });
  });

  it.each([
    ['empty', ''],
    ['mixed scripts', 'p\u0430ypal'],
    ['an invisible letter', '회\u3164의'],
    ['a zero-width joiner', 'team\u200Dstandup'],
    ['a space', 'team standup'],
    ['a slash', 'team/standup'],
    ['an underscore', 'team_standup'],
    ['punctuation', 'team!'],
    ['too long', 'x'.repeat(ROOM_ID_MAX_LENGTH + 1)],
    ['a number', 42],
    ['null', null],
  ])('refuses a room id with %s', (_, roomId) => {
    expect(parsePayload(RoomPeekPayloadSchema, { roomId }).ok).toBe(false);
  });

  it('refuses a missing room id', () => {
    expect(parsePayload(RoomPeekPayloadSchema, {})).toEqual({
      ok: false,
      message: expect.stringMatching(/roomId/),
    });
  });

  it('refuses an unknown key', () => {
    expect(parsePayload(RoomPeekPayloadSchema, { roomId: 'room', watch: true }).ok).toBe(false);
  });
});

describe('room:join', () => {
  it('accepts a join and trims and normalises the name', () => {
    const result = parsePayload(JoinPayloadSchema, { ...join, name: `  Jos${decomposedE}  ` });
    expect(result).toEqual({ ok: true, value: { ...join, name: `Jos${composedE}` } });
  });

  it('accepts a resume of an earlier identity', () => {
    expect(parsePayload(JoinPayloadSchema, { ...join, resume: { id, token: 't'.repeat(32) } }).ok).toBe(true);
  });

  it.each([
    ['after trimming', `   ${'n'.repeat(NAME_MAX_LENGTH)}   `, 'n'.repeat(NAME_MAX_LENGTH)],
    ['after NFC', decomposedE.repeat(NAME_MAX_LENGTH), composedE.repeat(NAME_MAX_LENGTH)],
  ])('counts the name %s', (_, name, expected) => {
    expect(parsePayload(JoinPayloadSchema, { ...join, name })).toEqual({
      ok: true,
      value: { ...join, name: expected },
    });
  });

  it.each([
    ['a name that is empty', { ...join, name: '' }],
    ['a name that is only spaces', { ...join, name: '   ' }],
    ['a name that is too long', { ...join, name: 'n'.repeat(NAME_MAX_LENGTH + 1) }],
    ['a name too long even trimmed', { ...join, name: ` ${'n'.repeat(NAME_MAX_LENGTH + 1)} ` }],
    ['a name of the wrong type', { ...join, name: 7 }],
    ['audio of the wrong type', { ...join, audio: 'yes' }],
    ['video of the wrong type', { ...join, video: 1 }],
    ['a missing video flag', { roomId: 'room', name: 'Alice', audio: true }],
    ['a missing name', { roomId: 'room', audio: true, video: true }],
    ['a missing room id', { name: 'Alice', audio: true, video: true }],
    ['a bad room id', { ...join, roomId: 'Room!' }],
    ['a room id that is too long', { ...join, roomId: 'x'.repeat(ROOM_ID_MAX_LENGTH + 1) }],
    ['an unknown key', { ...join, admin: true }],
    ['a resume id that is not a UUID', { ...join, resume: { id: 'alice', token: 't'.repeat(32) } }],
    ['a resume token that is too short', { ...join, resume: { id, token: 'short' } }],
    ['a resume with an unknown key', { ...join, resume: { id, token: 't'.repeat(32), admin: true } }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(JoinPayloadSchema, payload).ok).toBe(false);
  });
});

describe('room:leave', () => {
  it('accepts an empty object and nothing else', () => {
    expect(parsePayload(LeavePayloadSchema, {})).toEqual({ ok: true, value: {} });
    expect(parsePayload(LeavePayloadSchema, { roomId: 'room' }).ok).toBe(false);
  });
});

describe('ice:refresh', () => {
  it('accepts an empty object and nothing else: the server knows whose credentials', () => {
    expect(parsePayload(IceRefreshPayloadSchema, {})).toEqual({ ok: true, value: {} });
    expect(parsePayload(IceRefreshPayloadSchema, { id }).ok).toBe(false);
    expect(parsePayload(IceRefreshPayloadSchema, { roomId: 'room' }).ok).toBe(false);
    expect(parsePayload(IceRefreshPayloadSchema, null).ok).toBe(false);
  });
});

describe('participant:update', () => {
  it.each([
    [{ audio: false }, { audio: false }],
    [{ video: true }, { video: true }],
    [{ name: ` Jos${decomposedE} ` }, { name: `Jos${composedE}` }],
    [
      { name: 'Bob', audio: true, video: true },
      { name: 'Bob', audio: true, video: true },
    ],
  ])('accepts %j', (payload, value) => {
    expect(parsePayload(ParticipantUpdatePayloadSchema, payload)).toEqual({ ok: true, value });
  });

  it.each([
    ['no change at all', {}],
    ['an empty name', { name: '' }],
    ['a name that is only spaces', { name: '  ' }],
    ['a long name', { name: 'n'.repeat(NAME_MAX_LENGTH + 1) }],
    ['a name of the wrong type', { name: null }],
    ['audio of the wrong type', { audio: 1 }],
    ['video of the wrong type', { video: 'off' }],
    ['an id, which is the server’s to know', { id: 'someone', audio: false }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(ParticipantUpdatePayloadSchema, payload).ok).toBe(false);
  });
});

describe('signal:send', () => {
  it.each([
    ['an offer', offer],
    ['an answer', { type: 'answer', sdp: 'v=0\r\n' }],
    ['an offer as long as allowed', { type: 'offer', sdp: 's'.repeat(SDP_MAX_LENGTH) }],
    ['a candidate', candidate],
    ['an end-of-candidates candidate', { type: 'candidate', candidate: { candidate: '', sdpMid: null } }],
    ['a renegotiation request', { type: 'renegotiate', renegotiate: true }],
    [
      'a transceiver request',
      { type: 'transceiverRequest', transceiverRequest: { kind: 'video', init: {} } },
    ],
    [
      'a transceiver request with a direction',
      { type: 'transceiverRequest', transceiverRequest: { kind: 'audio', init: { direction: 'recvonly' } } },
    ],
  ])('accepts %s', (_, data) => {
    const payload = { to: 'participant-1', link: 'link-1', data };
    expect(parsePayload(SignalPayloadSchema, payload)).toEqual({ ok: true, value: payload });
    expect(isSignalData(data)).toBe(true);
  });

  it.each([
    ['an unknown signal type', { type: 'bye' }],
    ['no type', { sdp: 'v=0\r\n' }],
    ['an offer without sdp', { type: 'offer' }],
    ['an sdp that is too long', { type: 'offer', sdp: 's'.repeat(SDP_MAX_LENGTH + 1) }],
    ['an answer sdp that is too long', { type: 'answer', sdp: 's'.repeat(SDP_MAX_LENGTH + 1) }],
    ['an sdp of the wrong type', { type: 'offer', sdp: { evil: true } }],
    ['an empty candidate object', { type: 'candidate', candidate: {} }],
    [
      'a candidate line that is too long',
      { type: 'candidate', candidate: { candidate: 'c'.repeat(CANDIDATE_MAX_LENGTH + 1) } },
    ],
    ['a negative m-line index', { type: 'candidate', candidate: { candidate: 'c', sdpMLineIndex: -1 } }],
    ['a renegotiation that is not true', { type: 'renegotiate', renegotiate: false }],
    ['extra keys', { ...offer, extra: 'x' }],
    [
      'a transceiver of an unknown kind',
      { type: 'transceiverRequest', transceiverRequest: { kind: 'data' } },
    ],
    ['a string', 'offer'],
    ['null', null],
    ['an array', [offer]],
  ])('refuses %s', (_, data) => {
    expect(parsePayload(SignalPayloadSchema, { to: 'participant-1', link: 'link-1', data }).ok).toBe(false);
    expect(isSignalData(data)).toBe(false);
  });

  it.each([
    ['a missing recipient', { link: 'l', data: offer }],
    ['an empty recipient', { to: '', link: 'l', data: offer }],
    ['a recipient that is too long', { to: 'p'.repeat(ID_MAX_LENGTH + 1), link: 'l', data: offer }],
    ['a recipient of the wrong type', { to: 12, link: 'l', data: offer }],
    ['a missing link', { to: 'p', data: offer }],
    ['a link that is too long', { to: 'p', link: 'l'.repeat(ID_MAX_LENGTH + 1), data: offer }],
    ['missing data', { to: 'p', link: 'l' }],
    ['a sender, which is the server’s to set', { to: 'p', link: 'l', from: 'q', data: offer }],
    ['a room, which is the server’s to know', { to: 'p', link: 'l', roomId: 'other', data: offer }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(SignalPayloadSchema, payload).ok).toBe(false);
  });
});

describe('parsePayload', () => {
  it('names the offending field in its message', () => {
    const result = parsePayload(JoinPayloadSchema, { ...join, name: '' });
    expect(result).toEqual({ ok: false, message: 'name: name is empty' });
  });

  it('names nested fields with a dotted path', () => {
    const result = parsePayload(SignalPayloadSchema, {
      to: 'p',
      link: 'l',
      data: { type: 'offer', sdp: 's'.repeat(SDP_MAX_LENGTH + 1) },
    });
    expect(result).toEqual({ ok: false, message: 'data.sdp: sdp is too long' });
  });
});
