/**
 * The session state machine of Pay sessions V2 (docs.flinks.com/api/pay/endpoints/geft/
 * sessions-status, sessions-details):
 * a session's status (with its `EFT0xxx` detail) and the hosted flow's step move
 * only through `apply(state, event)`. Pure: no clock, no I/O; the service stores
 * what this answers and refuses what it refuses.
 *
 *   Initiated ─start→ InProgress ─┬─ pad signed ───────────────→ Completed EFT0301
 *        │                        ├─ left at the PAD warning ───→ Completed EFT0302
 *        │                        ├─ bank login refused ────────→ Failed    EFT0401
 *        │                        ├─ no guarantee ──────────────→ Failed    EFT0402
 *        │                        ├─ name mismatch ─────────────→ Failed    EFT0403
 *        │                        └─ balance too low ───────────→ Failed    EFT0404
 *        └──────── cancel (API) → Canceled EFT0501 · idle timeout → Expired EFT0601
 */

export type SessionStatus = 'Initiated' | 'InProgress' | 'Completed' | 'Failed' | 'Canceled' | 'Expired';

export const STATUS_DETAILS = {
  EFT0101: 'Session created, waiting for the user',
  // Flinks documents no detail for InProgress; this one follows the numbering of the others.
  EFT0201: 'The user is going through the flow',
  EFT0301: 'Transaction scheduled, flow complete',
  EFT0302: 'Bank account validated, PAD not signed',
  EFT0401: 'Login to the financial institution failed',
  EFT0402: 'Eligibility failed: no guarantee offered',
  EFT0403: 'Identity failed: the user information does not match the account holder',
  EFT0404: 'Eligibility failed: insufficient available balance',
  EFT0501: 'Canceled through the API',
  EFT0601: 'Timed out: the user was inactive',
} as const;
export type StatusDetail = keyof typeof STATUS_DETAILS;

/** step.current values (docs.flinks.com/api/pay/endpoints/geft/sessions-details), in the order the hosted flow visits them. */
export const STEPS = ['Start', 'Consent', 'BankSelection', 'BankConnection', 'AccountSelection', 'AmountSelection', 'GuaranteeOffer', 'Review', 'Pad', 'Complete'] as const;
export type Step = (typeof STEPS)[number];

export type SessionKind = 'GEFT' | 'EFT' | 'e-Transfer';

export interface SessionState {
  kind: SessionKind;
  status: SessionStatus;
  statusDetails: StatusDetail;
  step: Step;
  showConsent: boolean;
}

export type SessionEvent =
  | { type: 'start' }
  | { type: 'consent' }
  | { type: 'institutionSelected' }
  | { type: 'bankLinked' }
  | { type: 'loginFailed' }
  | { type: 'identityFailed' }
  | { type: 'accountSelected' }
  | { type: 'amountChosen' }
  | { type: 'guaranteeDeclined'; reason: 'eligibility' | 'balance' }
  | { type: 'guaranteeAccepted' }
  | { type: 'guaranteeRefused' }
  | { type: 'reviewed' }
  | { type: 'padSigned' }
  | { type: 'padExit' }
  | { type: 'interacSent' }
  | { type: 'cancel' }
  | { type: 'expire' };

export const TERMINAL: ReadonlySet<SessionStatus> = new Set(['Completed', 'Failed', 'Canceled', 'Expired']);

export function isTerminal(status: SessionStatus): boolean {
  return TERMINAL.has(status);
}

/** Why an event was refused: the service turns it into a 400 (API) or 409 (hosted app). */
export class TransitionRefused extends Error {
  constructor(readonly from: SessionState, readonly event: SessionEvent['type']) {
    super(isTerminal(from.status)
      ? `The session is ${from.status} (${from.statusDetails}): it cannot change any more.`
      : `The session is at step ${from.step}: "${event}" is not possible there.`);
    this.name = 'TransitionRefused';
  }
}

export function initialState(kind: SessionKind, showConsent: boolean): SessionState {
  return { kind, status: 'Initiated', statusDetails: 'EFT0101', step: 'Start', showConsent };
}

const fail = (s: SessionState, d: StatusDetail): SessionState => ({ ...s, status: 'Failed', statusDetails: d });

/** The step after the bank account is chosen, and after the amount: GEFT asks for the guarantee. */
function afterAmount(s: SessionState): Step {
  return s.kind === 'GEFT' ? 'GuaranteeOffer' : 'Review';
}

/**
 * Applies one event. Answers the next state, or throws TransitionRefused when the
 * event is not possible from this state (terminal sessions refuse everything).
 */
export function apply(s: SessionState, e: SessionEvent): SessionState {
  const refuse = (): never => {
    throw new TransitionRefused(s, e.type);
  };
  if (isTerminal(s.status)) refuse();
  const at = (...steps: Step[]) => (steps.includes(s.step) ? true : refuse());
  const running = () => (s.status === 'InProgress' ? true : refuse());
  const bank = s.kind !== 'e-Transfer';

  switch (e.type) {
    case 'cancel':
      return { ...s, status: 'Canceled', statusDetails: 'EFT0501' };
    case 'expire':
      return { ...s, status: 'Expired', statusDetails: 'EFT0601' };
    case 'start':
      if (s.status !== 'Initiated') refuse();
      return { ...s, status: 'InProgress', statusDetails: 'EFT0201', step: s.showConsent ? 'Consent' : bank ? 'BankSelection' : 'Review' };
    case 'consent':
      running();
      at('Consent');
      return { ...s, step: bank ? 'BankSelection' : 'Review' };
    case 'institutionSelected':
      running();
      if (!bank) refuse();
      at('BankSelection', 'BankConnection');
      return { ...s, step: 'BankConnection' };
    case 'loginFailed':
      running();
      if (!bank) refuse();
      at('BankSelection', 'BankConnection');
      return fail(s, 'EFT0401');
    case 'bankLinked':
      running();
      if (!bank) refuse();
      at('BankSelection', 'BankConnection');
      return { ...s, step: 'AccountSelection' };
    case 'identityFailed':
      running();
      at('AccountSelection');
      return fail(s, 'EFT0403');
    case 'accountSelected':
      running();
      at('AccountSelection');
      return { ...s, step: 'AmountSelection' };
    case 'amountChosen':
      running();
      at('AmountSelection');
      return { ...s, step: afterAmount(s) };
    case 'guaranteeDeclined':
      running();
      if (s.kind !== 'GEFT') refuse();
      at('GuaranteeOffer');
      return fail(s, e.reason === 'balance' ? 'EFT0404' : 'EFT0402');
    case 'guaranteeRefused':
      running();
      if (s.kind !== 'GEFT') refuse();
      at('GuaranteeOffer');
      return fail(s, 'EFT0402');
    case 'guaranteeAccepted':
      running();
      if (s.kind !== 'GEFT') refuse();
      at('GuaranteeOffer');
      return { ...s, step: 'Review' };
    case 'reviewed':
      running();
      if (!bank) refuse();
      at('Review');
      return { ...s, step: 'Pad' };
    case 'padSigned':
      running();
      at('Pad');
      return { ...s, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' };
    case 'padExit':
      // The bank account was validated (an account was chosen) but no PAD signed.
      running();
      at('AmountSelection', 'GuaranteeOffer', 'Review', 'Pad');
      return { ...s, status: 'Completed', statusDetails: 'EFT0302' };
    case 'interacSent':
      if (bank) refuse();
      if (s.status === 'Initiated') return { ...s, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' };
      at('Review');
      return { ...s, status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' };
  }
}

/** Whether a status change is one the session webhook reports (docs.flinks.com/guides/pay/geft/webhooks/session-status: not Initiated, InProgress or Expired). */
export function notifies(status: SessionStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Canceled';
}
