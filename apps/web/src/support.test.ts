import { describe, expect, it } from 'vitest';
import { unsupportedReason } from './support';

const media = { mediaDevices: { getUserMedia: async () => ({}) } } as unknown as Navigator;
const noMedia = {} as Navigator;
class PC {}

describe('unsupportedReason', () => {
  it('accepts a browser with WebRTC and getUserMedia', () => {
    expect(unsupportedReason({ RTCPeerConnection: PC, navigator: media, isSecureContext: true })).toBeNull();
  });

  it('names the missing piece', () => {
    expect(unsupportedReason({ navigator: media, isSecureContext: true })).toBe('no-webrtc');
    expect(unsupportedReason({ RTCPeerConnection: PC, navigator: noMedia, isSecureContext: true })).toBe(
      'no-camera-api',
    );
  });

  it('tells a page on plain http apart: the camera needs https there', () => {
    expect(unsupportedReason({ RTCPeerConnection: PC, navigator: noMedia, isSecureContext: false })).toBe(
      'insecure',
    );
  });
});
