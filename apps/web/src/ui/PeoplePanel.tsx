import { useStore } from 'zustand';
import type { CallStore } from '../call/store';
import { useT } from './i18n';
import { CameraOffIcon, MicOffIcon } from './icons';
import { Indicator, initials } from './ParticipantTile';

interface Person {
  id: string;
  name: string;
  audio: boolean;
  video: boolean;
  self: boolean;
}

/** Everyone in the call, oneself first, with what they send. */
export function PeoplePanel({ store, id }: { store: CallStore; id?: string }) {
  const t = useT();
  const self = useStore(store, (state) => state.self);
  const audio = useStore(store, (state) => state.media.audio);
  const video = useStore(store, (state) => state.media.video);
  const remotes = useStore(store, (state) => state.remotes);
  const people: Person[] = [
    ...(self ? [{ id: self.id, name: self.name, audio, video, self: true }] : []),
    ...remotes.map(({ id, name, audio, video }) => ({ id, name, audio, video, self: false })),
  ];
  return (
    <aside className="panel people" aria-label={t('people.title')} id={id}>
      <h2 className="panel-title">
        {t('people.title')} <span className="panel-count">({people.length})</span>
      </h2>
      <ul className="people-list">
        {people.map((person) => (
          <li key={person.id} className="person">
            <span className="avatar person-avatar" aria-hidden="true">
              {initials(person.name)}
            </span>
            <span className="person-name">
              <bdi>{person.name}</bdi>
              {person.self && t('tile.youSuffix')}
            </span>
            {!person.audio && (
              <Indicator label={t('tile.microphoneOff')}>
                <MicOffIcon />
              </Indicator>
            )}
            {!person.video && (
              <Indicator label={t('tile.cameraOff')}>
                <CameraOffIcon />
              </Indicator>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
