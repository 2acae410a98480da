// The header's part for the signed-in person: who and with which role, and their account.
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import type { Me } from './team-api.ts';

export function SignedInAs({ me }: { me: Me }) {
  const { t, route } = useApp();
  return (
    <>
      <span class="who">{t('signedInAs', { name: me.name || me.email || me.id, role: t(`role_${me.role}`) })}</span>
      <RouteLink to={{ view: 'account' }} current={route.view === 'account'}>
        {t('account')}
      </RouteLink>
    </>
  );
}
