import { NAME_MAX_LENGTH } from '@moim/protocol';
import { type FormEvent, useLayoutEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { CallActions } from '../call/call-session';
import type { CallStore } from '../call/store';
import { DeviceSettings } from './DeviceSettings';
import { keepTabInside } from './focus';
import { useT } from './i18n';
import { LanguageChoice } from './LanguageChoice';

interface Props {
  store: CallStore;
  actions: Pick<CallActions, 'selectDevice' | 'rename'>;
  onClose: () => void;
}

/**
 * Settings during the call, in a modal dialog: one's name, camera, microphone, speaker and
 * language. Escape and **Close** close it; the opener gives the focus back to its button.
 */
export function SettingsDialog({ store, actions, onClose }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // jsdom has no showModal: there the dialog is simply open.
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    title.current?.focus();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog settings-dialog"
      aria-labelledby="settings-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => keepTabInside(event, ref.current, title.current)}
    >
      <div className="dialog-header">
        <h2 id="settings-title" className="dialog-title" tabIndex={-1} ref={title}>
          {t('settings.title')}
        </h2>
        <button type="button" className="button" onClick={onClose}>
          {t('settings.close')}
        </button>
      </div>
      <RenameForm store={store} actions={actions} />
      <DeviceSettings store={store} actions={actions} />
      <LanguageChoice />
    </dialog>
  );
}

/** One's display name, changed for everyone in the call. */
function RenameForm({ store, actions }: { store: CallStore; actions: Pick<CallActions, 'rename'> }) {
  const t = useT();
  const current = useStore(store, (state) => state.self?.name ?? state.name);
  const [draft, setDraft] = useState(current);
  const [result, setResult] = useState<Awaited<ReturnType<CallActions['rename']>> | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      setResult(await actions.rename(draft));
    } catch {
      setResult('refused');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="rename-form" onSubmit={submit}>
      <label className="field-label" htmlFor="rename-input">
        {t('settings.yourName')}
      </label>
      <div className="row">
        <input
          id="rename-input"
          className="input"
          value={draft}
          maxLength={NAME_MAX_LENGTH}
          autoComplete="nickname"
          onChange={(event) => {
            setDraft(event.target.value);
            setResult(null);
          }}
        />
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {t('settings.rename')}
        </button>
      </div>
      {result === 'invalid' && (
        <p role="alert" className="alert">
          {t('error.invalidName', { max: NAME_MAX_LENGTH })}
        </p>
      )}
      {result === 'refused' && (
        <p role="alert" className="alert">
          {t('settings.renameFailed')}
        </p>
      )}
      <p className="field-note" aria-live="polite">
        {result === 'renamed' ? t('settings.renamed', { name: current }) : ''}
      </p>
    </form>
  );
}
