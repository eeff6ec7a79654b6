import type { Ack, ClientToServerEvents, JoinResult, Reaction } from '@moim/protocol';
import type { Notice } from './notices';
import { type Payload, type RequestOptions, request, type SignalingSocket } from './signaling-client';
import type { CallStore } from './store';

/** How long a reaction stays on its sender's tile. */
export const REACTION_SHOW_MS = 4000;

export interface HostingOptions {
  store: CallStore;
  socket: () => SignalingSocket | null;
  asking: RequestOptions;
  notify(notice: Notice): void;
  /** The host turned our microphone off: the media controller obeys. */
  mutedByHost(): void;
}

/**
 * The room's host, its lock and who knocks, raised hands and reactions: room state the
 * server keeps and announces (it refuses host actions from anyone else with `not_host`).
 * The store has the latest of each; the host's actions go out as requests.
 */
export class Hosting {
  readonly #options: HostingOptions;
  readonly #reactionTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #reactionKey = 0;

  constructor(options: HostingOptions) {
    this.#options = options;
  }

  listen(socket: SignalingSocket) {
    const { store } = this.#options;
    const inCall = () => store.getState().phase === 'in-call';
    socket.on('room:host', ({ hostId }) => {
      const { hostId: before, self, remotes } = store.getState();
      if (!inCall() || hostId === before) return;
      // A host that leaves for good hands the role on; only the host hears of knocks.
      store.setState({ hostId, ...(hostId === self?.id ? {} : { knocks: [] }) });
      const name = hostId === self?.id ? null : remotes.find((remote) => remote.id === hostId)?.name;
      if (name !== undefined) this.#options.notify({ type: 'host-changed', name });
    });
    socket.on('room:locked', ({ locked }) => {
      if (!inCall() || locked === store.getState().locked) return;
      store.setState({ locked });
      this.#options.notify({ type: 'room-locked', locked });
    });
    socket.on('knock:list', ({ knocks }) => {
      if (inCall()) store.setState({ knocks });
    });
    socket.on('room:hands', ({ hands }) => {
      if (inCall()) store.setState({ hands });
    });
    socket.on('reaction', ({ from, reaction }) => {
      // Our own shows as soon as the server takes it.
      if (inCall() && from !== store.getState().self?.id) this.#show(from, reaction);
    });
    socket.on('host:muted-you', () => {
      if (!inCall() || !store.getState().media.audio) return;
      this.#options.mutedByHost();
      this.#options.notify({ type: 'muted-by-host' });
    });
  }

  /** The room as the join (or the rejoin after a drop) found it. */
  start(response: JoinResult) {
    this.#options.store.setState({
      hostId: response.hostId,
      locked: response.locked,
      hands: response.hands,
      knocks: response.knocks ?? [],
    });
  }

  /** Hung up: nothing of the room stays. */
  clear() {
    for (const timer of this.#reactionTimers.values()) clearTimeout(timer);
    this.#reactionTimers.clear();
    this.#options.store.setState({ hostId: null, locked: false, knocks: [], hands: [], reactions: {} });
  }

  // The host's actions; the server refuses them from anyone else.
  setLocked = (locked: boolean) => this.#ask('host:lock', { locked });
  admit = (id: string) => this.#answer(id, 'host:admit');
  deny = (id: string) => this.#answer(id, 'host:deny');
  mute = (id: string) => this.#ask('host:mute', { id });
  remove = (id: string) => this.#ask('host:remove', { id });
  makeHost = (id: string) => this.#ask('host:transfer', { id });
  lowerHand = (id: string) => this.#ask('host:lower-hand', { id });

  /** Raises or lowers our own hand; the answer (and `room:hands`) carries the room's order. */
  raiseHand = async (raised: boolean) => {
    const socket = this.#ready();
    if (!socket) return false;
    const response = await request(socket, 'hand:raise', { raised }, this.#options.asking);
    if (response.ok && this.#options.store.getState().phase === 'in-call')
      this.#options.store.setState({ hands: response.hands });
    return response.ok;
  };

  /** Sends a reaction to everyone, shown on our own tile too once the server takes it. */
  react = async (reaction: Reaction) => {
    if (await this.#ask('reaction:send', { reaction })) {
      const self = this.#options.store.getState().self;
      if (self) this.#show(self.id, reaction);
    }
  };

  /** The knock leaves the host's list at once; the server's next list confirms it. */
  async #answer(id: string, event: 'host:admit' | 'host:deny') {
    const { store } = this.#options;
    store.setState((state) => ({ knocks: state.knocks.filter((knock) => knock.id !== id) }));
    return this.#ask(event, { id });
  }

  #ready(): SignalingSocket | null {
    const socket = this.#options.socket();
    return socket?.connected && this.#options.store.getState().phase === 'in-call' ? socket : null;
  }

  async #ask<E extends keyof ClientToServerEvents>(event: E, payload: Payload<E>): Promise<boolean> {
    const socket = this.#ready();
    if (!socket) return false;
    const response = (await request(socket, event, payload, this.#options.asking)) as Ack;
    return response.ok;
  }

  #show(from: string, reaction: Reaction) {
    const { store } = this.#options;
    clearTimeout(this.#reactionTimers.get(from));
    store.setState((state) => ({
      reactions: { ...state.reactions, [from]: { key: ++this.#reactionKey, reaction } },
    }));
    this.#reactionTimers.set(
      from,
      setTimeout(() => {
        this.#reactionTimers.delete(from);
        store.setState((state) => {
          const { [from]: _gone, ...rest } = state.reactions;
          return { reactions: rest };
        });
      }, REACTION_SHOW_MS),
    );
  }
}
