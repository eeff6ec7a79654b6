import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { DeviceKind } from '../call/devices';
import type { CallStore } from '../call/store';
import { type MessageId, useT } from './i18n';
import { deviceName } from './words';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'selectDevice'>;
}

/** Whether this browser lets a page choose where sound plays (Firefox and Safari mostly do not). */
export const canChooseSpeaker = () =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

const CHOICES: { kind: DeviceKind; label: MessageId }[] = [
  { kind: 'videoinput', label: 'devices.chooseCamera' },
  { kind: 'audioinput', label: 'devices.chooseMicrophone' },
  { kind: 'audiooutput', label: 'devices.chooseSpeaker' },
];

/** Camera, microphone and (where supported) speaker, switched without leaving the call. */
export function DeviceSettings({ store, actions }: Props) {
  const t = useT();
  const devices = useStore(store, (state) => state.media.devices);
  const listed = useStore(store, (state) => state.media.devicesListed);
  const selected = useStore(store, (state) => state.media.selected);
  const choices = CHOICES.filter(
    ({ kind }) => devices[kind].length > 0 && (kind !== 'audiooutput' || canChooseSpeaker()),
  );
  if (choices.length === 0) return listed ? null : <ReservedChoices />;
  return (
    <div className="device-settings">
      {choices.map(({ kind, label }) => (
        <label key={kind} className="device-choice">
          <span className="field-label">{t(label)}</span>
          <select
            className="input"
            value={selected[kind] ?? ''}
            onChange={(event) => void actions.selectDevice(kind, event.target.value)}
          >
            {!selected[kind] && <option value="">{t('devices.default')}</option>}
            {devices[kind].map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {deviceName(kind, device.label, index)}
              </option>
            ))}
          </select>
        </label>
      ))}
    </div>
  );
}

/**
 * Until the devices are listed, the room the usual choices take, unseen: the lobby does not
 * move when they arrive (a page that jumps makes people click the wrong thing).
 */
function ReservedChoices() {
  const t = useT();
  return (
    <div className="device-settings reserved" aria-hidden="true">
      {CHOICES.filter(({ kind }) => kind !== 'audiooutput' || canChooseSpeaker()).map(({ kind, label }) => (
        <div key={kind} className="device-choice">
          <span className="field-label">{t(label)}</span>
          <select className="input" disabled tabIndex={-1}>
            <option>{t('devices.default')}</option>
          </select>
        </div>
      ))}
    </div>
  );
}
