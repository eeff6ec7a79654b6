import type { JoinResult, Participant } from '@moim/protocol';
import type { Notice } from './notices';
import { type CallStore, newRemote, patchRemote } from './store';

/** What the roster asks of the peer connections when people come and go. */
export interface RosterLinks {
  /** We offer to someone already in the room. */
  connect(id: string): void;
  /** Back after a drop: keep a working link, offer again if there is none. */
  ensure(id: string): void;
  /** A newcomer will offer to us: wait for it (and step in if it never comes). */
  expect(id: string): void;
  remove(id: string): void;
}

export interface RosterOptions {
  links: RosterLinks;
  notify(notice: Notice): void;
  /** The set of people changed: what we send to each may change with it. */
  changed(): void;
}

/**
 * Who else is in the call, from the server's join answer and its joined/updated/left
 * events; after a reconnect, reconciled with who we knew, with a grace period for those
 * who may be on their way back too.
 */
export class Roster {
  readonly #store: CallStore;
  readonly #options: RosterOptions;
  /** Remotes missing after we came back; dropped unless they reappear within the grace. */
  readonly #absent = new Map<string, ReturnType<typeof setTimeout>>();
  #graceMs = 15_000;

  constructor(store: CallStore, options: RosterOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Everyone already in the room when we joined: we offer to each. */
  start(response: JoinResult) {
    this.#graceMs = response.graceMs;
    this.#store.setState({ remotes: response.participants.map(newRemote) });
    // The newcomer makes the offer to everyone already present, so a pair never offers twice.
    for (const participant of response.participants) this.#options.links.connect(participant.id);
    this.#options.changed();
  }

  /**
   * Back after the signaling connection dropped. Peer connections that still work are
   * kept; missing ones are offered again. If the server still held our seat, its list is
   * the truth; if it did not (it restarted), others may still be on their way back, so
   * anyone missing gets the grace period before their tile goes.
   */
  rejoined(response: JoinResult) {
    this.#graceMs = response.graceMs;
    const present = new Set(response.participants.map((participant) => participant.id));
    const { remotes } = this.#store.getState();
    const known = new Set(remotes.map((remote) => remote.id));
    this.#store.setState({
      remotes: [
        ...remotes.map((remote) => {
          const update = response.participants.find((participant) => participant.id === remote.id);
          return update ? { ...remote, ...update } : remote;
        }),
        ...response.participants.filter((participant) => !known.has(participant.id)).map(newRemote),
      ],
    });
    for (const participant of response.participants) {
      this.#cancelAbsence(participant.id);
      this.#options.links.ensure(participant.id);
    }
    for (const remote of remotes) {
      if (present.has(remote.id)) continue;
      if (response.resumed) this.remove(remote.id);
      else this.#markAbsent(remote.id);
    }
  }

  joined(participant: Participant) {
    if (this.#store.getState().phase !== 'in-call') return;
    this.#cancelAbsence(participant.id);
    if (this.has(participant.id)) {
      // Back after a server restart: a working connection carries on.
      patchRemote(this.#store, participant.id, participant);
    } else {
      this.#store.setState((state) => ({ remotes: [...state.remotes, newRemote(participant)] }));
      this.#options.notify({ type: 'participant-joined', name: participant.name });
    }
    // The newcomer offers; we answer.
    this.#options.links.expect(participant.id);
    this.#options.changed();
  }

  updated(participant: Participant) {
    patchRemote(this.#store, participant.id, participant);
  }

  left(id: string) {
    const gone = this.#store.getState().remotes.find((remote) => remote.id === id);
    this.remove(id);
    if (gone) this.#options.notify({ type: 'participant-left', name: gone.name });
  }

  has(id: string) {
    return this.#store.getState().remotes.some((remote) => remote.id === id);
  }

  remove(id: string) {
    this.#cancelAbsence(id);
    this.#options.links.remove(id);
    this.#store.setState((state) => ({ remotes: state.remotes.filter((remote) => remote.id !== id) }));
  }

  /** Hung up: nobody is shown, no timer is left. */
  clear() {
    for (const id of [...this.#absent.keys()]) this.#cancelAbsence(id);
    this.#store.setState({ remotes: [] });
  }

  #markAbsent(id: string) {
    this.#cancelAbsence(id);
    this.#absent.set(
      id,
      setTimeout(() => this.remove(id), this.#graceMs),
    );
  }

  #cancelAbsence(id: string) {
    clearTimeout(this.#absent.get(id));
    this.#absent.delete(id);
  }
}
