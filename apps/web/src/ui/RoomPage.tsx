import { lazy, useDeferredValue, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { CallSession } from '../call/call-session';
import type { DeviceApi } from '../call/devices';
import { consoleLogger } from '../call/logger';
import { createPeerLink, generateSessionCertificate, warmUpPeerLinks } from '../call/peer-link';
import { connectSignaling } from '../call/signaling-client';
import { canonicalRoomId, isRoomId, normaliseRoomId, roomPath } from '../room-id';
import { unsupportedReason } from '../support';
import { CallScreen } from './CallScreen';
import { loadWords, t, useT } from './i18n';
import { LeftScreen } from './LeftScreen';
import { Lobby } from './Lobby';
import { navigate } from './router';

/** Only a browser that cannot make calls needs it (rendered in App's Suspense). */
const UnsupportedPage = lazy(async () => {
  const [module] = await Promise.all([import('./UnsupportedPage'), loadWords('unsupported')]);
  return { default: module.UnsupportedPage };
});

function createSession(roomId: string) {
  return new CallSession({
    roomId,
    connect: () => connectSignaling(),
    createPeerLink,
    warmUpPeerLinks,
    generateCertificate: generateSessionCertificate,
    getUserMedia: navigator.mediaDevices?.getUserMedia
      ? (constraints) => navigator.mediaDevices.getUserMedia(constraints)
      : undefined,
    storage: window.localStorage,
    tabStorage: window.sessionStorage,
    devices: browserDevices(),
    initialName: new URLSearchParams(window.location.search).get('name') ?? undefined,
    guestName: t('guest.name', { number: Math.floor(1000 + Math.random() * 9000) }),
    // Everything in development; refusals and errors in production.
    log: consoleLogger(import.meta.env.DEV),
    visibility: {
      hidden: () => document.visibilityState === 'hidden',
      onChange: (listener) => {
        document.addEventListener('visibilitychange', listener);
        return () => document.removeEventListener('visibilitychange', listener);
      },
    },
  });
}

/** The browser's device lists, screen capture and device-change events, where it has them. */
function browserDevices(): DeviceApi | undefined {
  const media = navigator.mediaDevices;
  if (!media) return undefined;
  return {
    enumerateDevices: () => media.enumerateDevices(),
    getDisplayMedia: media.getDisplayMedia ? (constraints) => media.getDisplayMedia(constraints) : undefined,
    onDeviceChange: (listener) => {
      media.addEventListener('devicechange', listener);
      return () => media.removeEventListener('devicechange', listener);
    },
  };
}

/** `/r/:roomId`: owns one CallSession for as long as the page shows this room. */
export function RoomPage({ rawRoomId }: { rawRoomId: string }) {
  const t = useT();
  const roomId = canonicalRoomId(rawRoomId);
  const valid = isRoomId(roomId);
  const [unsupported] = useState(() => unsupportedReason());
  const [session, setSession] = useState<CallSession | null>(null);

  useEffect(() => {
    if (!valid || unsupported) return;
    if (roomId !== rawRoomId) {
      window.history.replaceState(null, '', `${roomPath(roomId)}${window.location.search}`);
    }
    // Created in the effect, not during render, so StrictMode's second run gets a fresh
    // session after the first one has been disposed.
    const next = createSession(roomId);
    setSession(next);
    next.start();
    const onUnload = () => next.dispose();
    window.addEventListener('pagehide', onUnload);
    return () => {
      window.removeEventListener('pagehide', onUnload);
      next.dispose();
    };
  }, [roomId, rawRoomId, valid, unsupported]);

  if (!valid) {
    const suggestion = normaliseRoomId(rawRoomId);
    return (
      <main className="home">
        <div className="home-card">
          <h1>{t('room.notALink')}</h1>
          <p role="alert" className="alert">
            {t('room.rule')}
          </p>
          {isRoomId(suggestion) && (
            <button type="button" className="button primary" onClick={() => navigate(roomPath(suggestion))}>
              {t('room.goTo', { room: suggestion })}
            </button>
          )}
        </div>
      </main>
    );
  }
  if (unsupported) return <UnsupportedPage reason={unsupported} />;
  if (!session) return null;
  return <Room session={session} />;
}

function Room({ session }: { session: CallSession }) {
  // The call screen mounts as a deferred render, in slices, so the first offer and answer of
  // a join are not held up behind it (bench/README.md, "join timeline").
  const screen = useDeferredValue(
    useStore(session.store, (state) => (state.phase === 'in-call' ? 'call' : state.left ? 'left' : 'lobby')),
  );
  if (screen === 'call') return <CallScreen store={session.store} actions={session} />;
  if (screen === 'left') return <LeftScreen store={session.store} actions={session} />;
  return <Lobby store={session.store} actions={session} />;
}
