/** What the Logins search and a login's page share: their strings and the state and nightly badges. */
import type { Answer } from '../api.ts';
import type { Translate } from '../i18n.ts';
import { Badge } from '../ui.tsx';

export type LoginSummary = Answer<'getOperatorV1Logins'>['logins'][number];

export const loginStrings = {
  en: {
    title: 'Logins',
    description: 'Bank logins your customers connected: find one by its LoginId or by the username typed at the bank.',
    search: 'LoginId or username', searchHint: 'A LoginId finds that login; anything else finds usernames that start with it.', customer: 'Customer ID', filters: 'Find logins',
    colUsername: 'Username', colLogin: 'LoginId', colCustomer: 'Customer', colInstitution: 'Institution', colState: 'State', colRefresh: 'Last refresh', colNightly: 'Nightly refresh',
    caption: 'Logins found', none: 'No login found', noneText: 'Check the LoginId, or type the first letters of the username.',
    new: 'New', aggregating: 'Aggregating', ready: 'Ready', failed: 'Failed',
    scheduled: 'Scheduled', notScheduled: 'Not scheduled', ineligible: 'Scheduled, not eligible',
  },
  fr: {
    title: 'Connexions',
    description: 'Les connexions bancaires de vos clients : trouvez-en une par son LoginId ou par le nom d’utilisateur saisi à la banque.',
    search: 'LoginId ou nom d’utilisateur', searchHint: 'Un LoginId trouve cette connexion ; autre chose trouve les noms d’utilisateur qui commencent ainsi.', customer: 'ID client', filters: 'Trouver des connexions',
    colUsername: 'Nom d’utilisateur', colLogin: 'LoginId', colCustomer: 'Client', colInstitution: 'Institution', colState: 'État', colRefresh: 'Dernière actualisation', colNightly: 'Actualisation de nuit',
    caption: 'Connexions trouvées', none: 'Aucune connexion trouvée', noneText: 'Vérifiez le LoginId, ou tapez les premières lettres du nom d’utilisateur.',
    new: 'Nouvelle', aggregating: 'Agrégation', ready: 'Prête', failed: 'Échec',
    scheduled: 'Planifiée', notScheduled: 'Non planifiée', ineligible: 'Planifiée, non admissible',
  },
};

type LoginKey = keyof typeof loginStrings.en;

export function StateBadge({ state, t }: { state: LoginSummary['state']; t: Translate<LoginKey> }) {
  const tone = state === 'ready' ? 'success' : state === 'failed' ? 'danger' : state === 'aggregating' ? 'info' : 'neutral';
  return <Badge tone={tone}>{t(state)}</Badge>;
}

export function NightlyBadge({ nightly, t }: { nightly: LoginSummary['nightly']; t: Translate<LoginKey> }) {
  if (!nightly.scheduled) return <Badge>{t('notScheduled')}</Badge>;
  return nightly.eligible ? <Badge tone="success">{t('scheduled')}</Badge> : <Badge tone="warning">{t('ineligible')}</Badge>;
}
