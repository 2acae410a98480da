// Who a case can be given to (GET /v1/assignees), as <option>s: people, then teams. The case form's
// owner field and the queue's "Assign to" both use them.
import type { Translate } from './i18n.ts';
import type { Assignees } from './team-api.ts';

/** [value, words] of every person and team: `person:<id>` → "Mia (North)", `team:North` → "Team North". */
export function ownersOf(a: Assignees, t: Translate) {
  const people = a.people.map((p) => [`person:${p.id}`, p.team ? `${p.name} (${p.team})` : p.name] as const);
  const teams = a.teams.map((name) => [`team:${name}`, t('teamOwner', { name })] as const);
  return { people, teams, all: [...people, ...teams] };
}

export function OwnerOptions({ owners, t }: { owners: ReturnType<typeof ownersOf>; t: Translate }) {
  return (
    <>
      {owners.people.length > 0 && (
        <optgroup label={t('ownerPeople')}>
          {owners.people.map(([v, name]) => (
            <option value={v}>{name}</option>
          ))}
        </optgroup>
      )}
      {owners.teams.length > 0 && (
        <optgroup label={t('ownerTeams')}>
          {owners.teams.map(([v, name]) => (
            <option value={v}>{name}</option>
          ))}
        </optgroup>
      )}
    </>
  );
}
