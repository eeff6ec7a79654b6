import type { FileOffer, Knock, Participant, Reaction, VideoPauseReason } from '@moim/protocol';
import { createStore } from 'zustand/vanilla';
import type { TransferFailure } from './file-channel';
import { initialMedia, type LocalMediaState } from './media-controller';
import type { JoinError, Notice } from './notices';
import type { LinkState } from './peer-link-types';
import type { Quality } from './quality';

/** A remote participant as a tile shows them. */
export interface RemoteParticipant extends Participant {
  connection: LinkState;
  /** From the connection's statistics, refreshed every few seconds; null until known. */
  quality: Quality | null;
  /** Whether a media connection ever came up: if not, the network may be in the way. */
  everConnected: boolean;
  stream: MediaStream | null;
  /** The sender stopped sending us its video (audio goes on), and why; null while it sends. */
  videoPaused?: VideoPauseReason | null;
  /** The connection's safety code (call/safety-code.ts) while its DTLS is up; null otherwise. */
  safetyCode?: string | null;
  /** The code this device was told is the right one for this person; null if never. */
  verifiedCode?: string | null;
}

/** A participant we have only just heard of: no connection yet. */
export function newRemote(participant: Participant): RemoteParticipant {
  return {
    ...participant,
    connection: 'connecting',
    everConnected: false,
    stream: null,
    quality: null,
    videoPaused: null,
    safetyCode: null,
    verifiedCode: null,
  };
}

/** A chat line; `sending` and `failed` ones exist only on the sender's side. */
export interface ChatEntry {
  /** The message id, made by its sender: one message, one key, however often it is sent. */
  key: string;
  from: string;
  name: string;
  text: string;
  sentAt: number;
  status: 'sending' | 'sent' | 'failed';
  mine: boolean;
  /** A file sent between browsers (`text` is then empty); its transfer is in `transfers`. */
  file?: FileOffer;
}

/** Why a file did not get through: the channel's codes, and the two only the engine knows. */
export type FileFailure =
  | TransferFailure
  /** The server did not take the file's announcement: nothing was sent. */
  | 'not-announced';

/** How one receiver of a file we send is doing. */
export interface FileReceiver {
  id: string;
  /** Their name when it started: they may have left by the time it failed. */
  name: string;
  bytes: number;
  state: 'moving' | 'done' | 'failed';
  failure: FileFailure | null;
}

/** One file on its way, to us or from us (see call/file-transfers.ts). */
export interface FileTransfer {
  /** `transferKey(sender id, file id)`: how a chat message's file finds its transfer. */
  key: string;
  direction: 'send' | 'receive';
  size: number;
  /** Bytes moved; for a file we send, the average over its receivers. */
  bytes: number;
  /** `done` once here (receiving) or once every receiver has finished, one way or another. */
  state: 'moving' | 'done' | 'failed';
  failure: FileFailure | null;
  /** For a file we send: each receiver. */
  receivers: FileReceiver[];
  /** An object URL of the file once it is here (at once for our own); null before. */
  url: string | null;
}

/** The key of a file's transfer: the file ids are the sender's, so the sender is part of it. */
export const transferKey = (from: string, fileId: string) => `${from}/${fileId}`;

export interface CallState {
  roomId: string;
  /** Lobby before joining and after leaving; `joining` while the join is in flight. */
  phase: 'lobby' | 'joining' | 'in-call';
  /** The person left the call (camera and microphone released) and has not joined again. */
  left: boolean;
  /** The signaling connection. */
  server: 'connecting' | 'online' | 'offline';
  /** People in the room as seen from the lobby; null until known. */
  roomCount: number | null;
  /** The name typed in the lobby (may be empty). */
  name: string;
  /** Used when `name` is left empty. */
  guestName: string;
  /** Our microphone, camera, screen and devices, as the media controller last published them. */
  media: LocalMediaState;
  /** The latest notice; `key` tells two equal notices apart. */
  notice: { key: number; notice: Notice } | null;
  /** Participants speaking now: ids, the local one included. */
  speaking: string[];
  self: Participant | null;
  /** Everyone else, in order of arrival. */
  remotes: RemoteParticipant[];
  messages: ChatEntry[];
  /** The server keeps older messages than the first one here: `loadEarlierMessages` fetches them. */
  moreHistory: boolean;
  /** Files on their way, by `transferKey`; replaced, never mutated. */
  transfers: Record<string, FileTransfer>;
  /** Participants typing in the chat now (ids, never our own). */
  typing: string[];
  /** Why the last join failed, for the lobby's alert. */
  joinError: JoinError | null;
  /** The room is locked and we asked to be let in: the host has not answered yet. */
  knocking: boolean;
  /** The host removed us from the call (set with `left`, until we are in a call again). */
  removed: boolean;
  /** The participant id of the room's host; null outside a call. */
  hostId: string | null;
  /** Newcomers must knock and be admitted by the host. */
  locked: boolean;
  /** Who is waiting to be let in, in order of knocking (only the host hears of them). */
  knocks: Knock[];
  /** Participants with a raised hand, in the order they raised it (ids, ours included). */
  hands: string[];
  /** The reaction each participant sent last, by id, while it shows; replaced, never mutated. */
  reactions: Record<string, ShownReaction>;
}

/** A reaction on its sender's tile; `key` tells the same reaction sent twice apart. */
export interface ShownReaction {
  key: number;
  reaction: Reaction;
}

export type CallStore = ReturnType<typeof createCallStore>;

/** A fresh store per room page (and per test); it holds plain data and streams only. */
export function createCallStore(
  roomId: string,
  { name = '', guestName = 'Guest' }: { name?: string; guestName?: string } = {},
) {
  return createStore<CallState>()(() => ({
    roomId,
    phase: 'lobby',
    left: false,
    server: 'connecting',
    roomCount: null,
    name,
    guestName,
    media: initialMedia(),
    notice: null,
    speaking: [],
    self: null,
    remotes: [],
    messages: [],
    moreHistory: false,
    transfers: {},
    typing: [],
    joinError: null,
    knocking: false,
    removed: false,
    hostId: null,
    locked: false,
    knocks: [],
    hands: [],
    reactions: {},
  }));
}

/**
 * Replaces one remote participant's fields; unknown ids, and a patch that changes nothing,
 * leave the state as it is, so nothing that renders it runs again.
 */
export function patchRemote(store: CallStore, id: string, patch: Partial<RemoteParticipant>) {
  const { remotes } = store.getState();
  const current = remotes.find((remote) => remote.id === id);
  const keys = Object.keys(patch) as (keyof RemoteParticipant)[];
  if (!current || keys.every((key) => Object.is(current[key], patch[key]))) return;
  store.setState({
    remotes: remotes.map((remote) => (remote === current ? { ...current, ...patch } : remote)),
  });
}
