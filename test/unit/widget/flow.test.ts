/** The Connect widget's flow, without a browser: the reducer of its screens and the decisions it takes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf, credentialsBody, flowReducer, initialFlow, loginUploadOffer, redirectOf, refusalOf, selectorList, shownAccounts, toInst, type FlowState } from '../../../web/widget/src/flow.ts';
import { readParams } from '../../../web/widget/src/params.ts';
import type { Account } from '../../../web/widget/src/api.ts';
import type { Inst } from '../../../web/widget/src/screens.tsx';

const inst = (id: number, code: string, sandbox = false): Inst => ({ id, code, name: code, sandbox, country: 'CA', enabled: true });

test('reducer: a new screen ends the busy state; busy, list, choice and idle change only their own field', () => {
  let s: FlowState = flowReducer(initialFlow, { type: 'busy' });
  assert.equal(s.busy, true);
  s = flowReducer(s, { type: 'show', screen: { kind: 'institutions' } });
  assert.deepEqual(s.screen, { kind: 'institutions' });
  assert.equal(s.busy, false);
  const list = [inst(1, 'A')];
  s = flowReducer(s, { type: 'listed', institutions: list });
  s = flowReducer(s, { type: 'chosen', institution: list[0]! });
  s = flowReducer(s, { type: 'idle' });
  assert.deepEqual({ ...s, screen: null }, { screen: null, busy: false, institutions: list, institution: list[0], idle: true });
  assert.equal(initialFlow.screen.kind, 'loading', 'the page starts loading');
});

test('reducer: a refused login counts attempts on its own screen (1 when it comes from elsewhere) and ends the busy state', () => {
  let s = flowReducer(initialFlow, { type: 'show', screen: { kind: 'credentials', error: null, attempt: 0 } });
  s = flowReducer(flowReducer(s, { type: 'busy' }), { type: 'credentialsRefused', error: 'wrong' });
  assert.deepEqual(s.screen, { kind: 'credentials', error: 'wrong', attempt: 1 });
  assert.equal(s.busy, false);
  s = flowReducer(s, { type: 'credentialsRefused', error: 'again' });
  assert.deepEqual(s.screen, { kind: 'credentials', error: 'again', attempt: 2 });
  const fromElsewhere = flowReducer(flowReducer(initialFlow, { type: 'show', screen: { kind: 'max' } }), { type: 'credentialsRefused', error: 'x' });
  assert.deepEqual(fromElsewhere.screen, { kind: 'credentials', error: 'x', attempt: 1 });
});

test('reducer: a refused MFA answer keeps the round and counts attempts; the upload step counts its restarts from 0', () => {
  const challenges = [{ Type: 'QuestionAndAnswer', Prompt: 'Pet?' }];
  let s = flowReducer(initialFlow, { type: 'show', screen: { kind: 'mfa', challenges, round: 2, error: null, attempt: 0 } });
  s = flowReducer(s, { type: 'mfaRefused', challenges, round: 2, error: 'no' });
  assert.deepEqual(s.screen, { kind: 'mfa', challenges, round: 2, error: 'no', attempt: 1 });
  let u = flowReducer(initialFlow, { type: 'upload' });
  assert.deepEqual(u.screen, { kind: 'upload', attempt: 0 });
  u = flowReducer(u, { type: 'upload' });
  assert.deepEqual(u.screen, { kind: 'upload', attempt: 1 });
});

test('refusals: typing errors retry on their own screen; other codes choose the error screen’s buttons', () => {
  assert.deepEqual(refusalOf('INVALID_PASSWORD', 'credentials', true, true), { kind: 'retry' });
  assert.deepEqual(refusalOf('INVALID_PASSWORD', 'mfa', true, true), { kind: 'error', actions: ['credentials', 'institutions'] }, 'a password code is no MFA retry');
  assert.deepEqual(refusalOf('INVALID_SECURITY_RESPONSE', 'mfa', true, true), { kind: 'retry' });
  assert.deepEqual(refusalOf('INVALID_SECURITY_RESPONSE', 'resume', true, true), { kind: 'retry' });
  assert.deepEqual(refusalOf('INVALID_SECURITY_RESPONSE', 'credentials', true, true), { kind: 'error', actions: ['credentials', 'institutions'] });
  assert.deepEqual(refusalOf('DISABLED_INSTITUTION', 'credentials', false, true), { kind: 'error', actions: ['institutions'] });
  assert.deepEqual(refusalOf('UNAUTHORIZED', 'credentials', true, true), { kind: 'institutionRefused', actions: ['credentials', 'institutions'] });
  assert.deepEqual(refusalOf('UNAUTHORIZED', 'credentials', false, true), { kind: 'error', actions: [] }, 'the token refused: nothing to retry');
  assert.deepEqual(refusalOf('ACCESS_DENIED', 'mfa', true, true), { kind: 'error', actions: [] });
  assert.deepEqual(refusalOf('SESSION_EXPIRED', 'mfa', true, true), { kind: 'error', actions: ['login'] });
  assert.deepEqual(refusalOf('SESSION_EXPIRED', 'resume', true, false), { kind: 'error', actions: ['institutions'] });
  assert.deepEqual(refusalOf('RETRY_LATER', 'credentials', true, false), { kind: 'error', actions: ['institutions'] });
});

test('codeOf: the FlinksCode, NETWORK when the API was not reached, AGGREGATION_ERROR when none is named', () => {
  assert.equal(codeOf({ status: 401, body: { FlinksCode: 'INVALID_LOGIN' } }), 'INVALID_LOGIN');
  assert.equal(codeOf({ status: 0, body: null }), 'NETWORK');
  assert.equal(codeOf({ status: 500, body: { FlinksCode: '' } }), 'AGGREGATION_ERROR');
});

test('institutions: named in the widget’s language (English, then the first, as fallback); the sandbox only with demo, first', () => {
  const f = { Id: 14, Localizations: [{ Language: 'en', Name: 'Bank' }, { Language: 'fr', Name: 'Banque' }], Status: 'Disabled', Country: 'CA' };
  assert.deepEqual(toInst(f, { code: 'FlinksCapital', sandbox: true }, 'fr'), { id: 14, code: 'FlinksCapital', name: 'Banque', sandbox: true, country: 'CA', enabled: false });
  assert.equal(toInst({ ...f, Localizations: [{ Language: 'de', Name: 'Bank DE' }] }, undefined, 'fr').name, 'Bank DE');
  assert.equal(toInst(f, undefined, 'en').code, '14', 'no code known: the id');
  const list = [inst(1, 'A'), inst(2, 'Sandbox', true), inst(3, 'B')];
  assert.deepEqual(selectorList(list, false).map((i) => i.code), ['A', 'B']);
  assert.deepEqual(selectorList(list, true).map((i) => i.code), ['Sandbox', 'A', 'B']);
});

test('accounts: operations accounts unless showAllAccounts, in the asked currency', () => {
  const a = (Id: string, Category: string, Currency: string) => ({ Id, Category, Currency }) as Account;
  const all = [a('1', 'Operations', 'CAD'), a('2', 'Credits', 'CAD'), a('3', 'Operations', 'usd')];
  assert.deepEqual(shownAccounts(all, { showAllAccounts: false, accountSelectorCurrency: null }).map((x) => x.Id), ['1', '3']);
  assert.deepEqual(shownAccounts(all, { showAllAccounts: true, accountSelectorCurrency: 'CAD' }).map((x) => x.Id), ['1', '2']);
  assert.deepEqual(shownAccounts(all, { showAllAccounts: false, accountSelectorCurrency: 'USD' }).map((x) => x.Id), ['3']);
});

test('the first Authorize: credentials, always saved, and what the parameters ask', () => {
  const plain = credentialsBody(readParams('?language=fr', '/v2/'), 'FlinksCapital', 'u', 'p');
  assert.deepEqual(plain, { Institution: 'FlinksCapital', Username: 'u', Password: 'p', MostRecentCached: false, Save: true, Language: 'fr' });
  const asked = credentialsBody(readParams('?tag=t1&scheduleRefresh=true&enhancedMFA=true&daysOfTransactions=Days365', '/v2/'), 'X', 'u', 'p');
  assert.equal(asked.Tag, 't1');
  assert.equal(asked.ScheduleRefresh, true);
  assert.equal(asked.WithMFAQuestions, true);
  assert.equal(asked.DaysOfTransactions, 'Days365');
});

test('upload offers on the login form: primary always, fallback once refused or idle, never otherwise', () => {
  assert.equal(loginUploadOffer({ uploadMode: 'primary' }, false, false), 'choice');
  assert.equal(loginUploadOffer({ uploadMode: 'fallback' }, false, false), null);
  assert.equal(loginUploadOffer({ uploadMode: 'fallback' }, true, true), 'login_failed');
  assert.equal(loginUploadOffer({ uploadMode: 'fallback' }, false, true), 'inactivity');
  assert.equal(loginUploadOffer({ uploadMode: 'off' }, true, true), null);
  assert.equal(loginUploadOffer({ uploadMode: 'only' }, true, true), null);
});

test('redirect: loginId, institution, tag and accountId on the URL and in the event; navigation only with a redirectUrl and without jsRedirect', () => {
  const session = { loginId: 'L1', requestId: 'R1', institution: 'FlinksCapital' };
  const r = redirectOf({ redirectUrl: 'https://app.example/done?x=1', jsRedirect: false, tag: 'T' }, 'http://127.0.0.1:1', session, ['a1', 'a2']);
  assert.equal(r.href, 'https://app.example/done?x=1&loginId=L1&institution=FlinksCapital&tag=T&accountId=a1%2Ca2');
  assert.equal(r.navigating, true);
  assert.deepEqual(r.event, { url: r.href, institution: 'FlinksCapital', loginId: 'L1', requestId: 'R1', accountId: 'a1,a2', tag: 'T' });
  const landing = redirectOf({ redirectUrl: null, jsRedirect: false, tag: null }, 'http://127.0.0.1:1', { loginId: null, requestId: null, institution: null }, []);
  assert.equal(landing.href, 'http://127.0.0.1:1/v2/success?loginId=&institution=');
  assert.equal(landing.navigating, false);
  assert.deepEqual(Object.keys(landing.event), ['url', 'institution', 'loginId', 'requestId']);
  assert.equal(redirectOf({ redirectUrl: 'https://app.example/', jsRedirect: true, tag: null }, 'http://x', session, []).navigating, false);
});
