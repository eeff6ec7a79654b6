import type { CallSession } from './call-session';
import type { DeviceApi } from './devices';
import type { GetUserMedia } from './local-media';
import type { Logger } from './logger';
import type { PageVisibility } from './monitors';
import type { PeerLinkFactory } from './peer-link-types';
import type { SignalingSocket } from './signaling-client';
import type { LevelSourceFactory } from './speaking';

/** What a CallSession is built from: the browser's APIs in the app, fakes in tests. */
export interface CallSessionDeps {
  roomId: string;
  /** Opens the signaling connection; called once, in `start()`. */
  connect: () => SignalingSocket;
  createPeerLink: PeerLinkFactory;
  /** Makes the session's DTLS certificate (RTCPeerConnection.generateCertificate); links make their own without. */
  generateCertificate?: () => Promise<RTCCertificate>;
  /** Readies WebRTC while in the lobby, so the first link of a join starts at once. */
  warmUpPeerLinks?: () => Promise<void>;
  getUserMedia: GetUserMedia | undefined;
  /** Remembers the display name and the chosen devices on this device (localStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Carries the seat across a reload of this tab (sessionStorage). */
  tabStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Pre-fills the name (from `?name=`), over the remembered one. */
  initialName?: string;
  /**
   * The name used when the person types none ("Guest 4821", worded by the UI in the page's
   * language); a four-digit number by default.
   */
  guestName?: string;
  /** Device lists, screen capture and device changes; absent where the browser has none. */
  devices?: DeviceApi;
  /** Measures how loud a participant is, for the speaking highlight (from their link by default). */
  createLevelSource?: LevelSourceFactory;
  /** Builds a MediaStream from tracks (a browser's MediaStream by default). */
  newStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  /** Whether the page is in the background, and its changes (the document's by default). */
  visibility?: PageVisibility;
  /** Refused acknowledgements and peer errors go here; silent by default. */
  log?: Logger;
}

/** The actions the UI may call; components get this, tests can hand them a fake. */
export type CallActions = Pick<
  CallSession,
  | 'join'
  | 'leave'
  | 'rejoin'
  | 'rename'
  | 'setName'
  | 'setAudio'
  | 'setVideo'
  | 'sendChat'
  | 'setChatDraft'
  | 'sendFile'
  | 'cancelFile'
  | 'requestFile'
  | 'retryChat'
  | 'loadEarlierMessages'
  | 'startScreenShare'
  | 'stopScreenShare'
  | 'selectDevice'
  | 'setRemoteView'
  | 'setVerified'
  | 'cancelKnock'
  | 'setLocked'
  | 'admit'
  | 'deny'
  | 'mute'
  | 'remove'
  | 'makeHost'
  | 'lowerHand'
  | 'raiseHand'
  | 'react'
>;
