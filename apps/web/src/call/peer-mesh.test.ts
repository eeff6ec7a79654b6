import type { SignalData } from '@moim/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idlePeerLink } from '../test/fakes';
import type { LinkState, PeerLinkEvents, PeerLinkFactory } from './peer-link-types';
import { PeerMesh, retryDelay, WAIT_FOR_OFFER_MS } from './peer-mesh';

interface FakeLink {
  initiator: boolean;
  events: PeerLinkEvents;
  received: unknown[];
  closed: boolean;
}

const offer = { type: 'offer', sdp: 'v=0 offer' } as SignalData;
const answer = { type: 'answer', sdp: 'v=0 answer' } as SignalData;
const candidate = { type: 'candidate', candidate: { candidate: 'candidate:1', sdpMid: '0' } } as SignalData;

/** A mesh over fake links: what each link was made as and given, and every signal sent. */
function setup({ selfId = 'm' } = {}) {
  const links: FakeLink[] = [];
  const sent: { to: string; link: string; data: SignalData }[] = [];
  const states: [string, LinkState][] = [];
  const secured: [string, string | undefined][] = [];
  const newLinks: string[] = [];
  let canSignal = true;
  const factory: PeerLinkFactory = ({ initiator, events }) => {
    const link: FakeLink = { initiator, events, received: [], closed: false };
    links.push(link);
    return idlePeerLink({
      signal: (data) => void link.received.push(data),
      close: () => {
        link.closed = true;
      },
    });
  };
  const mesh = new PeerMesh({
    createPeerLink: factory,
    selfId: () => selfId,
    localStream: () => null,
    rtcConfig: () => ({ iceServers: [], iceTransportPolicy: 'all' }),
    canSignal: () => canSignal,
    sendSignal: (to, link, data) => void sent.push({ to, link, data }),
    onStream: () => {},
    onState: (id, state) => void states.push([id, state]),
    onOpen: () => {},
    onData: () => {},
    onSecured: (id, descriptions) => void secured.push([id, descriptions?.remote]),
    onNewLink: (id) => void newLinks.push(id),
  });
  /** The links not closed yet. */
  const open = () => links.filter((link) => !link.closed);
  return {
    mesh,
    links,
    sent,
    states,
    secured,
    newLinks,
    open,
    setCanSignal: (value: boolean) => {
      canSignal = value;
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('PeerMesh: both sides offering at once', () => {
  it('keeps our offer when our id is the smaller one: theirs is dropped, they answer ours', () => {
    const { mesh, links } = setup({ selfId: 'a' });
    mesh.connect('z');
    mesh.receive('z', 'their-link', offer);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ initiator: true, closed: false, received: [] });
  });

  it('answers their offer when their id is the smaller one, closing ours', () => {
    const { mesh, links } = setup({ selfId: 'z' });
    mesh.connect('a');
    mesh.receive('a', 'their-link', offer);
    expect(links).toHaveLength(2);
    expect(links[0]?.closed).toBe(true);
    expect(links[1]).toMatchObject({ initiator: false, closed: false, received: [offer] });
  });

  it('takes a new offer for a link that is already up: the other side replaced it', () => {
    const { mesh, links } = setup({ selfId: 'a' });
    mesh.connect('z');
    links[0]?.events.state('connected');
    mesh.receive('z', 'their-new-link', offer);
    expect(links[0]?.closed).toBe(true);
    expect(links[1]).toMatchObject({ initiator: false, received: [offer] });
  });
});

describe('PeerMesh: signals of replaced links', () => {
  it('drops answers and candidates that name a link we no longer have', () => {
    const { mesh, links, sent } = setup();
    mesh.connect('b');
    links[0]?.events.signal(offer);
    const first = sent[0]?.link ?? '';
    mesh.connect('b'); // replaced: a new link id
    links[1]?.events.signal(offer);
    const second = sent[1]?.link ?? '';
    expect(second).not.toBe(first);
    mesh.receive('b', first, answer);
    mesh.receive('b', first, candidate);
    expect(links[1]?.received).toEqual([]);
    mesh.receive('b', second, answer);
    mesh.receive('b', second, candidate);
    expect(links[1]?.received).toEqual([answer, candidate]);
  });

  it('ignores the last words of a replaced link: its state changes nothing', () => {
    const { mesh, links, states } = setup();
    mesh.connect('b');
    const old = links[0];
    mesh.connect('b');
    old?.events.state('lost');
    expect(states).toEqual([]);
    vi.advanceTimersByTime(60_000);
    expect(links).toHaveLength(2); // no retry scheduled by the old link
  });
});

describe('PeerMesh: replacing lost links', () => {
  it('has the offerer of a lost link offer again, waiting 1 s, then 2 s, then 4 s', () => {
    const { mesh, links } = setup();
    mesh.connect('b');
    for (const [attempt, wait] of [retryDelay(0), retryDelay(1), retryDelay(2)].entries()) {
      links.at(-1)?.events.state('lost');
      const before = links.length;
      vi.advanceTimersByTime(wait - 1);
      expect(links, `attempt ${attempt}`).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(links, `attempt ${attempt}`).toHaveLength(before + 1);
      expect(links.at(-1)?.initiator).toBe(true);
    }
    expect([retryDelay(0), retryDelay(1), retryDelay(2), retryDelay(10)]).toEqual([1000, 2000, 4000, 10_000]);
  });

  it('has the answerer of a lost link wait for the new offer, and offer itself only if none comes', () => {
    const { mesh, links } = setup();
    mesh.receive('b', 'their-link', offer);
    links[0]?.events.state('lost');
    vi.advanceTimersByTime(WAIT_FOR_OFFER_MS + retryDelay(0) - 1);
    expect(links).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(links).toHaveLength(2);
    expect(links[1]?.initiator).toBe(true);
  });

  it('makes no offer of its own when the new offer comes in time', () => {
    const { mesh, links } = setup();
    mesh.receive('b', 'first', offer);
    links[0]?.events.state('lost');
    vi.advanceTimersByTime(WAIT_FOR_OFFER_MS / 2);
    mesh.receive('b', 'second', offer);
    links[1]?.events.state('connected');
    vi.advanceTimersByTime(60_000);
    expect(links).toHaveLength(2);
    expect(links[1]?.initiator).toBe(false);
  });

  it('starts counting again once a link came up', () => {
    const { mesh, links } = setup();
    mesh.connect('b');
    links[0]?.events.state('lost');
    vi.advanceTimersByTime(retryDelay(0));
    links[1]?.events.state('lost');
    vi.advanceTimersByTime(retryDelay(1));
    links[2]?.events.state('connected');
    links[2]?.events.state('lost');
    vi.advanceTimersByTime(retryDelay(0));
    expect(links).toHaveLength(4);
  });

  it('waits while signals cannot be relayed, and offers once they can', () => {
    const { mesh, links, setCanSignal } = setup();
    mesh.connect('b');
    setCanSignal(false);
    links[0]?.events.state('lost');
    vi.advanceTimersByTime(retryDelay(0) * 5);
    expect(links).toHaveLength(1);
    setCanSignal(true);
    vi.advanceTimersByTime(retryDelay(0));
    expect(links).toHaveLength(2);
  });

  it('expects the newcomer to offer, and offers itself when no offer comes', () => {
    const { mesh, links } = setup();
    mesh.expect('b');
    vi.advanceTimersByTime(WAIT_FOR_OFFER_MS - 1);
    expect(links).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(links).toHaveLength(1);
  });

  it('forgets a participant who left: no retry, no link', () => {
    const { mesh, links, open } = setup();
    mesh.connect('b');
    links[0]?.events.state('lost');
    mesh.remove('b');
    vi.advanceTimersByTime(60_000);
    expect(open()).toEqual([]);
    expect(links).toHaveLength(1);
  });
});

describe('PeerMesh and safety codes', () => {
  it('says when a link is made, and hands on only the current link’s secured descriptions', () => {
    const { mesh, links, secured, newLinks } = setup();
    mesh.connect('ben');
    const first = links[0] as FakeLink;
    mesh.connect('ben');
    expect(newLinks).toEqual(['ben', 'ben']);
    first.events.secured?.({ local: 'v=0 old', remote: 'v=0 old' });
    expect(secured).toEqual([]);
    (links[1] as FakeLink).events.secured?.({ local: 'v=0 local', remote: 'v=0 remote' });
    expect(secured).toEqual([['ben', 'v=0 remote']]);
  });
});
