import { isSignalData, PEER_MESSAGE_MAX_LENGTH } from '@moim/protocol';
import SimplePeer from '@thaunknown/simple-peer';
import type { VideoEncoding } from './ladder';
import type { LinkState, PeerLinkFactory } from './peer-link-types';

/**
 * Labels of the data channels a link carries besides simple-peer's own (file transfers).
 * simple-peer's non-initiator adopts every channel that arrives as its one channel; those
 * with this prefix are taken away from it first. Its own label is random hex, never this.
 */
export const EXTRA_CHANNEL_PREFIX = 'moim:';

/** ICE may drop to `disconnected` for a moment and come back; longer than this is lost. */
/** `scaleResolutionDownTo` (Chromium has it, Firefox not yet): not in TypeScript's DOM types. */
type SizedEncoding = RTCRtpEncodingParameters & {
  scaleResolutionDownTo?: { maxWidth: number; maxHeight: number };
};
/** Whether this browser keeps `scaleResolutionDownTo`: found out by the first link that sets it. */
let downToSupported: boolean | undefined;

export const DISCONNECTED_GRACE_MS = 4000;
/** A connection that has not come up by then will not: it is lost... */
export const CONNECT_TIMEOUT_MS = 20_000;
/** ...unless ICE is checking candidate pairs by then: it gets this long in all. */
export const CHECKING_TIMEOUT_MS = 60_000;

/**
 * Readies the browser's WebRTC machinery while the person is still in the lobby: the
 * first RTCPeerConnection of a page, and its first offer, start threads and codec lists
 * that otherwise delay the first real link of a join (bench/README.md, "join timeline").
 * A throwaway connection, closed at once; nothing is sent.
 */
export async function warmUpPeerLinks() {
  if (typeof RTCPeerConnection !== 'function') return;
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.createDataChannel('warm-up');
    await pc.createOffer();
  } catch {
    // Only a head start: a browser that refuses here says so again on the real link.
  } finally {
    pc.close();
  }
}

/**
 * The DTLS certificate for every link of one room session (ECDSA P-256, as browsers make
 * by default): one per session keeps a connection's safety code across reconnects.
 */
export const generateSessionCertificate = () =>
  RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams);

/**
 * The one module that imports simple-peer: a full mesh has one of these per remote
 * participant. Trickle ICE is on, and the ICE servers always come from our server, so
 * simple-peer never falls back to its built-in public STUN servers.
 */
export const createPeerLink: PeerLinkFactory = ({ initiator, stream, rtcConfig, events, log }) => {
  const peer = new SimplePeer({
    initiator,
    trickle: true,
    streams: stream ? [stream] : [],
    config: rtcConfig,
    // Ask for audio and video even when we send neither, so a participant without a
    // camera still receives everybody else's.
    offerOptions: { offerToReceiveAudio: true, offerToReceiveVideo: true },
  });
  let state: LinkState = 'connecting';
  let closed = false;
  let channelOpen = false;
  /** setParameters calls must not overlap: they run one after another, the latest value wins. */
  let wantedEncoding: VideoEncoding | null = null;
  let encodingQueue = Promise.resolve();
  let disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  const setState = (next: LinkState) => {
    clearTimeout(disconnectedTimer);
    if (closed || next === state) return;
    state = next;
    events.state(next);
  };
  // Not up in time: lost, unless ICE is still checking candidate pairs (the other side
  // answered): on a busy machine that takes a while, and replacing the link would start
  // over. ICE reports 'failed' itself; CHECKING_TIMEOUT_MS is the backstop.
  let checking = false;
  let connectTimer = setTimeout(() => {
    if (state !== 'connecting') return;
    if (!checking) return setState('lost');
    connectTimer = setTimeout(() => {
      if (state === 'connecting') setState('lost');
    }, CHECKING_TIMEOUT_MS - CONNECT_TIMEOUT_MS);
  }, CONNECT_TIMEOUT_MS);

  peer.on('signal', (data) => {
    // simple-peer only makes signals of these shapes; checking keeps the relay honest.
    if (!closed && isSignalData(data)) events.signal(data);
  });
  peer.on('stream', (remote) => {
    if (!closed) events.stream(remote);
  });
  peer.on('connect', () => {
    setState('connected');
    if (closed || channelOpen) return;
    channelOpen = true;
    events.open();
  });
  peer.on('data', (chunk: unknown) => {
    if (closed) return;
    // The fork hands over text as UTF-8 bytes; anything long is not one of our messages.
    if (typeof chunk === 'string') events.data(chunk);
    else if (chunk instanceof Uint8Array && chunk.byteLength <= PEER_MESSAGE_MAX_LENGTH * 4) {
      events.data(new TextDecoder().decode(chunk));
    }
  });
  peer.on('iceStateChange', (ice) => {
    if (ice === 'checking') checking = true;
    if (ice === 'connected' || ice === 'completed') setState('connected');
    else if (ice === 'failed') setState('lost');
    else if (ice === 'disconnected' && state === 'connected') {
      clearTimeout(disconnectedTimer);
      disconnectedTimer = setTimeout(() => setState('lost'), DISCONNECTED_GRACE_MS);
    }
  });
  peer.on('error', (error: Error & { code?: string }) => {
    log?.warn('peer connection failed', error.code ?? error.message);
    setState('lost');
  });
  peer.on('close', () => setState('lost'));

  // simple-peer keeps its RTCPeerConnection as `_pc`; this module is the one place that knows.
  const pc = () => (peer as unknown as { _pc?: RTCPeerConnection })._pc;
  const onConnection = () => {
    const connection = pc();
    if (closed || connection?.connectionState !== 'connected') return;
    const local = connection.localDescription?.sdp;
    const remote = connection.remoteDescription?.sdp;
    events.secured?.(local && remote ? { local, remote } : null);
  };
  pc()?.addEventListener?.('connectionstatechange', onConnection);
  // Extra channels go to `events.channel`, never to simple-peer (it would take the newest
  // channel for its own and drop the one it had); anything else is its channel, as before.
  const connection = pc();
  if (connection) {
    const adopt = connection.ondatachannel;
    connection.ondatachannel = (event) => {
      if (event.channel.label.startsWith(EXTRA_CHANNEL_PREFIX)) {
        if (closed) event.channel.close();
        else events.channel?.(event.channel);
      } else adopt?.call(connection, event);
    };
  }

  const applyEncoding = async () => {
    const want = wantedEncoding;
    const sender = pc()
      ?.getTransceivers()
      .find((t) => t.receiver.track.kind === 'video' && t.direction.includes('send'))?.sender;
    if (!want || closed || !sender) return;
    const parameters = sender.getParameters() as RTCRtpSendParameters & {
      degradationPreference?: RTCDegradationPreference;
      encodings: SizedEncoding[];
    };
    const encoding = parameters.encodings?.[0];
    if (!encoding) return; // Not negotiated yet: applied again once connected.
    const box = want.maxSize === null ? undefined : { maxWidth: want.maxSize, maxHeight: want.maxSize };
    const same =
      encoding.active === want.active &&
      encoding.maxBitrate === want.maxBitrate &&
      (downToSupported
        ? encoding.scaleResolutionDownTo?.maxWidth === box?.maxWidth
        : encoding.scaleResolutionDownBy === want.scaleResolutionDownBy) &&
      encoding.maxFramerate === want.maxFramerate &&
      parameters.degradationPreference === want.degradationPreference;
    if (same) return;
    encoding.active = want.active;
    encoding.maxBitrate = want.maxBitrate;
    encoding.maxFramerate = want.maxFramerate;
    // A size rather than a factor where the browser has it: the picture then keeps its size
    // when the camera's capture changes (no key frame on every link); the factor otherwise.
    if (downToSupported !== false) {
      if (box) encoding.scaleResolutionDownTo = box;
      else delete encoding.scaleResolutionDownTo;
    }
    if (downToSupported) delete encoding.scaleResolutionDownBy;
    else encoding.scaleResolutionDownBy = want.scaleResolutionDownBy;
    parameters.degradationPreference = want.degradationPreference;
    await sender.setParameters(parameters);
    if (downToSupported === undefined && box)
      downToSupported =
        (sender.getParameters().encodings?.[0] as SizedEncoding | undefined)?.scaleResolutionDownTo !==
        undefined;
  };

  return {
    replaceTrack(kind, track) {
      const transceivers = pc()?.getTransceivers() ?? [];
      const of = transceivers.filter(
        (t) => t.receiver.track.kind === kind && t.currentDirection !== 'stopped',
      );
      const sending = of.find((t) => t.direction.includes('send'));
      if (sending) {
        sending.sender.replaceTrack(track).catch(() => {});
        return;
      }
      // This connection was made while we had nothing of this kind to send (joined with
      // the camera released, or without one): start sending on the receiving transceiver,
      // which needs one renegotiation (simple-peer has the initiator make the offer).
      const receiving = of[0];
      if (!track || !receiving || closed) return;
      receiving.direction = 'sendrecv';
      // Tie the track to the stream the other side already shows, so it joins that tile.
      receiving.sender.setStreams?.(stream ?? new MediaStream([track]));
      receiving.sender.replaceTrack(track).then(
        () => peer.negotiate(),
        () => {},
      );
    },
    send(text) {
      if (closed || !channelOpen || peer.destroyed) return false;
      try {
        peer.send(text);
        return true;
      } catch {
        return false; // The channel closed under us; the link is on its way out.
      }
    },
    openChannel(name) {
      const connection = pc();
      if (closed || peer.destroyed || !connection) return null;
      try {
        return connection.createDataChannel(EXTRA_CHANNEL_PREFIX + name, { ordered: true });
      } catch {
        return null; // Closing under us.
      }
    },
    setVideoEncoding(encoding) {
      wantedEncoding = encoding;
      encodingQueue = encodingQueue.then(applyEncoding).catch(() => {});
    },
    async sentAudioLevel() {
      const sender = pc()
        ?.getSenders()
        .find((s) => s.track?.kind === 'audio');
      if (closed || !sender) return null;
      for (const s of (await sender.getStats()).values()) {
        if (s.type === 'media-source' && typeof s.audioLevel === 'number') return s.audioLevel as number;
      }
      return null;
    },
    async getStats() {
      const connection = pc();
      return closed || !connection ? null : connection.getStats();
    },
    signal(data) {
      // simple-peer destroys the whole connection on a malformed signal.
      if (closed || peer.destroyed || !isSignalData(data)) return;
      peer.signal(data);
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(connectTimer);
      clearTimeout(disconnectedTimer);
      pc()?.removeEventListener?.('connectionstatechange', onConnection);
      peer.removeAllListeners();
      // A late 'error' from a destroyed peer must not surface as an uncaught exception.
      peer.on('error', () => {});
      peer.destroy();
    },
  };
};
