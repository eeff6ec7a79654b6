import type { Logger } from './logger';
import type { AppliedDescriptions } from './peer-link-types';
import type { CallStorage } from './storage';
import { type CallStore, patchRemote } from './store';

/**
 * Each connection's safety code in the store, and which codes this device was told are
 * right: the code appears once a link's DTLS is up and goes when the link is lost; a person
 * marked verified stays so, on this device, for as long as their code stays the same.
 */
export class SafetyCodes {
  readonly #store: CallStore;
  readonly #storage: CallStorage;
  /** Counts each person's links going down, so a code worked out for an older link is dropped. */
  readonly #generation = new Map<string, number>();
  #certificate: RTCCertificate | null = null;
  /** Settles once the session's certificate is made (or could not be: each link makes its own). */
  ready: Promise<void> = Promise.resolve();

  constructor(store: CallStore, storage: CallStorage) {
    this.#store = store;
    this.#storage = storage;
  }

  /**
   * Makes the session's one DTLS certificate. Every link of the session uses it, so a link
   * replaced during the call (a reconnect) keeps its code; a new session (a reload) has a new one.
   */
  prepare(generate: (() => Promise<RTCCertificate>) | undefined, log: Logger) {
    if (!generate || this.#certificate) return;
    this.ready = generate().then(
      (certificate) => {
        this.#certificate = certificate;
      },
      (error: unknown) => log.warn('no session certificate: codes change when a link is replaced', error),
    );
  }

  /** For RTCConfiguration: the session's certificate, once made. */
  certificates(): { certificates?: RTCCertificate[] } {
    return this.#certificate ? { certificates: [this.#certificate] } : {};
  }

  /**
   * A link to `id` is up: its code (hashed off the main path, by code loaded with the first
   * link: a room page alone needs none) and their verified one.
   */
  secured(id: string, descriptions: AppliedDescriptions | null) {
    const generation = this.#generation.get(id) ?? 0;
    if (!descriptions) return;
    import('./safety-code')
      .then(({ safetyCode }) => safetyCode(descriptions.local, descriptions.remote))
      .then(
        (code) => {
          if ((this.#generation.get(id) ?? 0) !== generation) return;
          const { roomId } = this.#store.getState();
          patchRemote(this.#store, id, {
            safetyCode: code,
            verifiedCode: this.#storage.verifiedCode(roomId, id),
          });
        },
        // The code could not load: no code shown, as for a link without fingerprints.
        () => {},
      );
  }

  /** The link to `id` went down, away, or is being replaced: no code until a new one is up. */
  lost(id: string) {
    this.#generation.set(id, (this.#generation.get(id) ?? 0) + 1);
    patchRemote(this.#store, id, { safetyCode: null });
  }

  /** The person compared the code with `id` and says it matches (or takes that back). */
  setVerified(id: string, verified: boolean) {
    const { roomId, remotes } = this.#store.getState();
    const code = remotes.find((remote) => remote.id === id)?.safetyCode ?? null;
    if (verified && code === null) return; // Nothing on screen to vouch for.
    const verifiedCode = verified ? code : null;
    this.#storage.saveVerified(roomId, id, verifiedCode);
    patchRemote(this.#store, id, { verifiedCode });
  }
}
