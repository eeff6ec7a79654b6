import { compileMessage } from '@lingui/message-utils/compileMessage';
import { act, fireEvent, render, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type CallState,
  type ChatEntry,
  createCallStore,
  type FileFailure,
  type FileTransfer,
  type RemoteParticipant,
  transferKey,
} from '../call/store';
import english from '../locales/en.json';
import korean from '../locales/ko.json';
import { fakeActions, fakeStream, readyMedia } from '../test/fakes';
import { CallScreen } from './CallScreen';
import { ChatPanel } from './ChatPanel';
import { HomePage } from './HomePage';
import { activateLocale } from './i18n';
import { LeftScreen } from './LeftScreen';
import { Lobby } from './Lobby';
import { RoomPage } from './RoomPage';
import { UnsupportedPage } from './UnsupportedPage';

/*
 * Every screen, rendered in Korean, must have no English left in it: the text a person
 * reads and every name, description, title, placeholder and alt a screen reader or a
 * pointer shows. Latin letters are allowed only in what is not ours to translate: the
 * people's and rooms' names of the fixtures, the product, browsers, addresses, units.
 */
const NOT_TRANSLATED = [
  'moim',
  'Alice',
  'Bob',
  'Carol',
  'Dan',
  'Eve',
  'Finn',
  'team-standup',
  'WebRTC',
  'TURN',
  'https',
  'localhost',
  'Chrome',
  'Edge',
  'Firefox',
  'Safari',
  'iPhone',
  'iPad',
  'Android',
  'English', // a language named in itself
  'Ctrl',
  'Control',
  'Meta',
  'Enter',
  'fps',
  'ms',
  'kB',
  'MB',
  'GB',
];
/** The fixtures' file names. */
const FILE_NAME = '[\\w-]+\\.(?:pdf|png)';

/** What a person (or their screen reader) can read in `root`. */
function readable(root: HTMLElement): string[] {
  const texts: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.textContent ?? '');
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
      const value = element.getAttribute(attribute);
      if (value) texts.push(value);
    }
  }
  return texts;
}

/** The day periods this runtime's Intl writes in Korean times (Node's ICU writes "AM"). */
const DAY_PERIODS = ['AM', 'PM'].filter((period) =>
  new Intl.DateTimeFormat('ko', { hour: '2-digit', minute: '2-digit' })
    .formatToParts(Date.UTC(2026, 0, 1, period === 'AM' ? 3 : 15))
    .some((part) => part.type === 'dayPeriod' && part.value === period),
);

/** Runs of two or more Latin letters that are not allowed names. */
function english_left(root: HTMLElement): string[] {
  const allowed = new RegExp(
    `https?://\\S+|${FILE_NAME}|(?<![A-Za-z])(?:${[...NOT_TRANSLATED, ...DAY_PERIODS].join('|')})(?![A-Za-z])`,
    'g',
  );
  return readable(root).flatMap((text) => text.replace(allowed, ' ').match(/[A-Za-z]{2,}/g) ?? []);
}

const remote = (id: string, name: string, patch: Partial<RemoteParticipant> = {}): RemoteParticipant => ({
  id,
  name,
  audio: false,
  video: false,
  connection: 'connected',
  everConnected: true,
  quality: { level: 'fair', rttMs: 120, lossPercent: 2, fps: 24 },
  stream: fakeStream(),
  ...patch,
});

function callStore(state: Partial<CallState>) {
  const store = createCallStore('team-standup', { name: 'Alice', guestName: '손님 1234' });
  store.setState({ server: 'online', roomCount: 3, media: readyMedia(), ...state });
  return store;
}

const inCall: Partial<CallState> = {
  phase: 'in-call',
  self: { id: 'a', name: 'Alice', audio: false, video: true },
  remotes: [
    remote('b', 'Bob', { video: true, screen: true, safetyCode: '12345 67890 11111 22222 33333 44444' }),
    remote('e', 'Eve', {
      safetyCode: '55555 66666 77777 88888 99999 00000',
      verifiedCode: '55555 66666 77777 88888 99999 00000',
    }),
    remote('f', 'Finn', {
      safetyCode: '10101 20202 30303 40404 50505 60606',
      verifiedCode: '99999 99999 99999 99999 99999 99999',
    }),
    remote('c', 'Carol', { connection: 'connecting', everConnected: false }),
    remote('d', 'Dan', { connection: 'lost', everConnected: false }),
  ],
  messages: [
    {
      key: '1',
      from: 'b',
      name: 'Bob',
      text: '안녕하세요',
      sentAt: Date.UTC(2026, 11, 1, 9, 5),
      status: 'sent',
      mine: false,
    },
    {
      key: '2',
      from: 'a',
      name: 'Alice',
      text: '네',
      sentAt: Date.UTC(2026, 11, 1, 9, 6),
      status: 'failed',
      mine: true,
    },
  ],
  moreHistory: true,
  notice: { key: 1, notice: { type: 'device-fallback', source: 'audio' } },
};

/** Alice hosts: the room is locked, two knock, Eve and Alice have raised hands, Bob reacted. */
const hosting: Partial<CallState> = {
  ...inCall,
  hostId: 'a',
  locked: true,
  knocks: [
    { id: 'k1', name: 'Dan' },
    { id: 'k2', name: 'Carol' },
  ],
  hands: ['e', 'a'],
  reactions: { b: { key: 1, reaction: 'heart' } },
  notice: { key: 2, notice: { type: 'muted-by-host' } },
};

/** Files in every state a chat shows them, and two people typing. */
function filesInChat(): Partial<CallState> {
  const file = (id: string, name: string, type = 'application/pdf') => ({
    id,
    name,
    size: 3 * 1024 * 1024 + 200_000,
    type,
    sha256: 'a'.repeat(64),
  });
  const entry = (
    key: string,
    from: string,
    name: string,
    f: ReturnType<typeof file>,
    mine = false,
  ): ChatEntry => ({
    key,
    from,
    name,
    text: '',
    file: f,
    sentAt: Date.UTC(2026, 11, 1, 9, 5),
    status: 'sent',
    mine,
  });
  const transfer = (from: string, id: string, patch: Partial<FileTransfer>): FileTransfer => ({
    key: transferKey(from, id),
    direction: 'receive',
    size: 3 * 1024 * 1024,
    bytes: 1024 * 1024,
    state: 'moving',
    failure: null,
    receivers: [],
    url: null,
    ...patch,
  });
  const failures: FileFailure[] = [
    'cancelled',
    'cancelled-by-peer',
    'peer-left',
    'link-lost',
    'hash-mismatch',
    'too-large',
    'unreadable',
    'protocol',
  ];
  const messages = [
    entry('1', 'b', 'Bob', file('f1', 'plan.pdf')),
    entry('2', 'b', 'Bob', file('f2', 'photo.png', 'image/png')),
    entry('3', 'c', 'Carol', file('f3', 'early.pdf')),
    entry('4', 'd', 'Dan', file('f4', 'gone.pdf')),
    entry('5', 'a', 'Alice', file('f5', 'mine.pdf'), true),
    entry('6', 'a', 'Alice', file('f6', 'sent.pdf'), true),
    entry('7', 'a', 'Alice', { ...file('f7', 'refused.pdf') }, true),
    ...failures.map((_, i) => entry(`9${i}`, 'b', 'Bob', file(`g${i}`, `failed-${i}.pdf`))),
  ];
  messages[6] = { ...(messages[6] as ChatEntry), status: 'failed' };
  const transfers: Record<string, FileTransfer> = {
    [transferKey('b', 'f1')]: transfer('b', 'f1', {}),
    [transferKey('b', 'f2')]: transfer('b', 'f2', { state: 'done', bytes: 3 * 1024 * 1024, url: 'blob:x' }),
    [transferKey('a', 'f5')]: transfer('a', 'f5', {
      direction: 'send',
      receivers: [{ id: 'b', name: 'Bob', bytes: 1024, state: 'moving', failure: null }],
    }),
    [transferKey('a', 'f6')]: transfer('a', 'f6', {
      direction: 'send',
      state: 'done',
      receivers: [
        { id: 'b', name: 'Bob', bytes: 3, state: 'done', failure: null },
        { id: 'c', name: 'Carol', bytes: 1, state: 'failed', failure: 'link-lost' },
      ],
    }),
    ...Object.fromEntries(
      failures.map((failure, i) => [
        transferKey('b', `g${i}`),
        transfer('b', `g${i}`, { state: 'failed', failure }),
      ]),
    ),
  };
  return { ...inCall, messages, transfers, typing: ['b'] };
}

const screens: [string, () => ReactElement][] = [
  ['the home page', () => <HomePage />],
  ['the lobby', () => <Lobby store={callStore({})} actions={fakeActions()} />],
  [
    'the lobby, offline, camera blocked, name refused',
    () => (
      <Lobby
        store={callStore({
          server: 'offline',
          roomCount: 1,
          joinError: { type: 'invalid-name' },
          media: readyMedia({
            video: false,
            canVideo: false,
            problems: [{ kind: 'video', reason: 'blocked' }],
          }),
        })}
        actions={fakeActions()}
      />
    ),
  ],
  [
    'the lobby, rejoin refused, nothing found',
    () => (
      <Lobby
        store={callStore({
          roomCount: null,
          joinError: { type: 'rejoin-failed', error: { code: 'room_full', message: 'Room is full' } },
          media: readyMedia({
            audio: false,
            video: false,
            canAudio: false,
            canVideo: false,
            problems: [
              { kind: 'audio', reason: 'missing' },
              { kind: 'video', reason: 'unavailable' },
            ],
          }),
        })}
        actions={fakeActions()}
      />
    ),
  ],
  ['the call', () => <CallScreen store={callStore(inCall)} actions={fakeActions()} />],
  [
    'the call, alone, with its invitation',
    () => <CallScreen store={callStore({ ...inCall, remotes: [] })} actions={fakeActions()} />,
  ],
  ['the left screen', () => <LeftScreen store={callStore({ left: true })} actions={fakeActions()} />],
  [
    'the left screen, rejoin refused, offline',
    () => (
      <LeftScreen
        store={callStore({
          left: true,
          server: 'offline',
          joinError: { type: 'refused', error: { code: 'room_full', message: 'Room is full' } },
        })}
        actions={fakeActions()}
      />
    ),
  ],
  [
    'the call while presenting',
    () => (
      <CallScreen
        store={callStore({ ...inCall, media: readyMedia({ sharing: true }) })}
        actions={fakeActions()}
      />
    ),
  ],
  [
    'the call, offline',
    () => <CallScreen store={callStore({ ...inCall, server: 'offline' })} actions={fakeActions()} />,
  ],
  [
    'the chat with files and someone typing',
    () => <ChatPanel store={callStore(filesInChat())} actions={fakeActions()} />,
  ],
  [
    'the chat with two people typing and a file refused',
    () => <ChatPanel store={callStore({ ...filesInChat(), typing: ['b', 'c'] })} actions={fakeActions()} />,
  ],
  [
    'the call as its host: a knock, hands up, a reaction, the room locked',
    () => <CallScreen store={callStore(hosting)} actions={fakeActions()} />,
  ],
  [
    'the lobby, waiting for the host',
    () => <Lobby store={callStore({ phase: 'joining', knocking: true })} actions={fakeActions()} />,
  ],
  [
    'the lobby, not let in',
    () => (
      <Lobby
        store={callStore({ joinError: { type: 'refused', error: { code: 'knock_denied', message: '' } } })}
        actions={fakeActions()}
      />
    ),
  ],
  [
    'the screen after being removed, a knock unanswered',
    () => (
      <LeftScreen
        store={callStore({
          left: true,
          removed: true,
          joinError: { type: 'refused', error: { code: 'knock_timeout', message: '' } },
        })}
        actions={fakeActions()}
      />
    ),
  ],
  ['a page that is not a room', () => <RoomPage rawRoomId="Team Standup!" />],
  ['an insecure page', () => <UnsupportedPage reason="insecure" />],
  ['a browser without WebRTC', () => <UnsupportedPage reason="no-webrtc" />],
  ['a browser without a camera API', () => <UnsupportedPage reason="no-camera-api" />],
];

describe('in Korean, every screen is translated', () => {
  beforeEach(async () => {
    await activateLocale('ko');
  });

  it.each(screens)('%s', (_, screen) => {
    const { container } = render(screen());
    expect(english_left(container)).toEqual([]);
  });

  it('the call with its settings open, People open and the chat closed, with unread messages', async () => {
    const store = callStore(inCall);
    const actions = fakeActions();
    actions.rename.mockResolvedValueOnce('invalid');
    const { container, getByRole } = render(<CallScreen store={store} actions={actions} />);
    const user = userEvent.setup();
    await user.click(getByRole('button', { name: '채팅' }));
    await user.click(getByRole('button', { name: '참여자 목록' }));
    await user.click(getByRole('button', { name: '설정' }));
    await user.click(getByRole('button', { name: '이름 바꾸기' }));
    expect(within(getByRole('dialog', { name: '설정' })).getByRole('alert')).toBeInTheDocument();
    act(() =>
      store.setState({
        messages: [...(inCall.messages ?? []), { ...(inCall.messages?.[0] as ChatEntry), key: '3' }],
      }),
    );
    expect(english_left(container)).toEqual([]);
    expect(document.title).toBe('(1) team-standup · moim');
  });

  it('the host’s People panel and the reactions menu, after putting the knock off', async () => {
    const { container, getByRole } = render(
      <CallScreen store={callStore(hosting)} actions={fakeActions()} />,
    );
    const user = userEvent.setup();
    fireEvent(getByRole('alertdialog'), new Event('cancel', { cancelable: true }));
    expect(getByRole('button', { name: '2명이 참여를 기다려요' })).toBeInTheDocument();
    await user.click(getByRole('button', { name: '참여자 목록' }));
    await user.click(getByRole('button', { name: '반응' }));
    expect(getByRole('menu', { name: '반응' })).toBeInTheDocument();
    expect(english_left(container)).toEqual([]);
  });

  it('catches English when it is there (the check itself)', async () => {
    await activateLocale('en');
    const { container } = render(<HomePage />);
    expect(english_left(container)).toEqual(expect.arrayContaining(['Video', 'New', 'room']));
  });
});

describe('in English, the screens say what the UI contract names', () => {
  it.each(screens)('%s has no message id left in it', async (_, screen) => {
    await activateLocale('en');
    const { container } = render(screen());
    const text = readable(container).join(' ');
    expect(Object.keys(english).filter((id) => text.includes(id))).toEqual([]);
  });
});

describe('the catalogues', () => {
  /** The values a message takes, from its compiled form: `[name, type?, branches?]` tokens. */
  const placeholders = (message: string): Set<string> => {
    const names = new Set<string>();
    const walk = (tokens: unknown[]) => {
      for (const token of tokens) {
        if (!Array.isArray(token)) continue;
        const [name, , branches] = token as [string, unknown, Record<string, unknown[]> | undefined];
        names.add(name);
        for (const branch of Object.values(branches ?? {})) if (Array.isArray(branch)) walk(branch);
      }
    };
    walk(compileMessage(message) as unknown[]);
    return names;
  };

  it('have the same messages in every language', () => {
    expect(Object.keys(korean).sort()).toEqual(Object.keys(english).sort());
  });

  it.each(Object.keys(english))('%s compiles and takes the same values in Korean', (id) => {
    const en = english[id as keyof typeof english];
    const ko = korean[id as keyof typeof korean];
    expect(placeholders(ko)).toEqual(placeholders(en));
  });
});
