import type { HostActions } from './HostOnDemand';
import { useT } from './i18n';
import type { Person } from './PeoplePanel';

/** What the host can do to someone else; the server refuses it from anyone but the host. */
export function HostTools({
  person,
  raised,
  actions,
}: {
  person: Person;
  raised: boolean;
  actions: HostActions;
}) {
  const t = useT();
  const { id, name } = person;
  // Short words on the buttons; their names say whom they act on ("Mute Ben").
  return (
    <span className="host-tools">
      {raised && (
        <button
          type="button"
          className="button small"
          aria-label={t('people.lowerHand', { name })}
          onClick={() => void actions.lowerHand(id)}
        >
          {t('people.lowerHandShort')}
        </button>
      )}
      <button
        type="button"
        className="button small"
        aria-label={t('people.mute', { name })}
        disabled={!person.audio}
        onClick={() => void actions.mute(id)}
      >
        {t('people.muteShort')}
      </button>
      <button
        type="button"
        className="button small"
        aria-label={t('people.makeHost', { name })}
        onClick={() => void actions.makeHost(id)}
      >
        {t('people.makeHostShort')}
      </button>
      <button
        type="button"
        className="button small danger"
        aria-label={t('people.remove', { name })}
        onClick={() => void actions.remove(id)}
      >
        {t('people.removeShort')}
      </button>
    </span>
  );
}
