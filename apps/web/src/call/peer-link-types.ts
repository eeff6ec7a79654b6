import type { IceServer, SignalData } from '@moim/protocol';
import type { VideoEncoding } from './ladder';
import type { Logger } from './logger';

/*
 * What the call engine knows of a peer link (call/peer-link.ts makes them with simple-peer;
 * tests make fakes): its states, its events, its options and its methods.
 */

/** Where a media connection to one remote participant stands. */
export type LinkState =
  /** Negotiating: no media has flowed yet. */
  | 'connecting'
  /** ICE and DTLS are up; media flows. */
  | 'connected'
  /** ICE failed or the connection closed while the participant is still in the room. */
  | 'lost';

/** The SDP of a connection's local and remote description, as the browser applied them. */
export interface AppliedDescriptions {
  local: string;
  remote: string;
}

export interface PeerLinkEvents {
  /** A signal to relay to the remote participant through the server. */
  signal: (data: SignalData) => void;
  /** The remote participant's audio and video. */
  stream: (stream: MediaStream) => void;
  state: (state: LinkState) => void;
  /** The data channel opened: `send` works from now on. */
  open: () => void;
  /** A text message from the other side's data channel, not yet validated. */
  data: (text: string) => void;
  /**
   * DTLS is up (the connection's state reached `connected`), with the session descriptions
   * as applied then: their fingerprints are the certificates DTLS has just checked.
   */
  secured?: (descriptions: AppliedDescriptions | null) => void;
  /** The other side opened a data channel of its own (see peer-link.ts, EXTRA_CHANNEL_PREFIX). */
  channel?: (channel: RTCDataChannel) => void;
}

export interface PeerLinkOptions {
  /** The side that makes the offer. Exactly one side of a pair is the initiator. */
  initiator: boolean;
  /** What we send; null when we have neither camera nor microphone. */
  stream: MediaStream | null;
  /**
   * ICE servers and transport policy, as the server handed them out, and the session's one
   * DTLS certificate (so a replaced link keeps the same safety code).
   */
  rtcConfig: {
    iceServers: IceServer[];
    iceTransportPolicy: 'all' | 'relay';
    certificates?: RTCCertificate[];
  };
  events: PeerLinkEvents;
  /** Where the connection's errors are reported (the link is then lost). */
  log?: Logger;
}

/** One remote participant's connection, as the rest of the call engine sees it. */
export interface PeerLink {
  /** Hands a relayed signal to the connection; invalid ones are dropped, not fatal. */
  signal(data: unknown): void;
  /** Sends `track` in place of what this link sends of that kind: no renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): void;
  /** The connection's statistics (for the quality indicator); null once closed. */
  getStats(): Promise<RTCStatsReport | null>;
  /**
   * How loud our own microphone is, 0 to 1, as this link's audio sender measures it (the
   * `media-source` statistics of that one sender); null when it sends no audio.
   */
  sentAudioLevel(): Promise<number | null>;
  /** Sends a text message on the data channel; false if it is not open. */
  send(text: string): boolean;
  /**
   * Opens one more data channel (ordered, reliable) on this connection, labelled
   * `EXTRA_CHANNEL_PREFIX` + `name`; no renegotiation once simple-peer's channel exists.
   * Null if the link is closed.
   */
  openChannel(name: string): RTCDataChannel | null;
  /**
   * Sets how this link's video is encoded (RTCRtpSender.setParameters) unless it already
   * is; calls never overlap and the latest wins.
   */
  setVideoEncoding(encoding: VideoEncoding): void;
  /** Closes the connection and detaches every listener. Calling it twice is harmless. */
  close(): void;
}

export type PeerLinkFactory = (options: PeerLinkOptions) => PeerLink;
