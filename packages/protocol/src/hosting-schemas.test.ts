import { describe, expect, it } from 'vitest';
import { ID_MAX_LENGTH } from './limits.js';
import {
  HandRaisePayloadSchema,
  HostLockPayloadSchema,
  HostTargetPayloadSchema,
  KnockCancelPayloadSchema,
  parsePayload,
  REACTIONS,
  ReactionSendPayloadSchema,
} from './schemas.js';

const id = '0b7c5f2e-6a51-4c1e-9f3a-2d4e8b9c1a77';

describe('host actions on one person', () => {
  it('take an id', () => {
    expect(parsePayload(HostTargetPayloadSchema, { id })).toEqual({ ok: true, value: { id } });
  });

  it.each([
    [{}, 'id'],
    [{ id: '' }, 'id: participant id is empty'],
    [{ id: 'x'.repeat(ID_MAX_LENGTH + 1) }, 'id: participant id is too long'],
    [{ id: 42 }, 'id: participant id must be a string'],
    [{ id, roomId: 'elsewhere' }, 'roomId'],
  ])('refuse %j', (payload, message) => {
    const result = parsePayload(HostTargetPayloadSchema, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('host:lock and hand:raise', () => {
  it.each([true, false])('take %s', (flag) => {
    expect(parsePayload(HostLockPayloadSchema, { locked: flag })).toEqual({
      ok: true,
      value: { locked: flag },
    });
    expect(parsePayload(HandRaisePayloadSchema, { raised: flag })).toEqual({
      ok: true,
      value: { raised: flag },
    });
  });

  it.each([{}, { locked: 'true' }, { locked: 1 }, { locked: true, id }])('lock refuses %j', (payload) => {
    expect(parsePayload(HostLockPayloadSchema, payload).ok).toBe(false);
  });

  it.each([{}, { raised: 'yes' }, { raised: true, id }])(
    'hand refuses %j (only one’s own hand)',
    (payload) => {
      expect(parsePayload(HandRaisePayloadSchema, payload).ok).toBe(false);
    },
  );
});

describe('knock:cancel', () => {
  it('takes nothing, and refuses a knock id or anything else', () => {
    expect(parsePayload(KnockCancelPayloadSchema, {})).toEqual({ ok: true, value: {} });
    expect(parsePayload(KnockCancelPayloadSchema, { id }).ok).toBe(false);
  });
});

describe('reaction:send', () => {
  it.each(REACTIONS)('takes %s', (reaction) => {
    expect(parsePayload(ReactionSendPayloadSchema, { reaction })).toEqual({ ok: true, value: { reaction } });
  });

  it.each(['Thumbs up', 'THUMBS-UP', 'poop', '', 'heart ', '<img src=x>'])('refuses %j', (reaction) => {
    const result = parsePayload(ReactionSendPayloadSchema, { reaction });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('reaction must be one of') });
  });

  it('refuses a sender named in the payload', () => {
    expect(parsePayload(ReactionSendPayloadSchema, { reaction: 'clap', from: id }).ok).toBe(false);
  });
});
