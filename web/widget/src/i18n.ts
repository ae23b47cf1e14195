/**
 * Every string of the widget, in English and French. `{name}` placeholders are
 * filled by `t`. French follows Canadian usage (courriel, institution financière...).
 */
import type { Language } from './params.ts';

const en = {
  documentTitle: 'Connect your account',
  headerTitle: 'Connect your account',
  secured: 'Secured by Maplelink',
  back: 'Back',
  close: 'Close',
  loading: 'Loading…',
  loadingInstitutions: 'Loading institutions…',
  connecting: 'Connecting to {institution}…',
  verifying: 'Verifying your answers…',
  fetchingAccounts: 'Retrieving your accounts…',
  resuming: 'Resuming your session…',
  finishing: 'Finishing…',
  pleaseWait: 'Please wait',

  consentTitle: 'Connect your bank account',
  consentIntroNamed: '{customer} uses Maplelink to connect securely to your financial institution.',
  consentIntro: 'This application uses Maplelink to connect securely to your financial institution.',
  consentShareNamed: 'With your permission, {customer} will receive:',
  consentShare: 'With your permission, this application will receive:',
  consentAccounts: 'Your accounts and their balances',
  consentTransactions: 'Your transaction history',
  consentHolder: 'The account holder’s name and contact details',
  consentCredentialsNamed: 'Your username and password are never shared with {customer}.',
  consentCredentials: 'Your username and password are never shared with this application.',
  consentReadOnly: 'Read-only access: no money can be moved.',
  terms: 'Terms and conditions',
  termsNewWindow: '(opens in a new window)',
  accept: 'Continue',
  decline: 'Cancel',
  declinedTitle: 'Connection cancelled',
  declinedText: 'No information was shared. You can close this window.',
  startAgain: 'Start again',

  selectorTitle: 'Select your institution',
  searchLabel: 'Search for your institution',
  searchPlaceholder: 'Bank or credit union',
  resultsMany: '{n} institutions',
  resultsOne: '1 institution',
  noResults: 'No institution matches “{query}”.',
  sandbox: 'Test',
  institutionListLabel: 'Institutions',

  credentialsTitle: 'Log in to {institution}',
  credentialsIntro: 'Enter the username and password you use for {institution} online banking.',
  username: 'Username',
  password: 'Password',
  showPassword: 'Show password',
  fieldRequired: '{field} is required.',
  submitCredentials: 'Connect',
  sandboxHint: 'Test institution: username Greatday, password Everyday.',

  mfaTitle: 'Verify your identity',
  mfaIntro: '{institution} needs to confirm it is you.',
  mfaAnswerLabel: 'Your answer',
  mfaChooseOne: 'Choose one answer.',
  mfaChooseMany: 'Choose every answer that applies.',
  mfaChooseImage: 'Choose one image.',
  mfaImage: 'Image {n} of {total}',
  mfaImageSelected: 'Image {n} of {total}, selected',
  mfaTextOrCall: 'How should the code reach you?',
  answerRequired: 'Answer this question.',
  submitMfa: 'Continue',

  enhancedTitle: 'Your security questions',
  enhancedIntro: '{institution} may ask these questions when your accounts are updated. Answer them now so later updates need nothing from you.',
  saveAnswers: 'Save answers',
  skip: 'Skip',

  accountsTitleOne: 'Select an account',
  accountsTitleMany: 'Select your accounts',
  accountsIntroNamed: 'Choose the account to share with {customer}.',
  accountsIntro: 'Choose the account to share.',
  accountsIntroManyNamed: 'Choose the accounts to share with {customer}.',
  accountsIntroMany: 'Choose the accounts to share.',
  accountsNone: 'No eligible account was found at {institution}.',
  accountsRequired: 'Select at least one account.',
  accountNumber: 'Account ending in {digits}',
  balance: 'Balance',
  available: 'Available',
  accountsListLabel: 'Accounts',

  successTitle: 'You’re connected',
  successText: 'Your {institution} account is connected.',
  successTextGeneric: 'Your account is connected.',
  redirecting: 'Taking you back…',
  successDone: 'You can close this window.',
  continue: 'Continue',

  maxTitle: 'Too many attempts',
  maxText: 'You reached the maximum number of attempts. Try again later.',
  closedTitle: 'Session closed',
  closedText: 'The connection was not completed.',

  errorTitle: 'Something went wrong',
  tryAgain: 'Try again',
  otherInstitution: 'Choose another institution',
  logInAgain: 'Log in again',

  e_INVALID_LOGIN: 'The username or password is incorrect.',
  e_INVALID_USERNAME: 'This username is not recognized by {institution}.',
  e_INVALID_PASSWORD: 'The password is incorrect. Check it and try again.',
  e_INVALID_SECURITY_RESPONSE: 'That answer is incorrect. Try again.',
  e_SECURITYRESPONSES_INCOMPLETE: 'Answer every question.',
  e_UNKNOWN_CHALLENGE_KEY: 'The questions changed. Try again.',
  e_RETRY_LATER: '{institution} is not available right now. Try again later.',
  e_DISABLED_LOGIN: 'This account was disabled by {institution}. Contact your institution.',
  e_NEW_ACCOUNT: 'Log in to the {institution} website first to complete a required step (for example, accept new terms), then try again.',
  e_UNAUTHORIZED: 'This connection is not authorized: its link expired or was already used. Start again from the application.',
  e_UNAUTHORIZED_INSTITUTION: '{institution} refused access to this account. Contact your institution.',
  e_ACCESS_DENIED: 'This application is not allowed to use this service.',
  e_DISABLED_INSTITUTION: '{institution} cannot be connected at the moment.',
  e_DISABLED_INSTITUTION_title: 'Institution unavailable',
  e_AGGREGATION_ERROR: 'Something went wrong while retrieving your information. Try again.',
  e_SESSION_NONEXISTENT: 'Your session expired. Log in again.',
  e_SESSION_EXPIRED: 'Your session expired. Log in again.',
  e_CONCURRENT_SESSION: 'Another session is open for this account. Try again in a few minutes.',
  e_TOO_MANY_REQUESTS: 'Too many requests. Wait a moment and try again.',
  e_QUESTION_NOT_FOUND: 'A security question could not be answered. Log in again.',
  e_CARD_IN_USE: 'This account is being updated. Try again in a few minutes.',
  e_NETWORK: 'The service could not be reached. Check your connection and try again.',
  e_OTHER: 'Something went wrong ({code}). Try again.',
  e_SESSION_ENDED: 'Too many incorrect answers: this session has ended. Log in again.',
  e_UNAUTHORIZED_title: 'Connection not authorized',
  e_SESSION_NONEXISTENT_title: 'Session expired',
  e_SESSION_EXPIRED_title: 'Session expired',
  e_RETRY_LATER_title: 'Institution not available',
  e_DISABLED_LOGIN_title: 'Account disabled',
  e_NEW_ACCOUNT_title: 'Action required',
  e_NETWORK_title: 'Connection problem',
  e_SESSION_ENDED_title: 'Session ended',
};

export type StringKey = keyof typeof en;

const fr: Record<StringKey, string> = {
  documentTitle: 'Connecter votre compte',
  headerTitle: 'Connecter votre compte',
  secured: 'Sécurisé par Maplelink',
  back: 'Retour',
  close: 'Fermer',
  loading: 'Chargement…',
  loadingInstitutions: 'Chargement des institutions…',
  connecting: 'Connexion à {institution}…',
  verifying: 'Vérification de vos réponses…',
  fetchingAccounts: 'Récupération de vos comptes…',
  resuming: 'Reprise de votre session…',
  finishing: 'Finalisation…',
  pleaseWait: 'Veuillez patienter',

  consentTitle: 'Connecter votre compte bancaire',
  consentIntroNamed: '{customer} utilise Maplelink pour se connecter de façon sécurisée à votre institution financière.',
  consentIntro: 'Cette application utilise Maplelink pour se connecter de façon sécurisée à votre institution financière.',
  consentShareNamed: 'Avec votre autorisation, {customer} recevra :',
  consentShare: 'Avec votre autorisation, cette application recevra :',
  consentAccounts: 'Vos comptes et leurs soldes',
  consentTransactions: 'L’historique de vos transactions',
  consentHolder: 'Le nom et les coordonnées du titulaire',
  consentCredentialsNamed: 'Votre nom d’utilisateur et votre mot de passe ne sont jamais transmis à {customer}.',
  consentCredentials: 'Votre nom d’utilisateur et votre mot de passe ne sont jamais transmis à cette application.',
  consentReadOnly: 'Accès en lecture seule : aucun argent ne peut être déplacé.',
  terms: 'Conditions d’utilisation',
  termsNewWindow: '(s’ouvre dans une nouvelle fenêtre)',
  accept: 'Continuer',
  decline: 'Annuler',
  declinedTitle: 'Connexion annulée',
  declinedText: 'Aucune information n’a été transmise. Vous pouvez fermer cette fenêtre.',
  startAgain: 'Recommencer',

  selectorTitle: 'Choisissez votre institution',
  searchLabel: 'Rechercher votre institution',
  searchPlaceholder: 'Banque ou caisse',
  resultsMany: '{n} institutions',
  resultsOne: '1 institution',
  noResults: 'Aucune institution ne correspond à « {query} ».',
  sandbox: 'Test',
  institutionListLabel: 'Institutions',

  credentialsTitle: 'Connexion à {institution}',
  credentialsIntro: 'Entrez le nom d’utilisateur et le mot de passe de vos services bancaires en ligne {institution}.',
  username: 'Nom d’utilisateur',
  password: 'Mot de passe',
  showPassword: 'Afficher le mot de passe',
  fieldRequired: '{field} : ce champ est obligatoire.',
  submitCredentials: 'Se connecter',
  sandboxHint: 'Institution de test : nom d’utilisateur Greatday, mot de passe Everyday.',

  mfaTitle: 'Vérification de votre identité',
  mfaIntro: '{institution} doit confirmer que c’est bien vous.',
  mfaAnswerLabel: 'Votre réponse',
  mfaChooseOne: 'Choisissez une réponse.',
  mfaChooseMany: 'Choisissez toutes les réponses qui s’appliquent.',
  mfaChooseImage: 'Choisissez une image.',
  mfaImage: 'Image {n} sur {total}',
  mfaImageSelected: 'Image {n} sur {total}, sélectionnée',
  mfaTextOrCall: 'Comment voulez-vous recevoir le code?',
  answerRequired: 'Répondez à cette question.',
  submitMfa: 'Continuer',

  enhancedTitle: 'Vos questions de sécurité',
  enhancedIntro: '{institution} peut poser ces questions lors des mises à jour de vos comptes. Répondez-y maintenant pour que les prochaines mises à jour ne vous demandent rien.',
  saveAnswers: 'Enregistrer les réponses',
  skip: 'Passer',

  accountsTitleOne: 'Choisissez un compte',
  accountsTitleMany: 'Choisissez vos comptes',
  accountsIntroNamed: 'Choisissez le compte à partager avec {customer}.',
  accountsIntro: 'Choisissez le compte à partager.',
  accountsIntroManyNamed: 'Choisissez les comptes à partager avec {customer}.',
  accountsIntroMany: 'Choisissez les comptes à partager.',
  accountsNone: 'Aucun compte admissible n’a été trouvé chez {institution}.',
  accountsRequired: 'Choisissez au moins un compte.',
  accountNumber: 'Compte se terminant par {digits}',
  balance: 'Solde',
  available: 'Disponible',
  accountsListLabel: 'Comptes',

  successTitle: 'Vous êtes connecté',
  successText: 'Votre compte {institution} est connecté.',
  successTextGeneric: 'Votre compte est connecté.',
  redirecting: 'Retour en cours…',
  successDone: 'Vous pouvez fermer cette fenêtre.',
  continue: 'Continuer',

  maxTitle: 'Trop de tentatives',
  maxText: 'Vous avez atteint le nombre maximal de tentatives. Réessayez plus tard.',
  closedTitle: 'Session fermée',
  closedText: 'La connexion n’a pas été effectuée.',

  errorTitle: 'Une erreur est survenue',
  tryAgain: 'Réessayer',
  otherInstitution: 'Choisir une autre institution',
  logInAgain: 'Se reconnecter',

  e_INVALID_LOGIN: 'Le nom d’utilisateur ou le mot de passe est incorrect.',
  e_INVALID_USERNAME: 'Ce nom d’utilisateur n’est pas reconnu par {institution}.',
  e_INVALID_PASSWORD: 'Le mot de passe est incorrect. Vérifiez-le et réessayez.',
  e_INVALID_SECURITY_RESPONSE: 'Cette réponse est incorrecte. Réessayez.',
  e_SECURITYRESPONSES_INCOMPLETE: 'Répondez à toutes les questions.',
  e_UNKNOWN_CHALLENGE_KEY: 'Les questions ont changé. Réessayez.',
  e_RETRY_LATER: '{institution} n’est pas disponible pour le moment. Réessayez plus tard.',
  e_DISABLED_LOGIN: 'Ce compte a été désactivé par {institution}. Communiquez avec votre institution.',
  e_NEW_ACCOUNT: 'Connectez-vous d’abord au site de {institution} pour terminer une étape requise (par exemple, accepter de nouvelles conditions), puis réessayez.',
  e_UNAUTHORIZED: 'Cette connexion n’est pas autorisée : son lien a expiré ou a déjà été utilisé. Recommencez à partir de l’application.',
  e_UNAUTHORIZED_INSTITUTION: '{institution} a refusé l’accès à ce compte. Communiquez avec votre institution.',
  e_ACCESS_DENIED: 'Cette application n’est pas autorisée à utiliser ce service.',
  e_DISABLED_INSTITUTION: '{institution} ne peut pas être connectée pour le moment.',
  e_DISABLED_INSTITUTION_title: 'Institution non disponible',
  e_AGGREGATION_ERROR: 'Une erreur est survenue pendant la récupération de vos informations. Réessayez.',
  e_SESSION_NONEXISTENT: 'Votre session a expiré. Reconnectez-vous.',
  e_SESSION_EXPIRED: 'Votre session a expiré. Reconnectez-vous.',
  e_CONCURRENT_SESSION: 'Une autre session est ouverte pour ce compte. Réessayez dans quelques minutes.',
  e_TOO_MANY_REQUESTS: 'Trop de demandes. Patientez un moment et réessayez.',
  e_QUESTION_NOT_FOUND: 'Une question de sécurité n’a pas pu être répondue. Reconnectez-vous.',
  e_CARD_IN_USE: 'Ce compte est en cours de mise à jour. Réessayez dans quelques minutes.',
  e_NETWORK: 'Le service est injoignable. Vérifiez votre connexion et réessayez.',
  e_OTHER: 'Une erreur est survenue ({code}). Réessayez.',
  e_SESSION_ENDED: 'Trop de réponses incorrectes : cette session est terminée. Reconnectez-vous.',
  e_UNAUTHORIZED_title: 'Connexion non autorisée',
  e_SESSION_NONEXISTENT_title: 'Session expirée',
  e_SESSION_EXPIRED_title: 'Session expirée',
  e_RETRY_LATER_title: 'Institution non disponible',
  e_DISABLED_LOGIN_title: 'Compte désactivé',
  e_NEW_ACCOUNT_title: 'Action requise',
  e_NETWORK_title: 'Problème de connexion',
  e_SESSION_ENDED_title: 'Session terminée',
};

const STRINGS: Record<Language, Record<StringKey, string>> = { en, fr };

export type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  const table = STRINGS[lang];
  return (key, vars = {}) => table[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** The title of the error screen of a FlinksCode. */
export function errorTitle(code: string): StringKey {
  const key = `e_${code}_title` as StringKey;
  return key in en ? key : 'errorTitle';
}

/** The translated message of a FlinksCode (or of a network failure). */
export function errorMessage(t: Translate, code: string, institution: string): string {
  const key = `e_${code}` as StringKey;
  return key in en ? t(key, { institution }) : t('e_OTHER', { code });
}

export function formatMoney(lang: Language, amount: number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  try {
    return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'currency', currency }).format(amount);
  } catch {
    return amount.toFixed(2);
  }
}
