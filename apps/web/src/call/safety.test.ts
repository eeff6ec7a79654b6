import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './logger';
import { SafetyCodes } from './safety';
import { CallStorage } from './storage';
import { createCallStore, newRemote } from './store';

const sdp = (fingerprint: string) => `v=0\r\na=fingerprint:sha-256 ${fingerprint}\r\n`;
const descriptions = { local: sdp('AA:01'), remote: sdp('BB:02') };

function setUp(saved: Record<string, string> = {}) {
  const items = new Map(Object.entries(saved));
  const device = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
  const store = createCallStore('standup');
  store.setState({ remotes: [newRemote({ id: 'ben', name: 'Ben', audio: true, video: true })] });
  const safety = new SafetyCodes(store, new CallStorage(device, undefined));
  const ben = () => store.getState().remotes[0];
  return { store, safety, ben, items };
}

describe('SafetyCodes', () => {
  it('shows a link’s code once it is secured, and none once it is lost', async () => {
    const { safety, ben } = setUp();
    safety.secured('ben', descriptions);
    await vi.waitFor(() => expect(ben()?.safetyCode).toMatch(/^\d{5}( \d{5}){5}$/));
    safety.lost('ben');
    expect(ben()?.safetyCode).toBeNull();
  });

  it('drops a code worked out for a link that was lost meanwhile', async () => {
    const { safety, ben } = setUp();
    safety.secured('ben', descriptions);
    safety.lost('ben');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ben()?.safetyCode).toBeNull();
  });

  it('remembers a verified code on this device, and reads it back for the next link', async () => {
    const first = setUp();
    first.safety.secured('ben', descriptions);
    await vi.waitFor(() => expect(first.ben()?.safetyCode).not.toBeNull());
    first.safety.setVerified('ben', true);
    expect(first.ben()?.verifiedCode).toBe(first.ben()?.safetyCode);

    // The same person met again on this device (a reload of the page): still verified.
    const again = setUp(Object.fromEntries(first.items));
    again.safety.secured('ben', descriptions);
    await vi.waitFor(() => expect(again.ben()?.verifiedCode).toBe(first.ben()?.safetyCode));
  });

  it('vouches for nothing while no code is shown', () => {
    const { safety, ben, items } = setUp();
    safety.setVerified('ben', true);
    expect(ben()?.verifiedCode).toBeNull();
    expect(items.size).toBe(0);
  });

  it('makes the session’s certificate once and hands it to every link', async () => {
    const { safety } = setUp();
    const certificate = {} as RTCCertificate;
    const generate = vi.fn(async () => certificate);
    safety.prepare(generate, silentLogger);
    await safety.ready;
    safety.prepare(generate, silentLogger);
    expect(generate).toHaveBeenCalledTimes(1);
    expect(safety.certificates()).toEqual({ certificates: [certificate] });
  });
});
