import { useStore } from 'zustand';
import type { CallStore } from '../call/store';
import { type HostActions, HostTools } from './HostOnDemand';
import { useT } from './i18n';
import { CameraOffIcon, HandIcon, MicOffIcon } from './icons';
import { Indicator, initials } from './ParticipantTile';

export interface Person {
  id: string;
  name: string;
  audio: boolean;
  video: boolean;
  self: boolean;
}

/** Raised hands first, in the order they went up; then oneself, then the others as they came. */
export function peopleInOrder(people: Person[], hands: string[]): Person[] {
  const raised = hands.flatMap((id) => people.filter((person) => person.id === id));
  return [...raised, ...people.filter((person) => !hands.includes(person.id))];
}

/** Everyone in the call with what they send, who hosts and whose hand is up; the host's tools for each. */
export function PeoplePanel({ store, actions, id }: { store: CallStore; actions: HostActions; id?: string }) {
  const t = useT();
  const self = useStore(store, (state) => state.self);
  const audio = useStore(store, (state) => state.media.audio);
  const video = useStore(store, (state) => state.media.video);
  const remotes = useStore(store, (state) => state.remotes);
  const people: Person[] = [
    ...(self ? [{ id: self.id, name: self.name, audio, video, self: true }] : []),
    ...remotes.map(({ id, name, audio, video }) => ({ id, name, audio, video, self: false })),
  ];
  const hands = useStore(store, (state) => state.hands);
  const hostId = useStore(store, (state) => state.hostId);
  const amHost = useStore(store, (state) => state.self !== null && state.self.id === state.hostId);
  return (
    <aside className="panel people" aria-label={t('people.title')} id={id}>
      <h2 className="panel-title">
        {t('people.title')} <span className="panel-count">({people.length})</span>
      </h2>
      <ul className="people-list">
        {peopleInOrder(people, hands).map((person) => {
          const raised = hands.includes(person.id);
          return (
            <li key={person.id} className="person">
              <span className="avatar person-avatar" aria-hidden="true">
                {initials(person.name)}
              </span>
              <span className="person-name">
                <bdi>{person.name}</bdi>
                {person.self && t('tile.youSuffix')}
                {person.id === hostId && <span className="host-label">{t('host.label')}</span>}
              </span>
              {raised && (
                <Indicator label={t('hand.raised')} hand>
                  <HandIcon />
                </Indicator>
              )}
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
              {amHost && !person.self && <HostTools person={person} raised={raised} actions={actions} />}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
