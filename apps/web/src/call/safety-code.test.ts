import { describe, expect, it } from 'vitest';
import { fingerprintsOf, safetyCode } from './safety-code';

// The worked example of docs/security.md; its code was computed there with Python's hashlib.
const ALICE =
  '03:0A:11:18:1F:26:2D:34:3B:42:49:50:57:5E:65:6C:73:7A:81:88:8F:96:9D:A4:AB:B2:B9:C0:C7:CE:D5:DC';
const BEN = 'C8:D5:E2:EF:FC:09:16:23:30:3D:4A:57:64:71:7E:8B:98:A5:B2:BF:CC:D9:E6:F3:00:0D:1A:27:34:41:4E:5B';
const EXAMPLE_CODE = '79097 43167 84077 24055 26483 08991';

/** A session description as Chromium writes one: a fingerprint in every media section. */
const chromiumSdp = (fingerprint: string) =>
  [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1 2',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    `a=fingerprint:sha-256 ${fingerprint}`,
    '',
  ].join('\r\n');

/** As Firefox writes one: the fingerprint once, at session level, hash name in upper case. */
const firefoxSdp = (fingerprint: string) =>
  [
    'v=0',
    'o=mozilla...THIS_IS_SDPARTA-99.0 1 0 IN IP4 0.0.0.0',
    's=-',
    't=0 0',
    `a=fingerprint:SHA-256 ${fingerprint}`,
    'm=audio 9 UDP/TLS/RTP/SAVPF 109',
    '',
  ].join('\r\n');

describe('safetyCode', () => {
  it('turns two fixed fingerprints into a fixed code of six groups of five digits', async () => {
    const code = await safetyCode(chromiumSdp(ALICE), chromiumSdp(BEN));
    expect(code).toBe(EXAMPLE_CODE);
    expect(code).toMatch(/^\d{5}( \d{5}){5}$/);
  });

  it('gives both ends of a connection the same code (local and remote swapped)', async () => {
    expect(await safetyCode(chromiumSdp(BEN), chromiumSdp(ALICE))).toBe(EXAMPLE_CODE);
  });

  it('does not depend on how a browser writes its description (Chromium or Firefox)', async () => {
    expect(await safetyCode(firefoxSdp(ALICE.toLowerCase()), chromiumSdp(BEN))).toBe(EXAMPLE_CODE);
  });

  it('gives a different code when one byte of one fingerprint changes', async () => {
    const tampered = `${BEN.slice(0, -2)}5C`;
    const code = await safetyCode(chromiumSdp(ALICE), chromiumSdp(tampered));
    expect(code).toBe('09353 66687 15286 09881 59968 08813');
    expect(code).not.toBe(EXAMPLE_CODE);
    // Even in the first byte, which is the hardest place to see it.
    expect(await safetyCode(chromiumSdp(`04${ALICE.slice(2)}`), chromiumSdp(BEN))).not.toBe(EXAMPLE_CODE);
  });

  it('gives a third person a different code with each of the two', async () => {
    const third = `${ALICE.slice(0, -2)}00`;
    const codes = await Promise.all([
      safetyCode(chromiumSdp(ALICE), chromiumSdp(BEN)),
      safetyCode(chromiumSdp(ALICE), chromiumSdp(third)),
      safetyCode(chromiumSdp(BEN), chromiumSdp(third)),
    ]);
    expect(new Set(codes).size).toBe(3);
  });

  it('has no code for a description without a fingerprint', async () => {
    expect(await safetyCode('v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n', chromiumSdp(BEN))).toBeNull();
  });
});

describe('fingerprintsOf', () => {
  it('lists each fingerprint once, normalised and sorted', () => {
    expect(
      fingerprintsOf(
        'a=fingerprint:SHA-256 ab:cd\r\na=fingerprint:sha-256 AB:CD\r\na=fingerprint:sha-1 01:02\r\n',
      ),
    ).toEqual(['sha-1 01:02', 'sha-256 AB:CD']);
  });
});
