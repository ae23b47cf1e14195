/**
 * The Connect widget (/v2/) in headless chromium, embedded in a parent page on
 * another origin that records every postMessage: the flows a person goes
 * through, the events in the order they cause them, and what the API says
 * about the result. Screenshots: test-results/screenshots/<test>/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { call, startTestApp, type TestApp } from '../support/app.ts';
import { FlinksClient, answerFor } from '../support/flinks.ts';
import { SANDBOX_TENANT } from '../../src/platform/tenants.ts';
import { ensureWidgetBuilt } from '../../web/widget/build.mjs';
import { SQUARE_IMAGES } from '../../src/sandbox/flinks-capital/index.ts';
import { launchChromium, openWidget, startParent, type Session } from './harness.ts';
import { GUID } from '../support/flinks.ts';


let t: TestApp;
let api: FlinksClient;
let browser: Browser;
let parent: Awaited<ReturnType<typeof startParent>>;

before(async () => {
  ensureWidgetBuilt();
  browser = await launchChromium();
  [t, parent] = await Promise.all([startTestApp(), startParent()]);
  api = new FlinksClient(t.url);
});
after(async () => {
  await browser?.close();
  await parent?.close();
  await t?.stop();
});

const open = (test: string, params: Record<string, string> = {}, opts: { path?: string; viewport?: { width: number; height: number } } = {}) =>
  openWidget(browser, { test, widgetBase: t.url, parentOrigin: parent.origin, params, ...opts });

async function heading(s: Session, name: string | RegExp): Promise<void> {
  await s.frame.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
}

async function logIn(s: Session, username: string, password = 'Everyday', submit = 'Connect'): Promise<void> {
  await s.frame.getByLabel(/^(Username|Nom d’utilisateur)$/).fill(username);
  await s.frame.getByLabel(/^(Password|Mot de passe)$/).fill(password);
  await s.frame.getByRole('button', { name: submit }).click();
}

/** Fills every QuestionAndAnswer field of the MFA screen with the sandbox answer of its prompt; answers the prompts. */
async function answerQuestions(s: Session): Promise<string[]> {
  const labels = await s.frame.locator('form .field > label').allTextContents();
  for (const prompt of labels) await s.frame.getByLabel(prompt, { exact: true }).fill(answerFor(prompt));
  return labels;
}

/** The id of the focused element's heading, or its tag, inside the widget. */
const focused = (s: Session) => s.inFrame(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}` : '';
});

describe('Connect widget', () => {
  test('happy path with MFA: events in order, redirect with loginId, and the loginId authorizes through the API', async () => {
    const s = await open('happy-path', { demo: 'true', institutionFilterEnable: 'true', redirectUrl: `${parent.origin}/thank-you`, tag: 'user-42', customerName: 'Acme Lending', termsUrl: 'https://example.com/terms' });
    try {
      await heading(s, 'Connect your bank account');
      await s.shot('consent');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await heading(s, 'Select your institution');
      assert.equal(await focused(s), 'h1#selector-title', 'the focus moves to the new screen’s heading');
      await s.frame.getByLabel('Search for your institution').fill('flinks');
      await s.shot('institution-search');
      await s.frame.getByRole('button', { name: /Flinks Capital/ }).click();
      await heading(s, 'Log in to Flinks Capital');
      await s.shot('credentials');
      await logIn(s, 'Greatday');
      await heading(s, 'Verify your identity');
      const [prompt] = await answerQuestions(s);
      await s.shot('mfa');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      const redirect = await s.waitFor('REDIRECT');
      await s.page.waitForURL(/\/thank-you\?/);
      await s.shot('redirected');

      assert.deepEqual(s.steps(), [
        'APP_MOUNTED', 'COMPONENT_LOAD_CONSENT', 'COMPONENT_ACCEPT_CONSENT', 'COMPONENT_LOAD_INSTITUTION_SELECTOR', 'INSTITUTION_SELECTED',
        'COMPONENT_LOAD_CREDENTIAL', 'SUBMIT_CREDENTIAL', 'COMPONENT_LOAD_MFA', 'SUBMIT_MFA', 'REDIRECT',
      ]);
      const e = s.events;
      for (const step of ['INSTITUTION_SELECTED', 'COMPONENT_LOAD_CREDENTIAL', 'SUBMIT_CREDENTIAL', 'COMPONENT_LOAD_MFA', 'SUBMIT_MFA', 'REDIRECT']) {
        assert.equal(e.find((x) => x.step === step)!.institution, 'FlinksCapital', `${step} names the institution`);
      }
      assert.deepEqual(e.find((x) => x.step === 'COMPONENT_LOAD_MFA')!.mfaTypes, ['QuestionAndAnswer']);
      assert.ok(s.origins.every((o) => o === new URL(t.url).origin), 'events come from the widget’s origin');
      // Credentials and answers never reach the parent.
      const all = JSON.stringify(s.raw);
      assert.ok(!/Everyday|Greatday/i.test(all) && !all.includes(answerFor(prompt!)), 'no credential or answer in any event');

      const url = new URL(String(redirect.url));
      assert.equal(`${url.origin}${url.pathname}`, `${parent.origin}/thank-you`);
      assert.deepEqual([...url.searchParams.keys()], ['loginId', 'institution', 'tag']);
      const loginId = url.searchParams.get('loginId')!;
      assert.match(loginId, GUID);
      assert.equal(url.searchParams.get('institution'), 'FlinksCapital');
      assert.equal(url.searchParams.get('tag'), 'user-42');
      assert.equal(redirect.loginId, loginId);
      assert.equal(new URL(s.page.url()).searchParams.get('loginId'), loginId, 'the top window went to redirectUrl');

      // What the application does next: a cached Authorize on the LoginId, then the data.
      const cached = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
      assert.equal(cached.status, 200);
      assert.equal(cached.body.Login.Id, loginId);
      assert.equal(cached.body.Login.Username, 'Greatday');
      assert.equal(cached.body.Tag, 'user-42');
      const first = await api.post('GetAccountsDetail', { RequestId: cached.body.RequestId });
      assert.ok([200, 202].includes(first.status), `aggregation started by Authorize: ${first.status}`);
      const detail = first.status === 202 ? await api.poll('GetAccountsDetail', cached.body.RequestId) : first;
      assert.equal(detail.status, 200);
      assert.ok(detail.body.Accounts.length > 0);
    } finally {
      await s.close();
    }
  });

  test('a wrong password, then a retry (stringify, preselected institution, jsRedirect)', async () => {
    const s = await open('wrong-password-retry', { demo: 'true', consentEnable: 'false', jsRedirect: 'true', stringify: 'true' }, { path: '/v2/Credential/14' });
    try {
      await heading(s, 'Log in to Flinks Capital');
      await s.shot('credentials');
      await s.frame.getByRole('button', { name: 'Connect' }).click();
      await s.frame.getByText('Username is required.').waitFor();
      await s.shot('required-fields');
      await logIn(s, 'greatday_nomfa', 'Everydy');
      await s.frame.getByRole('alert').filter({ hasText: 'The password is incorrect' }).waitFor();
      await s.waitFor('COMPONENT_LOAD_CREDENTIAL_RETRY');
      await s.shot('wrong-password');
      assert.equal(await s.frame.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is typed again');
      assert.equal(await s.frame.getByLabel('Username').inputValue(), 'greatday_nomfa');
      assert.match(await focused(s), /^input/, 'the focus is back in the form');
      await s.frame.getByLabel('Password', { exact: true }).fill('Everyday');
      await s.frame.getByRole('button', { name: 'Connect' }).click();
      await heading(s, 'You’re connected');
      const redirect = await s.waitFor('REDIRECT');
      await s.shot('connected');

      assert.ok(s.raw.every((m) => typeof m === 'string'), 'stringify=true posts JSON text');
      assert.deepEqual(s.steps(), ['APP_MOUNTED', 'COMPONENT_LOAD_CREDENTIAL', 'SUBMIT_CREDENTIAL', 'INVALID_PASSWORD', 'COMPONENT_LOAD_CREDENTIAL_RETRY', 'SUBMIT_CREDENTIAL', 'REDIRECT']);
      const code = s.events.find((e) => e.step === 'INVALID_PASSWORD')!;
      assert.equal(code.flinksCode, 'INVALID_PASSWORD');
      assert.equal(code.institution, 'FlinksCapital');
      assert.match(String(code.requestId), GUID);
      assert.match(String(redirect.url), new RegExp(`^${t.url}/v2/success\\?loginId=[0-9a-f-]{36}&institution=FlinksCapital$`));
      assert.ok(s.page.url().startsWith(`${parent.origin}/embed`), 'jsRedirect: nothing navigates');
      // Without redirectUrl, the URL is Maplelink's own landing page.
      await s.page.goto(String(redirect.url));
      await s.page.getByRole('heading', { level: 1, name: 'You’re connected' }).waitFor();
      await s.shot('default-landing-page');
    } finally {
      await s.close();
    }
  });

  describe('every challenge type', () => {
    const base = { demo: 'true', consentEnable: 'false', jsRedirect: 'true' };
    const finish = async (s: Session) => {
      await s.frame.getByRole('button', { name: 'Continue' }).click();
    };
    const connected = async (s: Session) => {
      const redirect = await s.waitFor('REDIRECT');
      await heading(s, 'You’re connected');
      await s.shot('connected');
      assert.match(new URL(String(redirect.url)).searchParams.get('loginId')!, GUID);
      return redirect;
    };

    test('MultipleChoice (radio), with a wrong choice first', async () => {
      const s = await open('mfa-multiple-choice', base, { path: '/v2/Credential/14' });
      try {
        await logIn(s, 'greatday_choice');
        await heading(s, 'Verify your identity');
        await s.frame.getByRole('button', { name: 'Continue' }).click();
        await s.frame.getByText('Answer this question.').waitFor();
        await s.frame.getByRole('radio', { name: 'Red' }).check();
        await s.shot('choice');
        await finish(s);
        await s.frame.getByRole('alert').filter({ hasText: 'That answer is incorrect' }).waitFor();
        await s.waitFor('COMPONENT_LOAD_MFA_RETRY');
        await s.shot('wrong-choice');
        await s.frame.getByRole('radio', { name: 'Blue' }).check();
        await finish(s);
        await connected(s);
        assert.deepEqual(s.events.find((e) => e.step === 'COMPONENT_LOAD_MFA')!.mfaTypes, ['MultipleChoice']);
        assert.deepEqual(s.steps().slice(3), ['COMPONENT_LOAD_MFA', 'SUBMIT_MFA', 'INVALID_SECURITY_RESPONSE', 'COMPONENT_LOAD_MFA_RETRY', 'SUBMIT_MFA', 'REDIRECT']);
      } finally {
        await s.close();
      }
    });

    test('MultipleChoiceMultipleAnswers (checkboxes)', async () => {
      const s = await open('mfa-multiple-answers', base, { path: '/v2/Credential/14' });
      try {
        await logIn(s, 'greatday_multianswer');
        await heading(s, 'Verify your identity');
        await s.frame.getByRole('checkbox', { name: 'Apple' }).check();
        await s.frame.getByRole('checkbox', { name: 'Banana' }).check();
        await s.shot('checkboxes');
        await finish(s);
        await connected(s);
        assert.deepEqual(s.events.find((e) => e.step === 'COMPONENT_LOAD_MFA')!.mfaTypes, ['MultipleChoiceMultipleAnswers']);
      } finally {
        await s.close();
      }
    });

    test('ImageSelection (images as buttons with alt text)', async () => {
      const s = await open('mfa-image', base, { path: '/v2/Credential/14' });
      try {
        await logIn(s, 'greatday_image');
        await heading(s, 'Verify your identity');
        const images = s.frame.getByRole('button', { name: /^Image \d of 3/ });
        assert.equal(await images.count(), 3);
        const blue = s.frame.getByRole('button', { name: 'Image 2 of 3' });
        assert.ok((await blue.locator('img').getAttribute('src'))!.endsWith(SQUARE_IMAGES.blue));
        assert.equal(await blue.locator('img').getAttribute('alt'), 'Image 2 of 3');
        await blue.click();
        assert.equal(await blue.getAttribute('aria-pressed'), 'true');
        await s.shot('image-chosen');
        await finish(s);
        await connected(s);
        assert.deepEqual(s.events.find((e) => e.step === 'COMPONENT_LOAD_MFA')!.mfaTypes, ['ImageSelection']);
      } finally {
        await s.close();
      }
    });

    test('TextOrCall, then the code round', async () => {
      const s = await open('mfa-text-or-call', base, { path: '/v2/Credential/14' });
      try {
        await logIn(s, 'greatday_textorcall');
        await heading(s, 'Verify your identity');
        await s.frame.getByRole('radio', { name: 'Text' }).check();
        await s.shot('text-or-call');
        await finish(s);
        await s.waitFor('COMPONENT_LOAD_MFA', 2);
        await s.frame.getByLabel('Enter the security code sent to your phone').fill('123456');
        await s.shot('code');
        await finish(s);
        await connected(s);
        assert.deepEqual(s.events.filter((e) => e.step === 'COMPONENT_LOAD_MFA').map((e) => e.mfaTypes), [['TextOrCall'], ['QuestionAndAnswer']]);
      } finally {
        await s.close();
      }
    });

    test('several questions in one round (greatday_multi)', async () => {
      const s = await open('mfa-several-questions', base, { path: '/v2/Credential/14' });
      try {
        await logIn(s, 'greatday_multi');
        await heading(s, 'Verify your identity');
        const prompts = await answerQuestions(s);
        assert.equal(prompts.length, 3);
        await s.shot('three-questions');
        await finish(s);
        await connected(s);
        assert.equal(s.steps().filter((x) => x === 'COMPONENT_LOAD_MFA').length, 1);
      } finally {
        await s.close();
      }
    });

    test('several rounds (greatday_rounds)', async () => {
      const s = await open('mfa-rounds', base, { path: '/v2/Credential/14' });
      try {
        await logIn(s, 'greatday_rounds');
        const asked: string[] = [];
        for (let round = 1; round <= 3; round++) {
          await s.waitFor('COMPONENT_LOAD_MFA', round);
          await heading(s, 'Verify your identity');
          await s.frame.locator(`form .field > label`).first().waitFor();
          asked.push(...(await answerQuestions(s)));
          await s.shot(`round-${round}`);
          await finish(s);
          if (round < 3) await s.frame.getByLabel(asked[asked.length - 1]!, { exact: true }).waitFor({ state: 'detached' });
        }
        await connected(s);
        assert.deepEqual(asked, ['What city were you born in?', 'What is the best country on earth?', 'What shape do people like most?']);
        assert.deepEqual(s.steps().filter((x) => x.includes('MFA')), ['COMPONENT_LOAD_MFA', 'SUBMIT_MFA', 'COMPONENT_LOAD_MFA', 'SUBMIT_MFA', 'COMPONENT_LOAD_MFA', 'SUBMIT_MFA']);
      } finally {
        await s.close();
      }
    });
  });

  test('French: every screen and the MFA prompt are French', async () => {
    const s = await open('french', { demo: 'true', language: 'fr', jsRedirect: 'true', customerName: 'Prêts Acme' });
    const english = /\b(Continue|Cancel|Select your|Search|Username|Password|Secured by|Log in|Verify|connected)\b/;
    const text = () => s.inFrame(() => document.body.innerText);
    try {
      await heading(s, 'Connecter votre compte bancaire');
      assert.equal(await s.inFrame(() => document.documentElement.lang), 'fr-CA');
      assert.doesNotMatch(await text(), english);
      await s.shot('consentement');
      await s.frame.getByRole('button', { name: 'Continuer' }).click();
      await heading(s, 'Choisissez votre institution');
      assert.doesNotMatch(await text(), english);
      await s.shot('institutions');
      await s.frame.getByRole('button', { name: /Flinks Capital/ }).click();
      await heading(s, 'Connexion à Flinks Capital');
      await s.frame.getByRole('button', { name: 'Se connecter' }).click();
      await s.frame.getByText('Nom d’utilisateur : ce champ est obligatoire.').waitFor();
      assert.doesNotMatch(await text(), english);
      await s.shot('identifiants');
      await logIn(s, 'Greatday', 'mauvais', 'Se connecter');
      await s.frame.getByRole('alert').filter({ hasText: 'Le mot de passe est incorrect' }).waitFor();
      await s.frame.getByLabel('Mot de passe', { exact: true }).fill('Everyday');
      await s.frame.getByRole('button', { name: 'Se connecter' }).click();
      await heading(s, 'Vérification de votre identité');
      const [prompt] = await s.frame.locator('form .field > label').allTextContents();
      assert.match(prompt!, /^(Dans quelle ville êtes-vous né\?|Quel est le meilleur pays sur terre\?|Quelle forme les gens aiment-ils le plus\?)$/);
      assert.doesNotMatch(await text(), english);
      await s.frame.getByLabel(prompt!, { exact: true }).fill(answerFor(prompt!));
      await s.shot('mfa');
      await s.frame.getByRole('button', { name: 'Continuer' }).click();
      await heading(s, 'Vous êtes connecté');
      assert.doesNotMatch(await text(), english);
      await s.shot('connecte');
      const loginId = new URL(String((await s.waitFor('REDIRECT')).url)).searchParams.get('loginId')!;
      const cached = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
      assert.equal(cached.status, 200, 'the French login is its own LoginId (language is part of it)');
    } finally {
      await s.close();
    }
  });

  test('account selector, single: ACCOUNT_SELECTED and accountId in the redirect', async () => {
    const s = await open('accounts-single', { demo: 'true', consentEnable: 'false', accountSelectorEnable: 'true', redirectUrl: `${parent.origin}/thank-you`, innerRedirect: 'true', customerName: 'Acme Lending' }, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'greatday_nomfa');
      await heading(s, 'Select an account');
      const load = await s.waitFor('COMPONENT_LOAD_ACCOUNT_SELECTION');
      assert.equal(load.totalAccounts, 4);
      assert.equal(load.displayedAccounts, 2, 'Operations accounts only');
      assert.equal(await s.frame.getByRole('radio').count(), 2);
      await s.shot('accounts');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await s.frame.getByText('Select at least one account.').waitFor();
      const second = s.frame.getByRole('radio').nth(1);
      await second.check();
      const title = await s.frame.locator('.account.selected .account-title').textContent();
      await s.shot('account-chosen');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      const redirect = await s.waitFor('REDIRECT');
      const selected = s.events.filter((e) => e.step === 'ACCOUNT_SELECTED');
      assert.equal(selected.length, 1);
      assert.equal(selected[0]!.institution, 'FlinksCapital');
      const accountId = String(selected[0]!.accountId);
      const url = new URL(String(redirect.url));
      assert.equal(url.searchParams.get('accountId'), accountId);
      assert.equal(redirect.accountId, accountId);
      // innerRedirect: the frame, not the page, goes to redirectUrl.
      await s.frame.getByRole('heading', { name: 'Thank you' }).waitFor();
      assert.ok(s.page.url().startsWith(`${parent.origin}/embed`));
      await s.shot('inner-redirect');
      const cached = await api.post('Authorize', { LoginId: url.searchParams.get('loginId'), MostRecentCached: true });
      const summary = await api.poll('GetAccountsSummary', cached.body.RequestId);
      assert.equal(summary.body.Accounts.find((a: any) => a.Id === accountId)?.Title, title);
      assert.equal(summary.body.Accounts.find((a: any) => a.Id === accountId)?.Category, 'Operations');
    } finally {
      await s.close();
    }
  });

  test('account selector, multiple, all accounts, custom colours', async () => {
    const s = await open('accounts-multiple', { demo: 'true', consentEnable: 'false', accountSelectorEnable: 'true', accountSelectorMultiple: 'true', showAllAccounts: 'true', jsRedirect: 'true', backgroundColor: 'f7f7f7', foregroundColor1: '1b4332', tag: 'order 7' }, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'greatday_nomfa');
      await heading(s, 'Select your accounts');
      const load = await s.waitFor('COMPONENT_LOAD_ACCOUNT_SELECTION');
      assert.deepEqual([load.totalAccounts, load.displayedAccounts], [4, 4]);
      assert.equal(await s.frame.getByRole('checkbox').count(), 4);
      await s.frame.getByRole('checkbox').first().check();
      await s.frame.getByRole('checkbox').last().check();
      assert.equal(await s.frame.getByRole('button', { name: 'Continue' }).evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(27, 67, 50)');
      await s.shot('accounts-chosen');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      const redirect = await s.waitFor('REDIRECT');
      const ids = s.events.filter((e) => e.step === 'ACCOUNT_SELECTED').map((e) => String(e.accountId));
      assert.equal(ids.length, 2);
      const url = new URL(String(redirect.url));
      assert.equal(url.searchParams.get('accountId'), ids.join(','));
      assert.equal(url.searchParams.get('tag'), 'order 7');
      await heading(s, 'You’re connected');
      await s.shot('connected');
    } finally {
      await s.close();
    }
  });

  test('resume with requestId: the widget answers the MFA of a session the application started', async () => {
    // A new login started through the API...
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', MostRecentCached: false, Save: true });
    assert.equal(first.status, 203);
    const token = (await api.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': SANDBOX_TENANT.secretKey })).body.Token;
    let s = await open('resume-request-id', { requestId: first.body.RequestId, authorizeToken: token, jsRedirect: 'true' });
    try {
      await heading(s, 'Verify your identity');
      const prompt = first.body.SecurityChallenges[0].Prompt;
      await s.frame.getByLabel(prompt, { exact: true }).fill(answerFor(prompt));
      await s.shot('mfa');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      const redirect = await s.waitFor('REDIRECT');
      await s.shot('connected');
      assert.deepEqual(s.steps(), ['APP_MOUNTED', 'COMPONENT_LOAD_MFA', 'SUBMIT_MFA', 'REDIRECT']);
      assert.equal(redirect.requestId, first.body.RequestId);
      assert.equal(redirect.institution, 'FlinksCapital');
      const after = await api.post('GetAccountsSummary', { RequestId: first.body.RequestId });
      assert.ok([200, 202].includes(after.status), 'the resumed session is authorized');
    } finally {
      await s.close();
    }
    // ... and a live refresh (the application's "Refresh Data") that asks a question without a stored answer.
    const { loginId } = await api.connect('greatday_enhanced');
    await api.poll('GetAccountsSummary', (await api.post('Authorize', { LoginId: loginId, MostRecentCached: true })).body.RequestId);
    const refresh = await api.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assert.equal(refresh.status, 203);
    s = await open('resume-refresh', { requestId: refresh.body.RequestId, jsRedirect: 'true' });
    try {
      await heading(s, 'Verify your identity');
      await answerQuestions(s);
      await s.shot('mfa');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      const redirect = await s.waitFor('REDIRECT');
      await s.shot('connected');
      assert.equal(new URL(String(redirect.url)).searchParams.get('loginId'), loginId, 'the same LoginId, refreshed');
    } finally {
      await s.close();
    }
  });

  test('maximumRetry=2: two wrong passwords end with MAX_INVALID', async () => {
    const s = await open('maximum-retry', { demo: 'true', consentEnable: 'false', maximumRetry: '2' }, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'Greatday', 'nope');
      await s.waitFor('COMPONENT_LOAD_CREDENTIAL_RETRY');
      await s.frame.getByLabel('Password', { exact: true }).fill('still-wrong');
      await s.frame.getByRole('button', { name: 'Connect' }).click();
      const max = await s.waitFor('MAX_INVALID');
      await heading(s, 'Too many attempts');
      await s.shot('max-attempts');
      assert.equal(max.institution, 'FlinksCapital');
      assert.deepEqual(s.steps(), ['APP_MOUNTED', 'COMPONENT_LOAD_CREDENTIAL', 'SUBMIT_CREDENTIAL', 'INVALID_PASSWORD', 'COMPONENT_LOAD_CREDENTIAL_RETRY', 'SUBMIT_CREDENTIAL', 'INVALID_PASSWORD', 'MAX_INVALID']);
      assert.equal(await s.frame.getByLabel('Password', { exact: true }).count(), 0, 'no further attempt');
    } finally {
      await s.close();
    }
  });

  test('errors a person can see: the institution down, an account disabled, a session ended by wrong answers', async () => {
    const s = await open('institution-errors', { demo: 'true', consentEnable: 'false', jsRedirect: 'true' }, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'test_service_unavailable');
      await heading(s, 'Institution not available');
      await s.frame.getByText('Flinks Capital is not available right now. Try again later.').waitFor();
      assert.equal((await s.waitFor('RETRY_LATER')).flinksCode, 'RETRY_LATER');
      await s.shot('retry-later');
      await s.frame.getByRole('button', { name: 'Try again' }).click();
      await heading(s, 'Log in to Flinks Capital');
      await logIn(s, 'test_disabled_account');
      await heading(s, 'Account disabled');
      await s.shot('disabled-login');
      await s.frame.getByRole('button', { name: 'Try again' }).click();
      await logIn(s, 'test_unauthorized');
      await s.frame.getByText('Flinks Capital refused access to this account.').waitFor();
      await s.shot('institution-refused');
      await s.frame.getByRole('button', { name: 'Try again' }).click();
      await logIn(s, 'greatday_choice');
      await heading(s, 'Verify your identity');
      for (let i = 1; i <= 3; i++) {
        await s.frame.getByRole('radio', { name: 'Green' }).check();
        await s.frame.getByRole('button', { name: 'Continue' }).click();
        await s.waitFor('INVALID_SECURITY_RESPONSE', i);
        if (i < 3) await s.waitFor('COMPONENT_LOAD_MFA_RETRY', i);
      }
      await heading(s, 'Session ended');
      await s.shot('session-ended');
      await s.frame.getByRole('button', { name: 'Log in again' }).click();
      await heading(s, 'Log in to Flinks Capital');
      assert.ok(!s.steps().includes('REDIRECT'));
    } finally {
      await s.close();
    }
  });

  test('loading: the account list waits for an aggregation that takes a while (test_pending)', async () => {
    const s = await open('loading-accounts', { demo: 'true', consentEnable: 'false', accountSelectorEnable: 'true', jsRedirect: 'true' }, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'test_pending');
      await heading(s, 'Verify your identity');
      await answerQuestions(s);
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await s.frame.getByRole('status').filter({ hasText: 'Retrieving your accounts…' }).waitFor();
      assert.equal(await s.frame.locator('main').getAttribute('aria-busy'), 'true');
      await s.shot('loading-accounts');
      await heading(s, 'Select an account');
      await s.shot('accounts');
      assert.ok((await s.waitFor('COMPONENT_LOAD_ACCOUNT_SELECTION')).displayedAccounts as number > 0);
    } finally {
      await s.close();
    }
  });

  test('authorize token: required by the customer, kept across a mistyped password, refused a second time', async () => {
    const { tenant, secretKey } = await t.app.platform.tenants.create({ name: 'Token customer', policy: { requireAuthorizeToken: true, requireApiKey: false }, allowedOrigins: [parent.origin] });
    const client = new FlinksClient(t.url, tenant.id);
    const token = (await client.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': secretKey })).body.Token;
    const params = { customerId: tenant.id, authorizeToken: token, demo: 'true', consentEnable: 'false', jsRedirect: 'true' };
    let s = await open('token-first-use', params, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'greatday_nomfa', 'typo');
      await s.waitFor('COMPONENT_LOAD_CREDENTIAL_RETRY');
      await s.shot('wrong-password');
      await s.frame.getByLabel('Password', { exact: true }).fill('Everyday');
      await s.frame.getByRole('button', { name: 'Connect' }).click();
      await s.waitFor('REDIRECT');
      await heading(s, 'You’re connected');
      await s.shot('connected');
    } finally {
      await s.close();
    }
    s = await open('token-reused', params, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'greatday_nomfa');
      const refused = await s.waitFor('UNAUTHORIZED');
      await heading(s, 'Connection not authorized');
      await s.frame.getByText('This connection is not authorized').waitFor();
      await s.shot('token-refused');
      assert.deepEqual(refused, { step: 'UNAUTHORIZED', requestId: null, flinksCode: 'UNAUTHORIZED', institution: 'FlinksCapital' });
      assert.ok(!s.steps().includes('REDIRECT'));
    } finally {
      await s.close();
    }
    const page = await call(`${t.url}/v2/?customerId=${tenant.id}`);
    assert.match(page.headers.get('content-security-policy')!, new RegExp(`frame-ancestors 'self' ${parent.origin}$`));
  });

  test('a real bank: Flinks Capital is not listed without demo, and the bank answers DISABLED_INSTITUTION', async () => {
    const s = await open('disabled-institution', { consentEnable: 'false', institutionFilterEnable: 'true' });
    try {
      await heading(s, 'Select your institution');
      await s.frame.getByLabel('Search for your institution').fill('flinks');
      await s.frame.getByText('No institution matches “flinks”.').waitFor();
      await s.shot('no-sandbox');
      await s.frame.getByLabel('Search for your institution').fill('royal');
      await s.frame.getByRole('button', { name: /RBC Royal Bank/ }).click();
      await heading(s, 'Log in to RBC Royal Bank');
      await logIn(s, 'someone', 'secret');
      await heading(s, 'Institution unavailable');
      await s.shot('disabled-institution');
      const code = await s.waitFor('DISABLED_INSTITUTION');
      assert.deepEqual(code, { step: 'DISABLED_INSTITUTION', requestId: null, flinksCode: 'DISABLED_INSTITUTION', institution: 'RBC' });
      assert.equal(s.events.find((e) => e.step === 'INSTITUTION_SELECTED')!.institution, 'RBC');
      await s.frame.getByRole('button', { name: 'Choose another institution' }).click();
      await heading(s, 'Select your institution');
      assert.equal(s.steps().filter((x) => x === 'COMPONENT_LOAD_INSTITUTION_SELECTOR').length, 2);
    } finally {
      await s.close();
    }
  });

  test('dark theme at 320 px, closeEnable, and a login done with the keyboard only', async () => {
    const s = await open('dark-320-keyboard', { demo: 'true', consentEnable: 'false', theme: 'dark', closeEnable: 'true', jsRedirect: 'true' }, { viewport: { width: 320, height: 640 } });
    try {
      await heading(s, 'Select your institution');
      await s.shot('institutions');
      assert.ok(await s.inFrame(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no horizontal scrolling at 320 px');
      await s.frame.getByRole('button', { name: 'Close' }).click();
      const closed = await s.waitFor('COMPONENT_CLOSE_SESSION');
      assert.equal(closed.institution, null);
      await heading(s, 'Session closed');
      await s.shot('closed');
      await s.frame.getByRole('button', { name: 'Start again' }).click();
      await heading(s, 'Select your institution');

      await s.frame.getByRole('button', { name: /Flinks Capital/ }).focus();
      await s.page.keyboard.press('Enter');
      await heading(s, 'Log in to Flinks Capital');
      assert.equal(await focused(s), 'h1#credentials-title');
      await s.page.keyboard.press('Tab');
      await s.page.keyboard.type('greatday_nomfa');
      await s.page.keyboard.press('Tab');
      await s.page.keyboard.type('Everyday');
      await s.shot('credentials');
      assert.ok(await s.inFrame(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
      await s.page.keyboard.press('Enter');
      await heading(s, 'You’re connected');
      await s.waitFor('REDIRECT');
      await s.shot('connected');
    } finally {
      await s.close();
    }
  });

  test('enhancedMFA: the other security questions are collected after the login', async () => {
    const s = await open('enhanced-mfa', { demo: 'true', consentEnable: 'false', enhancedMFA: 'true', jsRedirect: 'true' }, { path: '/v2/Credential/14' });
    try {
      await logIn(s, 'greatday_enhanced');
      await heading(s, 'Verify your identity');
      await answerQuestions(s);
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await heading(s, 'Your security questions');
      await s.waitFor('ENHANCED_MFA_HAS_QUESTIONS');
      await answerQuestions(s);
      await s.shot('security-questions');
      await s.frame.getByRole('button', { name: 'Save answers' }).click();
      const redirect = await s.waitFor('REDIRECT');
      assert.deepEqual(s.steps().slice(-3), ['ENHANCED_MFA_HAS_QUESTIONS', 'SUBMIT_ANSWER_MFA_QUESTIONS', 'REDIRECT']);
      const loginId = new URL(String(redirect.url)).searchParams.get('loginId');
      const left = await api.get(`GetMFAQuestions/${loginId}`);
      assert.deepEqual(left.body.Questions, []);
    } finally {
      await s.close();
    }
  });

  test('the page: CSP frame-ancestors from the customer, no referrer, built assets, 503-free', async () => {
    const page = await call(`${t.url}/v2/?demo=true`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /frame-ancestors \*(;|$)/);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.match(page.text, /id="maplelink-config"/);
    const asset = /src="(\/v2\/assets\/[^"]+\.js)"/.exec(page.text)![1]!;
    const js = await call(`${t.url}${asset}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type')!, /javascript/);
    assert.match(js.headers.get('cache-control')!, /immutable/);
    assert.equal((await call(`${t.url}/v2/assets/nope.js`)).status, 404);
    assert.equal((await call(`${t.url}/v2/assets/..%2f..%2fpackage.json`)).status, 404);
    const credential = await call(`${t.url}/v2/Credential/14?demo=true`);
    assert.equal(credential.status, 200);
    assert.match(credential.text, /<div id="root">/);

    const { tenant } = await t.app.platform.tenants.create({ name: 'Framed', allowedOrigins: ['https://app.example.com', 'https://*.example.org', "x'; script-src *"] });
    const own = await call(`${t.url}/v2/?customerId=${tenant.id}`);
    assert.match(own.headers.get('content-security-policy')!, /frame-ancestors 'self' https:\/\/app\.example\.com https:\/\/\*\.example\.org$/);
    const unknown = await call(`${t.url}/v2/?customerId=11111111-2222-4333-8444-555555555555`);
    assert.match(unknown.headers.get('content-security-policy')!, /frame-ancestors 'self'$/);
  });
});

