import { describe, expect, it } from 'vitest';
import { encodePeerMessage, PEER_MESSAGE_MAX_LENGTH, parsePeerMessage } from './peer-messages.js';

describe('data-channel peer messages', () => {
  it('reads a view or a pause', () => {
    expect(parsePeerMessage('{"type":"view","view":"hidden"}')).toEqual({ type: 'view', view: 'hidden' });
    expect(parsePeerMessage('{"type":"view","view":"large"}')).toEqual({ type: 'view', view: 'large' });
    expect(parsePeerMessage(encodePeerMessage({ type: 'video', paused: 'poor-connection' }))).toEqual({
      type: 'video',
      paused: 'poor-connection',
    });
    expect(parsePeerMessage('{"type":"video","paused":null}')).toEqual({ type: 'video', paused: null });
  });

  it('reads whether the sender is speaking', () => {
    expect(parsePeerMessage(encodePeerMessage({ type: 'speaking', speaking: true }))).toEqual({
      type: 'speaking',
      speaking: true,
    });
    expect(parsePeerMessage('{"type":"speaking","speaking":false}')).toEqual({
      type: 'speaking',
      speaking: false,
    });
  });

  it('drops anything else', () => {
    for (const raw of [
      'not json',
      '{"type":"view","view":"huge"}',
      '{"type":"view"}',
      '{"type":"view","view":"small","extra":1}',
      '{"type":"video","paused":"tired"}',
      '{"type":"mute"}',
      '{"type":"speaking"}',
      '{"type":"speaking","speaking":1}',
      '{"type":"speaking","speaking":"yes"}',
      '{"type":"speaking","speaking":true,"level":0.9}',
      '"view"',
      'null',
      '[]',
      42,
      null,
      { type: 'view', view: 'small' },
      new Uint8Array([123, 125]),
    ]) {
      expect(parsePeerMessage(raw)).toBeNull();
    }
  });

  it('does not parse an oversized message at all', () => {
    const padded = `{"type":"view","view":"small"${' '.repeat(PEER_MESSAGE_MAX_LENGTH)}}`;
    expect(parsePeerMessage(padded)).toBeNull();
  });
});
