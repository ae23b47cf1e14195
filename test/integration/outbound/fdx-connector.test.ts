/**
 * The FDX connector end to end with two Maplelink processes: one is the data
 * provider (Outbound: OAuth server, consent pages, FDX API), the other a
 * Connect customer that registered it as an institution. A person goes from the
 * consumer through the provider's consent and back; the consumer's Connect then
 * answers with the provider's data, refreshes it with the refresh token, and
 * fails cleanly once the consent is revoked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { FlinksClient, CID } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import { Browser, activate, consent, createRecipient, partnerToken, type Recipient } from './helpers.ts';

let provider: TestApp;
let consumer: TestApp;
let recipient: Recipient;
let flinks: FlinksClient;
let code: string;
const secret = { 'flinks-auth-key': SANDBOX_TENANT.secretKey };

before(async () => {
  [provider, consumer] = await Promise.all([startTestApp(), startTestApp()]);
  flinks = new FlinksClient(consumer.url);
  const partner = await partnerToken(provider.url);
  recipient = await createRecipient(provider.url, partner, { name: 'Consumer Lending', redirect_uris: [`${consumer.url}/v3/${CID}/BankingServices/OAuth/Callback`] });
  await activate(provider.url, partner, recipient.client_id);
});
after(async () => {
  await Promise.all([provider?.stop(), consumer?.stop()]);
});

/** The consumer's OAuth start, the provider's consent pages, the consumer's callback: answers the widget URL it lands on. */
async function link(opts: Parameters<typeof consent>[2] = {}) {
  const start = await flinks.post('OAuth/Authorize', { Institution: code, ReturnUrl: '/v2/?demo=true&tag=abc', Tag: 'fdx-user' });
  assert.equal(start.status, 200, start.text);
  const authorize = new URL(start.body.RedirectUrl);
  assert.equal(authorize.origin, new URL(provider.url).origin);
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(authorize.searchParams.get('provider_id'), '1000');
  const { redirect, shared } = await consent(new Browser(provider.url), authorize.toString(), opts);
  assert.equal(redirect.origin, new URL(consumer.url).origin, 'the provider sends the person back to the consumer');
  const back = await new Browser(consumer.url).request(redirect.toString());
  assert.equal(back.status, 303, back.html);
  return { landing: new URL(back.location!, consumer.url), shared };
}

describe('FDX connector (a second Maplelink as the provider)', () => {
  test('the customer registers the provider; it is listed as an OAuth institution', async () => {
    const r = await call(`${consumer.url}/v3/${CID}/settings/FdxInstitutions`, {
      headers: secret,
      json: { Name: 'Maple Provider Bank', Code: 'MapleProvider', Issuer: `${provider.url}/outbound`, ClientId: recipient.client_id, ClientSecret: recipient.client_secret, ProviderId: 1000 },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.Institution.RedirectUri, recipient.redirect_uris[0], 'the redirect URI the provider must know');
    assert.equal(r.body.Institution.HasClientSecret, true);
    assert.equal(r.body.Institution.ClientSecret, undefined);
    code = r.body.Institution.Code;
    const list = await flinks.get('Institutions');
    const listed = list.body.Data.find((i: { Id: number }) => i.Id === r.body.Institution.Id);
    assert.equal(listed.AuthorizationType, 'OAuth');
    assert.equal(listed.Code, 'MapleProvider');
    assert.equal(listed.Localizations[1].Name, 'Maple Provider Bank');
    const noKey = await call(`${consumer.url}/v3/${CID}/settings/FdxInstitutions`, { json: { Name: 'x', Issuer: 'https://x.example.com', ClientId: 'y' } });
    assert.equal(noKey.status, 401, 'registering needs the secret key');
  });

  test('consent at the provider → a LoginId at the consumer whose data is the provider’s, mapped into Connect', async () => {
    const { landing, shared } = await link({ username: 'Greatday' });
    assert.equal(landing.pathname, '/v2/');
    assert.equal(landing.searchParams.get('tag'), 'abc', 'the widget’s own parameters survive the round trip');
    const requestId = landing.searchParams.get('requestId')!;
    const auth = await flinks.post('AuthorizeAsync', { RequestId: requestId });
    assert.equal(auth.status, 200, auth.text);
    assert.equal(auth.body.Institution, 'MapleProvider');
    const loginId = auth.body.Login.Id;

    const detail = await flinks.post('GetAccountsDetail', { RequestId: requestId, WithTransactions: true, WithAccountIdentity: true, WithKYC: true, DateFrom: '2000-01-01' });
    const ready = detail.status === 202 ? await flinks.poll('GetAccountsDetail', requestId) : detail;
    assert.equal(ready.status, 200, ready.text);
    assert.equal(ready.body.Login.Id, loginId);
    assert.equal(ready.body.Accounts.length, shared.length);

    // What the provider holds for the same accounts, read through its own FDX API with the consumer's token.
    const stored = (await consumer.app.platform.db.query<{ tokens_enc: string }>('select tokens_enc from connect_fdx_tokens where login_id = $1', [loginId]))[0]!;
    const token = consumer.app.platform.keys.decryptJson<{ access_token: string }>(stored.tokens_enc).access_token;
    const fdx = (path: string) => call(`${provider.url}/outbound/api/fdx/5${path}`, { headers: { authorization: `Bearer ${token}` } });
    const accounts = (await fdx('/accounts?resultType=details')).body.accounts.map((w: Record<string, any>) => Object.values(w)[0]);
    const me = (await fdx('/customers/current')).body;
    assert.equal(ready.body.Accounts[0].Holder.Name, me.name.company ?? `${me.name.first} ${me.name.last}`);
    for (const fa of accounts) {
      const ca = ready.body.Accounts.find((x: { AccountNumber: string }) => x.AccountNumber === fa.accountNumber);
      assert.ok(ca, `account ${fa.accountNumber} is in Connect`);
      assert.equal(ca.Title, fa.nickname);
      assert.equal(ca.Currency, fa.currency.currencyCode);
      assert.equal(ca.Balance.Current, fa.currentBalance);
      if (fa.routingTransitNumber) assert.equal(`0${ca.InstitutionNumber}${ca.TransitNumber}`, fa.routingTransitNumber);
      const txns = (await fdx(`/accounts/${fa.accountId}/transactions?limit=1`)).body.page.totalElements;
      assert.equal(ca.Transactions.length, txns, `every transaction of ${fa.nickname}`);
      // Running balances worked back from the current balance: the newest transaction ends at it.
      if (ca.Transactions.length > 0) assert.equal(ca.Transactions[0].Balance, ca.Balance.Current);
    }

    // The provider's own Connect view of the same login: same transactions, same order, same running balances.
    const providerLogin = (await provider.app.platform.db.query<{ login_id: string }>('select login_id from outbound_consents order by created_at desc limit 1'))[0]!.login_id;
    const providerFlinks = new FlinksClient(provider.url);
    const pa = await providerFlinks.post('Authorize', { LoginId: providerLogin, MostRecentCached: true });
    const first = await providerFlinks.post('GetAccountsDetail', { RequestId: pa.body.RequestId, WithTransactions: true, WithAccountIdentity: true, DateFrom: '2000-01-01' });
    const pd = first.status === 202 ? await providerFlinks.poll('GetAccountsDetail', pa.body.RequestId) : first;
    assert.equal(pd.status, 200, pd.text);
    const rows = (a: { Transactions: { Date: string; Description: string; Debit: number | null; Credit: number | null; Balance: number }[] }) =>
      a.Transactions.map((x) => [x.Date, x.Description, x.Debit, x.Credit, x.Balance]);
    for (const ca of ready.body.Accounts) {
      const pa2 = pd.body.Accounts.find((x: { AccountNumber: string }) => x.AccountNumber === ca.AccountNumber);
      assert.deepEqual(rows(ca), rows(pa2), `transactions of ${ca.Title}`);
    }
  });

  test('a live refresh is a refresh grant (no person, no MFA); linking the same person again keeps the LoginId', async () => {
    const first = await link({ username: 'greatday_nomfa' });
    const a = await flinks.post('AuthorizeAsync', { RequestId: first.landing.searchParams.get('requestId') });
    const loginId = a.body.Login.Id;
    await flinks.poll('GetAccountsSummary', a.body.RequestId);

    const live = await flinks.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assert.equal(live.status, 200, live.text);
    const summary = await flinks.poll('GetAccountsSummary', live.body.RequestId);
    assert.equal(summary.status, 200, summary.text);

    const again = await link({ username: 'greatday_nomfa' });
    const b = await flinks.post('AuthorizeAsync', { RequestId: again.landing.searchParams.get('requestId') });
    assert.equal(b.body.Login.Id, loginId);
  });

  test('the person declines at the provider: back at the widget with oauthError=access_denied, no login', async () => {
    const before = (await consumer.app.platform.db.query<{ n: number }>('select count(*)::int as n from connect_logins')).at(0)!.n;
    const { landing } = await link({ username: 'greatday_nomfa', decision: 'deny' });
    assert.equal(landing.searchParams.get('oauthError'), 'access_denied');
    assert.equal(landing.searchParams.get('requestId'), null);
    assert.equal((await consumer.app.platform.db.query<{ n: number }>('select count(*)::int as n from connect_logins')).at(0)!.n, before);
  });

  test('once the consent is revoked at the provider, a live refresh fails with UNAUTHORIZED', async () => {
    const { landing } = await link({ username: 'greatday_nomfa' });
    const a = await flinks.post('AuthorizeAsync', { RequestId: landing.searchParams.get('requestId') });
    const loginId = a.body.Login.Id;
    await flinks.poll('GetAccountsSummary', a.body.RequestId);
    const stored = (await consumer.app.platform.db.query<{ tokens_enc: string }>('select tokens_enc from connect_fdx_tokens where login_id = $1', [loginId]))[0]!;
    const token = consumer.app.platform.keys.decryptJson<{ access_token: string }>(stored.tokens_enc).access_token;
    const revoked = await call(`${provider.url}/outbound/api/v1/revoke`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    assert.equal(revoked.status, 204);
    const live = await flinks.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assert.equal(live.status, 401, live.text);
    assert.equal(live.body.FlinksCode, 'UNAUTHORIZED');
  });

  test('a state the consumer did not issue is refused; a ReturnUrl outside the widget too', async () => {
    const forged = await call(`${consumer.url}/v3/${CID}/BankingServices/OAuth/Callback?code=abc&state=forged`);
    assert.equal(forged.status, 400);
    assert.equal(forged.body.FlinksCode, 'INVALID_REQUEST');
    const open = await flinks.post('OAuth/Authorize', { Institution: code, ReturnUrl: 'https://evil.example.com/' });
    assert.equal(open.status, 400);
    const unknown = await flinks.post('OAuth/Authorize', { Institution: 'NoSuchBank', ReturnUrl: '/v2/' });
    assert.equal(unknown.status, 400);
  });
});
