/** Why this browser cannot make calls here, or null if it can. */
export type Unsupported = 'insecure' | 'no-webrtc' | 'no-camera-api';

/**
 * Checks what a call needs before anything starts: WebRTC, and `getUserMedia`, which
 * browsers only offer on secure pages (https:// or localhost).
 */
export function unsupportedReason(
  w: Pick<Window, 'navigator' | 'isSecureContext'> & { RTCPeerConnection?: unknown } = window,
): Unsupported | null {
  if (typeof w.RTCPeerConnection !== 'function') return 'no-webrtc';
  if (typeof w.navigator.mediaDevices?.getUserMedia !== 'function') {
    return w.isSecureContext === false ? 'insecure' : 'no-camera-api';
  }
  return null;
}
