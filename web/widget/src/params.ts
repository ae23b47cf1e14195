/**
 * The iframe's query parameters (docs.flinks.com/guides/connect/flinks-connect/widget), read once at start.
 * Names are matched case-insensitively; booleans accept true/false/1/0.
 * URLs must be http(s) and colours hex digits, so no parameter can inject script or CSS.
 */
import type { Language } from '../../shared/i18n.ts';

export type { Language };

export interface Params {
  customerId: string;
  authorizeToken: string | null;
  demo: boolean;
  language: Language;
  redirectUrl: string | null;
  innerRedirect: boolean;
  jsRedirect: boolean;
  tag: string | null;
  requestId: string | null;
  consentEnable: boolean;
  consentTitleAppendedText: string | null;
  customerName: string | null;
  termsUrl: string | null;
  institutionFilterEnable: boolean;
  closeEnable: boolean;
  headerEnable: boolean;
  backEnable: boolean;
  theme: 'light' | 'dark';
  accountSelectorEnable: boolean;
  accountSelectorMultiple: boolean;
  accountSelectorNoTitle: boolean;
  accountSelectorCurrency: 'CAD' | 'USD' | null;
  showAllAccounts: boolean;
  detailsAndStatementEnable: boolean;
  daysOfTransactions: 'Days90' | 'Days365' | null;
  scheduleRefresh: boolean;
  enhancedMFA: boolean;
  maximumRetry: number | null;
  backgroundColor: string | null;
  foregroundColor1: string | null;
  foregroundColor2: string | null;
  stringify: boolean;
  staticLoadingEnable: boolean;
  removePadding: boolean;
  desktopLayout: boolean;
  /** From the path /v2/Credential/{InstitutionId}. */
  institutionId: number | null;
  /** The path /v2/success: the default landing page of the redirect (no redirectUrl). */
  successPage: boolean;
  /**
   * Where the upload step (statements as documents) stands beside the bank login (Flinks's Upload
   * modes): `only` (upload=true or the path /v2/Upload: instead of a bank login), `primary` (a choice between logging in and uploading once the institution is chosen)
   * or `fallback` (uploading offered when the login fails or the institution is not listed); `off` by default.
   */
  uploadMode: UploadMode;
}

export type UploadMode = 'off' | 'only' | 'primary' | 'fallback';

export const SANDBOX_CUSTOMER_ID = '43387ca6-0391-4c82-857d-70d95f087ecb';

function reader(search: string) {
  const map = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(search)) if (!map.has(k.toLowerCase())) map.set(k.toLowerCase(), v);
  const str = (name: string): string | null => {
    const v = map.get(name.toLowerCase());
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  const bool = (name: string, dflt: boolean): boolean => {
    const v = str(name)?.toLowerCase();
    if (v === 'true' || v === '1' || v === 'yes') return true;
    if (v === 'false' || v === '0' || v === 'no') return false;
    return dflt;
  };
  return { str, bool };
}

export function httpUrl(s: string | null): string | null {
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function hexColour(s: string | null): string | null {
  const v = s?.replace(/^#/, '') ?? null;
  return v && /^(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(v) ? `#${v}` : null;
}

export function readParams(search: string, pathname: string): Params {
  const { str, bool } = reader(search);
  const credential = /\/v2\/credential\/(\d+)\/?$/i.exec(pathname);
  const retry = Number(str('maximumRetry'));
  const currency = str('accountSelectorCurrency')?.toUpperCase();
  const days = str('daysOfTransactions')?.toLowerCase();
  const mode = str('uploadMode')?.toLowerCase();
  const uploadMode: UploadMode = bool('upload', false) || /\/v2\/upload\/?$/i.test(pathname) || mode === 'only' ? 'only' : mode === 'primary' || mode === 'fallback' ? mode : 'off';
  return {
    customerId: str('customerId') ?? SANDBOX_CUSTOMER_ID,
    authorizeToken: str('authorizeToken'),
    demo: bool('demo', false),
    language: str('language')?.toLowerCase().startsWith('fr') ? 'fr' : 'en',
    redirectUrl: httpUrl(str('redirectUrl')),
    innerRedirect: bool('innerRedirect', false),
    jsRedirect: bool('jsRedirect', false),
    tag: str('tag'),
    requestId: str('requestId'),
    consentEnable: bool('consentEnable', true),
    consentTitleAppendedText: str('consentTitleAppendedText'),
    customerName: str('customerName'),
    termsUrl: httpUrl(str('termsUrl')),
    institutionFilterEnable: bool('institutionFilterEnable', false),
    closeEnable: bool('closeEnable', false),
    headerEnable: bool('headerEnable', true),
    backEnable: bool('backEnable', true),
    theme: str('theme')?.toLowerCase() === 'dark' ? 'dark' : 'light',
    accountSelectorEnable: bool('accountSelectorEnable', false),
    accountSelectorMultiple: bool('accountSelectorMultiple', false),
    accountSelectorNoTitle: bool('accountSelectorNoTitle', false),
    accountSelectorCurrency: currency === 'CAD' || currency === 'USD' ? currency : null,
    showAllAccounts: bool('showAllAccounts', false),
    detailsAndStatementEnable: bool('detailsAndStatementEnable', false),
    daysOfTransactions: days === 'days365' ? 'Days365' : days === 'days90' ? 'Days90' : null,
    scheduleRefresh: bool('scheduleRefresh', false),
    enhancedMFA: bool('enhancedMFA', false),
    maximumRetry: Number.isInteger(retry) && retry > 0 ? retry : null,
    backgroundColor: hexColour(str('backgroundColor')),
    foregroundColor1: hexColour(str('foregroundColor1')),
    foregroundColor2: hexColour(str('foregroundColor2')),
    stringify: bool('stringify', false),
    staticLoadingEnable: bool('staticLoadingEnable', false),
    removePadding: bool('removePadding', false),
    desktopLayout: bool('desktopLayout', false),
    institutionId: credential ? Number(credential[1]) : null,
    successPage: /\/v2\/success\/?$/i.test(pathname),
    uploadMode,
  };
}
