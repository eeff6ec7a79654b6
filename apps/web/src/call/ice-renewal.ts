import { type Ack, ErrorCode, type IceConfig } from '@moim/protocol';

/** After a failed renewal (no answer, rate limited), the next try. */
export const ICE_RETRY_MS = 30_000;
/** Renew at least this long before the credentials expire. */
const ICE_MARGIN_MS = 60_000;

/** When to renew credentials expiring in `expiresInMs`: at three quarters of their life, a minute before the end at the latest. */
export function renewalDelay(expiresInMs: number): number {
  return Math.max(0, Math.min(expiresInMs * 0.75, expiresInMs - ICE_MARGIN_MS));
}

export interface IceRenewalDeps {
  /** Asks the server for fresh settings (`ice:refresh`); null when there is no connection to ask on. */
  refresh: () => Promise<Ack<IceConfig>> | null;
  /** Takes fresh settings: links made from now on use them. */
  apply: (config: IceConfig) => void;
}

/**
 * Keeps TURN credentials valid through a long call: renews them a while before they expire,
 * and again before the new ones do. Links already up keep theirs (a TURN server checks a
 * credential when a relay is allocated); a link made later, to a newcomer or to replace a
 * lost one, needs valid ones.
 *
 * @example
 * const renewal = new IceRenewal({ refresh: () => request(socket, 'ice:refresh', {}), apply });
 * renewal.schedule(joinResult.iceExpiresInMs);
 * renewal.stop(); // on hang-up
 */
export class IceRenewal {
  readonly #deps: IceRenewalDeps;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by every schedule and stop, so an answer to an older request is ignored. */
  #generation = 0;

  constructor(deps: IceRenewalDeps) {
    this.#deps = deps;
  }

  /** Plans the renewal of credentials expiring in `expiresInMs`; null: they never expire. */
  schedule(expiresInMs: number | null) {
    this.stop();
    if (expiresInMs !== null) this.#wait(renewalDelay(expiresInMs));
  }

  stop() {
    this.#generation++;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #wait(delayMs: number) {
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#renew(generation);
    }, delayMs);
  }

  async #renew(generation: number) {
    const answer = await this.#deps.refresh();
    if (generation !== this.#generation || answer === null) return;
    if (answer.ok) {
      this.#deps.apply(answer);
      this.schedule(answer.iceExpiresInMs);
      return;
    }
    // Not seated any more: the next join brings fresh credentials and schedules again.
    if (answer.error.code === ErrorCode.NotInRoom) return;
    this.#wait(ICE_RETRY_MS);
  }
}
