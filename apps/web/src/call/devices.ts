/** The kinds of device a person can choose. */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export type DeviceLists = Record<DeviceKind, DeviceOption[]>;

/** The devices chosen, by kind; absent: the browser's default. */
export type SelectedDevices = Partial<Record<DeviceKind, string>>;

/** The browser's device APIs the engine needs; tests hand in fakes. */
export interface DeviceApi {
  enumerateDevices(): Promise<Pick<MediaDeviceInfo, 'deviceId' | 'kind' | 'label'>[]>;
  getDisplayMedia?(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  /** Calls back when a device is plugged in or out; returns how to stop listening. */
  onDeviceChange?(listener: () => void): () => void;
}

export const NO_DEVICES: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };

/**
 * The cameras, microphones and speakers to choose from. A device's label is empty until
 * the page may see it (no permission yet): the UI names it by kind and place.
 */
export async function listDevices(api: DeviceApi | undefined): Promise<DeviceLists> {
  const all = (await api?.enumerateDevices().catch(() => [])) ?? [];
  const of = (kind: DeviceKind) =>
    all
      .filter((device) => device.kind === kind && device.deviceId)
      .map((device) => ({ deviceId: device.deviceId, label: device.label }));
  return { audioinput: of('audioinput'), videoinput: of('videoinput'), audiooutput: of('audiooutput') };
}
