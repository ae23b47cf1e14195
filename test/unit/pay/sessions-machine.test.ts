/**
 * The session state machine: every event from every (kind, status, step) it is
 * allowed in, and a refusal everywhere else; terminal sessions refuse everything.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apply, initialState, isTerminal, notifies, STEPS, TransitionRefused, type SessionEvent, type SessionKind, type SessionState, type Step } from '../../../src/pay/sessions/machine.ts';

const KINDS: SessionKind[] = ['GEFT', 'EFT', 'e-Transfer'];
const at = (kind: SessionKind, step: Step, status: SessionState['status'] = 'InProgress'): SessionState => ({ kind, status, statusDetails: status === 'Initiated' ? 'EFT0101' : 'EFT0201', step, showConsent: true });

const EVENTS: SessionEvent[] = [
  { type: 'start' }, { type: 'consent' }, { type: 'institutionSelected' }, { type: 'bankLinked' }, { type: 'loginFailed' }, { type: 'identityFailed' },
  { type: 'accountSelected' }, { type: 'amountChosen' }, { type: 'guaranteeDeclined', reason: 'eligibility' }, { type: 'guaranteeDeclined', reason: 'balance' },
  { type: 'guaranteeAccepted' }, { type: 'guaranteeRefused' }, { type: 'reviewed' }, { type: 'padSigned' }, { type: 'padExit' }, { type: 'interacSent' },
  { type: 'cancel' }, { type: 'expire' },
];

/** The expected outcome of an event for an InProgress session at a step (null: refused). */
function expected(kind: SessionKind, step: Step, e: SessionEvent): Partial<SessionState> | null {
  const bank = kind !== 'e-Transfer';
  switch (e.type) {
    case 'cancel': return { status: 'Canceled', statusDetails: 'EFT0501', step };
    case 'expire': return { status: 'Expired', statusDetails: 'EFT0601', step };
    case 'start': return null; // only from Initiated
    case 'consent': return step === 'Consent' ? { step: bank ? 'BankSelection' : 'Review', status: 'InProgress' } : null;
    case 'institutionSelected': return bank && (step === 'BankSelection' || step === 'BankConnection') ? { step: 'BankConnection' } : null;
    case 'loginFailed': return bank && (step === 'BankSelection' || step === 'BankConnection') ? { status: 'Failed', statusDetails: 'EFT0401' } : null;
    case 'bankLinked': return bank && (step === 'BankSelection' || step === 'BankConnection') ? { step: 'AccountSelection' } : null;
    case 'identityFailed': return step === 'AccountSelection' ? { status: 'Failed', statusDetails: 'EFT0403' } : null;
    case 'accountSelected': return step === 'AccountSelection' ? { step: 'AmountSelection' } : null;
    case 'amountChosen': return step === 'AmountSelection' ? { step: kind === 'GEFT' ? 'GuaranteeOffer' : 'Review' } : null;
    case 'guaranteeDeclined': return kind === 'GEFT' && step === 'GuaranteeOffer' ? { status: 'Failed', statusDetails: e.reason === 'balance' ? 'EFT0404' : 'EFT0402' } : null;
    case 'guaranteeRefused': return kind === 'GEFT' && step === 'GuaranteeOffer' ? { status: 'Failed', statusDetails: 'EFT0402' } : null;
    case 'guaranteeAccepted': return kind === 'GEFT' && step === 'GuaranteeOffer' ? { step: 'Review' } : null;
    case 'reviewed': return bank && step === 'Review' ? { step: 'Pad' } : null;
    case 'padSigned': return step === 'Pad' ? { status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' } : null;
    case 'padExit': return ['AmountSelection', 'GuaranteeOffer', 'Review', 'Pad'].includes(step) ? { status: 'Completed', statusDetails: 'EFT0302' } : null;
    case 'interacSent': return !bank && step === 'Review' ? { status: 'Completed', statusDetails: 'EFT0301', step: 'Complete' } : null;
  }
}

test('every event at every step of every kind: allowed where the flow says, refused elsewhere', () => {
  let allowed = 0;
  let refused = 0;
  for (const kind of KINDS) {
    for (const step of STEPS) {
      for (const e of EVENTS) {
        const want = expected(kind, step, e);
        const from = at(kind, step);
        if (want === null) {
          assert.throws(() => apply(from, e), TransitionRefused, `${kind} ${step} ${e.type} must be refused`);
          refused++;
        } else {
          const got = apply(from, e);
          for (const [k, v] of Object.entries(want)) assert.equal((got as unknown as Record<string, unknown>)[k], v, `${kind} ${step} ${e.type}: ${k}`);
          if (!want.status) assert.equal(got.status, 'InProgress');
          allowed++;
        }
      }
    }
  }
  assert.ok(allowed > 50 && refused > 300, `${allowed} allowed, ${refused} refused`);
});

test('start: Initiated -> InProgress at Consent, or the first real step without a consent screen', () => {
  assert.deepEqual(apply(initialState('GEFT', true), { type: 'start' }), { kind: 'GEFT', status: 'InProgress', statusDetails: 'EFT0201', step: 'Consent', showConsent: true });
  assert.equal(apply(initialState('EFT', false), { type: 'start' }).step, 'BankSelection');
  assert.equal(apply(initialState('e-Transfer', false), { type: 'start' }).step, 'Review');
  assert.equal(apply(initialState('e-Transfer', true), { type: 'start' }).step, 'Consent');
  assert.throws(() => apply(at('GEFT', 'Consent'), { type: 'start' }), TransitionRefused);
});

test('an Initiated session can be canceled, expire, or (e-Transfer) have its request sent straight away; nothing else', () => {
  for (const kind of KINDS) {
    const s = initialState(kind, false);
    assert.equal(apply(s, { type: 'cancel' }).statusDetails, 'EFT0501');
    assert.equal(apply(s, { type: 'expire' }).statusDetails, 'EFT0601');
    for (const e of EVENTS.filter((x) => !['cancel', 'expire', 'start', 'interacSent'].includes(x.type))) assert.throws(() => apply(s, e), TransitionRefused, `${kind} Initiated ${e.type}`);
  }
  assert.equal(apply(initialState('e-Transfer', false), { type: 'interacSent' }).status, 'Completed');
  assert.throws(() => apply(initialState('GEFT', false), { type: 'interacSent' }), TransitionRefused);
});

test('terminal sessions refuse every event, cancel and expire included', () => {
  for (const status of ['Completed', 'Failed', 'Canceled', 'Expired'] as const) {
    assert.ok(isTerminal(status));
    for (const e of EVENTS) {
      const err = assert.throws(() => apply({ ...at('GEFT', 'Pad'), status }, e), TransitionRefused);
      void err;
    }
  }
  assert.ok(!isTerminal('Initiated') && !isTerminal('InProgress'));
});

test('the refusal says why: the terminal status, or the step', () => {
  assert.throws(() => apply({ ...at('GEFT', 'Pad'), status: 'Canceled', statusDetails: 'EFT0501' }, { type: 'cancel' }), /Canceled \(EFT0501\)/);
  assert.throws(() => apply(at('GEFT', 'Consent'), { type: 'padSigned' }), /step Consent/);
});

test('webhooks only for Completed, Failed and Canceled', () => {
  assert.deepEqual(['Initiated', 'InProgress', 'Completed', 'Failed', 'Canceled', 'Expired'].filter((s) => notifies(s as never)), ['Completed', 'Failed', 'Canceled']);
});

test('a whole GEFT flow, step by step', () => {
  let s = initialState('GEFT', true);
  const path: string[] = [];
  for (const e of ['start', 'consent', 'institutionSelected', 'bankLinked', 'accountSelected', 'amountChosen', 'guaranteeAccepted', 'reviewed', 'padSigned'] as const) {
    s = apply(s, { type: e } as SessionEvent);
    path.push(s.step);
  }
  assert.deepEqual(path, ['Consent', 'BankSelection', 'BankConnection', 'AccountSelection', 'AmountSelection', 'GuaranteeOffer', 'Review', 'Pad', 'Complete']);
  assert.equal(s.status, 'Completed');
  assert.equal(s.statusDetails, 'EFT0301');
});
