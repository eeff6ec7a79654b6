import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_MAX_LENGTH,
  CHAT_TEXT_MAX_LENGTH,
  NAME_MAX_LENGTH,
  ROOM_ID_MAX_LENGTH,
  SDP_MAX_LENGTH,
} from './limits.js';
import {
  ChatSendPayloadSchema,
  clientPayloadSchemas,
  isSignalData,
  JoinPayloadSchema,
  LeavePayloadSchema,
  ParticipantUpdatePayloadSchema,
  parsePayload,
  RoomPeekPayloadSchema,
  SignalPayloadSchema,
} from './schemas.js';

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

describe('every client event has a schema', () => {
  it('covers the six client events', () => {
    expect(Object.keys(clientPayloadSchemas).sort()).toEqual([
      'chat:send',
      'participant:update',
      'room:join',
      'room:leave',
      'room:peek',
      'signal:send',
    ]);
  });
});

describe('room:peek', () => {
  it.each(['a', 'team-standup', '0-9', 'x'.repeat(ROOM_ID_MAX_LENGTH)])('accepts room id %s', (roomId) => {
    expect(parsePayload(RoomPeekPayloadSchema, { roomId }).ok).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['upper case', 'Team'],
    ['a space', 'team standup'],
    ['a slash', 'team/standup'],
    ['an underscore', 'team_standup'],
    ['non-ASCII', 'café'],
    ['too long', 'x'.repeat(ROOM_ID_MAX_LENGTH + 1)],
    ['a number', 42],
  ])('refuses a room id with %s', (_, roomId) => {
    expect(parsePayload(RoomPeekPayloadSchema, { roomId }).ok).toBe(false);
  });

  it('refuses a missing room id', () => {
    expect(parsePayload(RoomPeekPayloadSchema, {})).toEqual({
      ok: false,
      message: expect.stringMatching(/roomId/),
    });
  });
});

describe('room:join', () => {
  it('accepts a join and trims and normalises the name', () => {
    const decomposed = 'Jose\u0301'; // "José" as e + combining accent
    const result = parsePayload(JoinPayloadSchema, { ...join, name: `  ${decomposed}  ` });
    expect(result).toEqual({ ok: true, value: { ...join, name: 'Jos\u00e9' } });
  });

  it('accepts a resume of an earlier identity', () => {
    expect(parsePayload(JoinPayloadSchema, { ...join, resume: { id, token: 't'.repeat(32) } }).ok).toBe(true);
  });

  it('counts the name after trimming', () => {
    const name = `   ${'n'.repeat(NAME_MAX_LENGTH)}   `;
    expect(parsePayload(JoinPayloadSchema, { ...join, name }).ok).toBe(true);
  });

  it.each([
    ['a name that is only spaces', { ...join, name: '   ' }],
    ['a name that is too long', { ...join, name: 'n'.repeat(NAME_MAX_LENGTH + 1) }],
    ['a name of the wrong type', { ...join, name: 7 }],
    ['audio of the wrong type', { ...join, audio: 'yes' }],
    ['a missing video flag', { roomId: 'room', name: 'Alice', audio: true }],
    ['a bad room id', { ...join, roomId: 'Room!' }],
    ['an unknown key', { ...join, admin: true }],
    ['a resume id that is not a UUID', { ...join, resume: { id: 'alice', token: 't'.repeat(32) } }],
    ['a resume token that is too short', { ...join, resume: { id, token: 'short' } }],
    ['no object at all', 'join'],
    ['null', null],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(JoinPayloadSchema, payload).ok).toBe(false);
  });
});

describe('room:leave', () => {
  it('accepts an empty object and nothing else', () => {
    expect(parsePayload(LeavePayloadSchema, {}).ok).toBe(true);
    expect(parsePayload(LeavePayloadSchema, { roomId: 'room' }).ok).toBe(false);
    expect(parsePayload(LeavePayloadSchema, undefined).ok).toBe(false);
  });
});

describe('participant:update', () => {
  it.each([{ audio: false }, { video: true }, { name: ' Bob ' }, { name: 'Bob', audio: true, video: true }])(
    'accepts %j',
    (payload) => {
      expect(parsePayload(ParticipantUpdatePayloadSchema, payload).ok).toBe(true);
    },
  );

  it.each([
    ['no change at all', {}],
    ['an empty name', { name: '' }],
    ['a long name', { name: 'n'.repeat(NAME_MAX_LENGTH + 1) }],
    ['audio of the wrong type', { audio: 1 }],
    ['an id, which is the server’s to know', { id: 'someone', audio: false }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(ParticipantUpdatePayloadSchema, payload).ok).toBe(false);
  });
});

describe('signal:send', () => {
  it.each([
    ['an offer', offer],
    ['an answer', { type: 'answer', sdp: 'v=0\r\n' }],
    ['a candidate', candidate],
    ['an end-of-candidates candidate', { type: 'candidate', candidate: { candidate: '', sdpMid: null } }],
    ['a renegotiation request', { type: 'renegotiate', renegotiate: true }],
    [
      'a transceiver request',
      { type: 'transceiverRequest', transceiverRequest: { kind: 'video', init: {} } },
    ],
  ])('accepts %s', (_, data) => {
    expect(parsePayload(SignalPayloadSchema, { to: 'participant-1', link: 'link-1', data }).ok).toBe(true);
    expect(isSignalData(data)).toBe(true);
  });

  it.each([
    ['an unknown signal type', { type: 'bye' }],
    ['an sdp that is too long', { type: 'offer', sdp: 's'.repeat(SDP_MAX_LENGTH + 1) }],
    ['an sdp of the wrong type', { type: 'offer', sdp: { evil: true } }],
    ['an empty candidate object', { type: 'candidate', candidate: {} }],
    [
      'a candidate line that is too long',
      { type: 'candidate', candidate: { candidate: 'c'.repeat(CANDIDATE_MAX_LENGTH + 1) } },
    ],
    ['a negative m-line index', { type: 'candidate', candidate: { candidate: 'c', sdpMLineIndex: -1 } }],
    ['extra keys', { ...offer, extra: 'x' }],
    [
      'a transceiver of an unknown kind',
      { type: 'transceiverRequest', transceiverRequest: { kind: 'data' } },
    ],
  ])('refuses %s', (_, data) => {
    expect(parsePayload(SignalPayloadSchema, { to: 'participant-1', link: 'link-1', data }).ok).toBe(false);
    expect(isSignalData(data)).toBe(false);
  });

  it.each([
    ['a missing recipient', { link: 'l', data: offer }],
    ['an empty recipient', { to: '', link: 'l', data: offer }],
    ['a recipient of the wrong type', { to: 12, link: 'l', data: offer }],
    ['a missing link', { to: 'p', data: offer }],
    ['a link that is too long', { to: 'p', link: 'l'.repeat(65), data: offer }],
    ['a sender, which is the server’s to set', { to: 'p', link: 'l', from: 'q', data: offer }],
    ['a room, which is the server’s to know', { to: 'p', link: 'l', roomId: 'other', data: offer }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(SignalPayloadSchema, payload).ok).toBe(false);
  });
});

describe('chat:send', () => {
  it('accepts text up to the limit, as typed, with the id its sender made', () => {
    expect(parsePayload(ChatSendPayloadSchema, { id, text: ' hi ' })).toEqual({
      ok: true,
      value: { id, text: ' hi ' },
    });
    expect(parsePayload(ChatSendPayloadSchema, { id, text: 'x'.repeat(CHAT_TEXT_MAX_LENGTH) }).ok).toBe(true);
  });

  it.each([
    ['empty text', { id, text: '' }],
    ['whitespace only', { id, text: ' \n\t ' }],
    ['text that is too long', { id, text: 'x'.repeat(CHAT_TEXT_MAX_LENGTH + 1) }],
    ['text of the wrong type', { id, text: ['hi'] }],
    ['a missing text', { id }],
    ['a missing id', { text: 'hi' }],
    ['an id that is not a UUID', { id: 'message-1', text: 'hi' }],
    ['a sender name', { id, text: 'hi', name: 'Admin' }],
  ])('refuses %s', (_, payload) => {
    expect(parsePayload(ChatSendPayloadSchema, payload).ok).toBe(false);
  });
});

describe('parsePayload', () => {
  it('names the offending field in its message', () => {
    const result = parsePayload(JoinPayloadSchema, { ...join, name: '' });
    expect(result).toEqual({ ok: false, message: 'name: name is empty' });
  });
});
