import { existsSync } from 'node:fs';

/** Debian's Chromium; Playwright's own browser downloads are not used. */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Flags for a headless Chromium on a machine with no camera, no GPU and no internet. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Lets ICE connect over loopback only, as in a CI sandbox with no other interface.
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
  // A fake camera (a moving test pattern) and a fake microphone (a beep).
  '--use-fake-device-for-media-stream',
];

// Camera and microphone are granted per browser context (`permissions`), not with
// --use-fake-ui-for-media-stream, so one browser can hold a context that refuses them:
// with no grant, headless Chromium rejects getUserMedia with NotAllowedError.
