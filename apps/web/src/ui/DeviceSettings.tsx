import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { DeviceKind } from '../call/devices';
import type { CallStore } from '../call/store';
import { deviceName } from './words';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'selectDevice'>;
}

/** Whether this browser lets a page choose where sound plays (Firefox and Safari mostly do not). */
export const canChooseSpeaker = () =>
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

const CHOICES: { kind: DeviceKind; label: string }[] = [
  { kind: 'videoinput', label: 'Choose camera' },
  { kind: 'audioinput', label: 'Choose microphone' },
  { kind: 'audiooutput', label: 'Choose speaker' },
];

/** Camera, microphone and (where supported) speaker, switched without leaving the call. */
export function DeviceSettings({ store, actions }: Props) {
  const devices = useStore(store, (state) => state.media.devices);
  const selected = useStore(store, (state) => state.media.selected);
  const choices = CHOICES.filter(
    ({ kind }) => devices[kind].length > 0 && (kind !== 'audiooutput' || canChooseSpeaker()),
  );
  if (choices.length === 0) return null;
  return (
    <div className="device-settings">
      {choices.map(({ kind, label }) => (
        <label key={kind} className="device-choice">
          <span className="field-label">{label}</span>
          <select
            className="input"
            value={selected[kind] ?? ''}
            onChange={(event) => void actions.selectDevice(kind, event.target.value)}
          >
            {!selected[kind] && <option value="">Default</option>}
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
