import { afterEach, describe, expect, it, vi } from 'vitest';
import { AdaptiveSending, type AdaptiveSendingOptions, SPEAKING_HOLD_MS } from './adaptive-sending';
import { LADDER, type VideoEncoding } from './ladder';

const view = (value: string) => JSON.stringify({ type: 'view', view: value });

/** An AdaptiveSending over fake links: records what each link was told and set to. */
function setup(remotes: string[], { enabled = true, height = 720 } = {}) {
  const sent = new Map<string, unknown[]>();
  const encodings = new Map<string, VideoEncoding>();
  const paused: [string, string | null][] = [];
  const captures: number[] = [];
  const open = new Set<string>();
  const options: AdaptiveSendingOptions = {
    enabled,
    remoteIds: () => remotes,
    send: (id, text) => {
      if (!open.has(id)) return false;
      sent.set(id, [...(sent.get(id) ?? []), JSON.parse(text)]);
      return true;
    },
    setVideoEncoding: (id, encoding) => void encodings.set(id, encoding),
    outgoingVideo: () => ({
      track: { getSettings: () => ({ height }) } as unknown as MediaStreamTrack,
      source: 'camera',
    }),
    setCapture: async (size) => void captures.push(size.height),
    onVideoPaused: (id, reason) => void paused.push([id, reason]),
  };
  const sending = new AdaptiveSending(options);
  const connect = (id: string) => {
    open.add(id);
    sending.opened(id);
  };
  /** A new link starts low: good samples (a roomy estimate, no limitation) until it has climbed. */
  const roomy = [
    { type: 'candidate-pair', state: 'succeeded', nominated: true, availableOutgoingBitrate: 10_000_000 },
    { type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'none' },
  ] as unknown as RTCStatsReport;
  const climb = (id: string) => {
    for (let i = 0; i < 20; i++) sending.sample(id, roomy);
  };
  /** Connects and lets the link climb to what the room allows. */
  const settle = (id: string) => {
    connect(id);
    climb(id);
  };
  return { sending, sent, encodings, paused, captures, connect, climb, settle };
}

afterEach(() => vi.useRealTimers());

describe('send only what is seen', () => {
  it('pauses the one link whose receiver hides us, and resumes it when shown again', () => {
    const { sending, encodings, settle } = setup(['bob', 'carol']);
    settle('bob');
    settle('carol');
    expect(encodings.get('carol')?.active).toBe(true);
    sending.received('carol', view('hidden'));
    expect(encodings.get('carol')?.active).toBe(false);
    expect(encodings.get('bob')?.active).toBe(true);
    sending.received('carol', view('large'));
    expect(encodings.get('carol')).toMatchObject({ active: true, rung: 0 });
  });

  it('drops invalid view messages and changes nothing', () => {
    const { sending, encodings, connect } = setup(['bob', 'carol']);
    connect('bob');
    connect('carol');
    const before = encodings.get('carol');
    for (const junk of [
      'hidden',
      '{"type":"view","view":"tiny"}',
      '{"type":"view","view":"hidden","x":1}',
      `{"type":"view","view":"hidden"${' '.repeat(300)}}`,
      '{"type":"video","paused":"bored"}',
    ]) {
      sending.received('carol', junk);
    }
    expect(encodings.get('carol')).toEqual(before);
    expect(encodings.get('carol')?.active).toBe(true);
  });

  it('tells each sender how we show it, once per change, and again on a new link', () => {
    const { sending, sent, connect } = setup(['bob']);
    sending.setRemoteView('bob', 'large'); // Before the channel opens: kept for later.
    expect(sent.get('bob')).toBeUndefined();
    connect('bob');
    expect(sent.get('bob')).toEqual([{ type: 'view', view: 'large' }]);
    sending.setRemoteView('bob', 'large');
    sending.setRemoteView('bob', 'hidden');
    expect(sent.get('bob')).toEqual([
      { type: 'view', view: 'large' },
      { type: 'view', view: 'hidden' },
    ]);
    // The link was replaced: the new one hears the current view.
    sending.closed('bob');
    connect('bob');
    expect(sent.get('bob')?.at(-1)).toEqual({ type: 'view', view: 'hidden' });
  });

  it('says hidden to everyone while the page is in the background', () => {
    const { sending, sent, connect } = setup(['bob', 'carol']);
    connect('bob');
    connect('carol');
    sending.setRemoteView('bob', 'small');
    sending.setRemoteView('carol', 'large');
    sending.setPageHidden(true);
    expect(sent.get('bob')?.at(-1)).toEqual({ type: 'view', view: 'hidden' });
    expect(sent.get('carol')?.at(-1)).toEqual({ type: 'view', view: 'hidden' });
    sending.setPageHidden(false);
    expect(sent.get('bob')?.at(-1)).toEqual({ type: 'view', view: 'small' });
    expect(sent.get('carol')?.at(-1)).toEqual({ type: 'view', view: 'large' });
  });

  it('passes on a pause from a sender, and only a valid one', () => {
    const { sending, paused, connect } = setup(['bob']);
    connect('bob');
    sending.received('bob', '{"type":"video","paused":"poor-connection"}');
    sending.received('bob', '{"type":"video","paused":"nap"}');
    sending.received('bob', '{"type":"video","paused":null}');
    expect(paused).toEqual([
      ['bob', 'poor-connection'],
      ['bob', null],
    ]);
  });

  it('keeps the better rung for a while after we stop speaking', () => {
    vi.useFakeTimers();
    const { sending, encodings, settle } = setup(['b', 'c', 'd', 'e']);
    for (const id of ['b', 'c', 'd', 'e']) settle(id);
    const quiet = encodings.get('b')?.rung ?? 0;
    sending.setSpeaking(true);
    const speaking = encodings.get('b')?.rung ?? 0;
    expect(speaking).toBeLessThan(quiet);
    sending.setSpeaking(false);
    vi.advanceTimersByTime(SPEAKING_HOLD_MS - 100);
    expect(encodings.get('b')?.rung).toBe(speaking);
    vi.advanceTimersByTime(200);
    expect(encodings.get('b')?.rung).toBe(quiet);
  });

  it('pauses a link its stats say cannot carry video, tells the receiver, and resumes later', () => {
    const { sending, sent, encodings, connect } = setup(['bob']);
    connect('bob');
    const stats = (bps: number, limitation = 'bandwidth') =>
      [
        { type: 'candidate-pair', state: 'succeeded', nominated: true, availableOutgoingBitrate: bps },
        { type: 'outbound-rtp', kind: 'video', qualityLimitationReason: limitation },
      ] as unknown as RTCStatsReport;
    for (let i = 0; i < 2 * LADDER.length + 2 && encodings.get('bob')?.active; i++)
      sending.sample('bob', stats(30_000));
    expect(encodings.get('bob')?.active).toBe(false);
    expect(sent.get('bob')).toContainEqual({ type: 'video', paused: 'poor-connection' });
    for (let i = 0; i < 10 && !encodings.get('bob')?.active; i++)
      sending.sample('bob', stats(400_000, 'none'));
    expect(encodings.get('bob')?.active).toBe(true);
    expect(sent.get('bob')?.at(-1)).toEqual({ type: 'video', paused: null });
  });

  it('starts a new link two rungs low and climbs to what the room allows', () => {
    const { sending, encodings, connect } = setup(['bob']);
    connect('bob');
    expect(encodings.get('bob')?.rung).toBe(2);
    const good = [
      { type: 'candidate-pair', state: 'succeeded', nominated: true, availableOutgoingBitrate: 10_000_000 },
      { type: 'outbound-rtp', kind: 'video', qualityLimitationReason: 'none' },
    ] as unknown as RTCStatsReport;
    const rungs: (number | null | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      sending.sample('bob', good);
      rungs.push(encodings.get('bob')?.rung);
    }
    // Two good samples per rung while it climbs from its start.
    expect(rungs).toEqual([2, 1, 1, 0, 0, 0]);
  });

  it('sends the start rung from the moment a link is made, before its channel opens', () => {
    const { sending, encodings, connect } = setup(['bob', 'carol']);
    sending.created('carol');
    // Three people: a small tile is rung 1; a new link starts two below, at 360p@20.
    expect(encodings.get('carol')).toMatchObject({ rung: 3, active: true, maxSize: 640, maxFramerate: 20 });
    connect('carol');
    expect(encodings.get('carol')?.rung).toBe(3);
  });

  it('captures smaller as the room grows', () => {
    const remotes = ['b'];
    const { sending, captures, settle } = setup(remotes);
    settle('b');
    remotes.push('c', 'd', 'e', 'f');
    sending.replan();
    // Six people: every tile small, the camera captures the 180p they get.
    expect(captures).toEqual([360, 540, 720, 180]);
  });

  it('does nothing at all when adaptation is off', () => {
    const { sending, sent, encodings, captures, paused, connect } = setup(['bob', 'carol'], {
      enabled: false,
    });
    sending.created('bob');
    connect('bob');
    sending.setRemoteView('bob', 'hidden');
    sending.received('bob', view('hidden'));
    sending.received('bob', '{"type":"video","paused":"poor-connection"}');
    sending.setPageHidden(true);
    sending.replan();
    expect(sent.size).toBe(0);
    expect(encodings.size).toBe(0);
    expect(captures).toEqual([]);
    expect(paused).toEqual([]);
  });
});
