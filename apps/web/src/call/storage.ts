import { DisplayNameSchema, MediaStateSchema, ResumeSchema } from '@moim/protocol';
import * as v from 'valibot';
import type { SelectedDevices } from './devices';

/** Who we are in the room, to get the same seat back after a reconnect or a reload. */
export type Seat = v.InferOutput<typeof ResumeSchema>;

/** What a reload needs to come back as the same participant, sending the same things. */
const SavedSeatSchema = v.object({
  ...ResumeSchema.entries,
  name: DisplayNameSchema,
  ...MediaStateSchema.entries,
});
export type SavedSeat = v.InferOutput<typeof SavedSeatSchema>;

const SelectedDevicesSchema = v.partial(
  v.object({ audioinput: v.string(), videoinput: v.string(), audiooutput: v.string() }),
);

/** A safety code as call/safety-code.ts writes it: groups of five digits. */
const SafetyCodeSchema = v.pipe(v.string(), v.regex(/^\d{5}( \d{5})+$/));
/** Per room: participant id -> the code this person was marked verified with. */
const VerifiedCodesSchema = v.record(v.pipe(v.string(), v.maxLength(64)), SafetyCodeSchema);
/** Participants remembered per room; the oldest go first (a daily room sees new ids each day). */
export const VERIFIED_PER_ROOM = 100;

const NAME_KEY = 'moim:name';
const DEVICES_KEY = 'moim:devices';
const rejoinKey = (roomId: string) => `moim:rejoin:${roomId}`;
const verifiedKey = (roomId: string) => `moim:verified:${roomId}`;
const removedKey = (roomId: string) => `moim:removed:${roomId}`;

/**
 * What this device remembers: the name, the chosen devices, the safety codes marked as
 * verified and a seat the host removed us from (localStorage), and, for one
 * reload of this tab, the seat in a room (sessionStorage). Everything read back is checked
 * with the protocol's schemas: a damaged or hand-edited entry reads as nothing.
 */
export class CallStorage {
  readonly #device: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  readonly #tab: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;

  constructor(
    device: Pick<Storage, 'getItem' | 'setItem'> | undefined,
    tab: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined,
  ) {
    this.#device = device;
    this.#tab = tab;
  }

  name(): string {
    return read(this.#device?.getItem(NAME_KEY), DisplayNameSchema, false) ?? '';
  }

  saveName(name: string) {
    this.#device?.setItem(NAME_KEY, name);
  }

  devices(): SelectedDevices {
    return read(this.#device?.getItem(DEVICES_KEY), SelectedDevicesSchema) ?? {};
  }

  saveDevices(selected: SelectedDevices) {
    this.#device?.setItem(DEVICES_KEY, JSON.stringify(selected));
  }

  /** The seat saved before a reload; read once, so a copy of this tab made later cannot claim it. */
  takeSeat(roomId: string): SavedSeat | null {
    const saved = this.#tab?.getItem(rejoinKey(roomId));
    if (saved == null) return null;
    this.#tab?.removeItem(rejoinKey(roomId));
    return read(saved, SavedSeatSchema);
  }

  saveSeat(roomId: string, seat: SavedSeat) {
    this.#tab?.setItem(rejoinKey(roomId), JSON.stringify(seat));
  }

  /**
   * The seat the host removed us from in `roomId`: a join that presents it must knock, even
   * in an unlocked room, so it is kept on this device (localStorage) until the host lets us in.
   */
  removedSeat(roomId: string): Seat | null {
    return read(this.#device?.getItem(removedKey(roomId)), ResumeSchema);
  }

  saveRemovedSeat(roomId: string, seat: Seat | null) {
    this.#device?.setItem(removedKey(roomId), seat ? JSON.stringify(seat) : '');
  }

  /** The safety code `participantId` was marked verified with in `roomId`; null if never. */
  verifiedCode(roomId: string, participantId: string): string | null {
    return this.#verified(roomId)[participantId] ?? null;
  }

  /** Remembers `code` as verified for `participantId` (null forgets it). */
  saveVerified(roomId: string, participantId: string, code: string | null) {
    const { [participantId]: _previous, ...others } = this.#verified(roomId);
    const kept = Object.entries(others).slice(-(VERIFIED_PER_ROOM - 1));
    const next = Object.fromEntries(code === null ? kept : [...kept, [participantId, code]]);
    this.#device?.setItem(verifiedKey(roomId), JSON.stringify(next));
  }

  #verified(roomId: string): Record<string, string> {
    return read(this.#device?.getItem(verifiedKey(roomId)), VerifiedCodesSchema) ?? {};
  }

  /** A setting read once per session (the benchmark turns adaptation off this way). */
  setting(key: string): string | null {
    return this.#device?.getItem(key) ?? null;
  }
}

/** Parses a stored value (JSON unless `json` is false) with `schema`; null if absent or invalid. */
function read<S extends v.GenericSchema>(
  stored: string | null | undefined,
  schema: S,
  json = true,
): v.InferOutput<S> | null {
  if (stored == null) return null;
  try {
    const result = v.safeParse(schema, json ? JSON.parse(stored) : stored);
    return result.success ? result.output : null;
  } catch {
    return null; // Not JSON.
  }
}
