/**
 * The widget's upload step (/v2/?upload=true, /v2/Upload) in headless chromium: choosing
 * statements, the progress, the result, the REDIRECT with the new LoginId — and that LoginId
 * read back through the API. Screenshots: test-results/screenshots/upload-*.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { FlinksClient, GUID } from '../support/flinks.ts';
import { ensureWidgetBuilt } from '../../web/widget/build.mjs';
import { renderStatementPdf } from '../../src/connect/statements/pdf.ts';
import { fraudFixture } from '../unit/upload/pdf-fixtures.ts';
import { launchChromium, openWidget, startParent, type Session } from './harness.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `content` written under a temporary directory as `name`: its path, for setInputFiles. */
function fileOnDisk(name: string, content: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ml-upload-')), name);
  writeFileSync(path, content);
  return path;
}

let t: TestApp;
let browser: Browser;
let parent: Awaited<ReturnType<typeof startParent>>;

before(async () => {
  ensureWidgetBuilt();
  browser = await launchChromium();
  // One after the other, each assigned as soon as it runs: whatever started is stopped by after(), even if the next one fails.
  parent = await startParent();
  t = await startTestApp();
});
after(async () => {
  await browser?.close();
  await parent?.close();
  await t?.stop();
});

async function heading(s: Session, name: string | RegExp): Promise<void> {
  await s.frame.getByRole('heading', { level: 1, name }).waitFor({ timeout: 20_000 });
}

function sandboxStatement(month: string, days: number, opening: number): Promise<Buffer> {
  const transactions = [
    { date: `${month}-03`, description: 'PAYROLL DEPOSIT ACME CORP', debitCents: null, creditCents: 245_000, balanceCents: opening + 245_000 },
    { date: `${month}-08`, description: 'RENT PAYMENT LANDLORD INC', debitCents: 140_000, creditCents: null, balanceCents: opening + 105_000 },
    { date: `${month}-15`, description: 'GROCERY STORE #221 MONTREAL QC', debitCents: 12_345, creditCents: null, balanceCents: opening + 92_655 },
  ];
  return renderStatementPdf({
    institutionName: 'Flinks Capital', holderName: 'Camille Tremblay', holderAddress: ['12 Rue Saint-Denis', 'Montreal QC H2X 1K2'], accountTitle: 'Chequing CAD', accountNumber: '4081234', transitNumber: '10492', currency: 'CAD',
    periodStart: `${month}-01`, periodEnd: `${month}-${days}`, openingBalanceCents: opening, closingBalanceCents: opening + 92_655, transactions,
  });
}

describe('Connect widget: upload step', () => {
  test('choose statements, upload, see what was read, REDIRECT with a LoginId that the API serves', async () => {
    const s = await openWidget(browser, { test: 'upload-happy-path', widgetBase: t.url, parentOrigin: parent.origin, params: { upload: 'true', redirectUrl: `${parent.origin}/thank-you`, tag: 'applicant-7', customerName: 'Acme Lending' } });
    try {
      await heading(s, 'Connect your bank account');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      await heading(s, 'Upload your bank statements');
      await s.shot('choose');
      const january = await sandboxStatement('2024-01', 31, 100_000);
      const february = await sandboxStatement('2024-02', 29, 192_655);
      await s.frame.locator('input[type=file]').setInputFiles([
        { name: 'january.pdf', mimeType: 'application/pdf', buffer: january },
        { name: 'february.pdf', mimeType: 'application/pdf', buffer: february },
      ]);
      await s.frame.getByRole('listitem').filter({ hasText: 'february.pdf' }).waitFor();
      await s.shot('chosen');
      await s.frame.getByRole('button', { name: 'Upload 2 files' }).click();
      await heading(s, 'Your statements were read');
      const items = await s.frame.locator('.upload-file').allTextContents();
      assert.deepEqual(items.map((x) => x.replace(/\s+/g, ' ').trim()), ['january.pdf3 transactions', 'february.pdf3 transactions']);
      await s.shot('result');
      await s.frame.getByRole('button', { name: 'Continue' }).click();
      const redirect = await s.waitFor('REDIRECT');
      assert.match(String(redirect.loginId), GUID);
      assert.equal(redirect.institution, 'FlinksCapital');
      assert.equal(redirect.tag, 'applicant-7');
      assert.equal(new URL(String(redirect.url)).searchParams.get('loginId'), redirect.loginId);
      await s.page.waitForURL(/thank-you/, { timeout: 10_000 });
      await s.page.getByRole('heading', { name: 'Thank you' }).waitFor();
      await s.shot('redirected');
      const steps = s.steps();
      const order = ['APP_MOUNTED', 'COMPONENT_LOAD_CONSENT', 'COMPONENT_ACCEPT_CONSENT', 'COMPONENT_LOAD_UPLOAD', 'UPLOAD_FILES_SELECTED', 'SUBMIT_UPLOAD', 'UPLOAD_PROCESSED', 'REDIRECT'];
      assert.deepEqual(steps.filter((x) => order.includes(x)), order);

      // The LoginId works like a connected one: Authorize (cached), then GetAccountsDetail.
      const api = new FlinksClient(t.url);
      const auth = await api.post('Authorize', { LoginId: redirect.loginId, MostRecentCached: true });
      assert.equal(auth.status, 200, auth.text);
      const first = await api.post('GetAccountsDetail', { RequestId: auth.body.RequestId, DaysOfTransactions: 'Days365' });
      const detail = first.status === 202 ? await api.poll('GetAccountsDetail', auth.body.RequestId) : first;
      assert.equal(detail.status, 200, detail.text);
      assert.equal(detail.body.Accounts.length, 1);
      assert.equal(detail.body.Accounts[0].Transactions.length, 6);
      assert.equal(detail.body.Accounts[0].Balance.Current, (192_655 + 92_655) / 100);
    } finally {
      await s.close();
    }
  });

  test('in French at /v2/Upload: limits checked before sending, reading in progress, a file that cannot be read', async () => {
    const s = await openWidget(browser, { test: 'upload-limits-fr', widgetBase: t.url, parentOrigin: parent.origin, path: '/v2/Upload', params: { language: 'fr', consentEnable: 'false' } });
    try {
      await heading(s, 'Téléversez vos relevés bancaires');
      await s.frame.locator('input[type=file]').setInputFiles([
        // 21 MB from a file on disk: chromium reads it locally, where a buffer would cross the
        // DevTools socket in base64 (over 30 s on a loaded machine).
        fileOnDisk('releve-trop-gros.pdf', Buffer.alloc(21 * 1024 * 1024, 0x20)),
        fileOnDisk('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3])),
      ]);
      await s.frame.getByRole('alert').filter({ hasText: 'releve-trop-gros.pdf dépasse 20 Mo.' }).waitFor();
      assert.equal(await s.frame.getByRole('button', { name: 'Téléverser 2 fichiers' }).isDisabled(), true);
      await s.shot('too-large');
      await s.frame.getByRole('button', { name: 'Retirer releve-trop-gros.pdf' }).click();
      await s.frame.getByRole('button', { name: 'Téléverser 1 fichier' }).click();
      await heading(s, 'Vos relevés n’ont pas pu être lus');
      assert.equal(await s.frame.locator('.upload-file-meta').innerText(), 'Non lu');
      assert.equal(await s.frame.locator('.upload-file-error').count(), 0, 'the English explanation of the API is not mixed into the French screen');
      await s.shot('not-read');
      await s.waitFor('Document_Processing_Failed');
      await s.frame.getByRole('button', { name: 'Choisir d’autres fichiers' }).click();
      await heading(s, 'Téléversez vos relevés bancaires');
      assert.equal(s.steps().includes('REDIRECT'), false);
    } finally {
      await s.close();
    }
  });

  test('the progress while the documents are read', async () => {
    // A server that reads no documents (no workers): the widget keeps polling and its progress can be seen.
    const idle = await startTestApp({}, { workers: false });
    const s = await openWidget(browser, { test: 'upload-progress', widgetBase: idle.url, parentOrigin: parent.origin, params: { upload: 'true', consentEnable: 'false', theme: 'dark' } });
    try {
      await heading(s, 'Upload your bank statements');
      await s.frame.locator('input[type=file]').setInputFiles([{ name: 'april.pdf', mimeType: 'application/pdf', buffer: await fraudFixture() }]);
      await s.frame.getByRole('button', { name: 'Upload 1 file' }).click();
      await s.frame.getByText('Reading your statements… 0 of 1').waitFor({ timeout: 10_000 });
      await s.shot('reading');
      const submitted = await s.waitFor('SUBMIT_UPLOAD');
      assert.equal(submitted.count, 1);
    } finally {
      await s.close();
      await idle.stop();
    }
  });
});

/** A two-line CSV export: what a person who cannot log in might upload. */
const CSV_EXPORT = Buffer.from('Date,Description,Amount,Balance\n2024-03-01,PAYROLL DEPOSIT ACME CORP,2450.00,3450.00\n2024-03-04,GROCERY STORE #221,-123.45,3326.55\n');

/** On the upload step: the CSV export sent, read, and continued; answers the REDIRECT event (with a LoginId). */
async function uploadExport(s: Session, name: string, labels: { send: string; read: string; next: string }) {
  await s.frame.locator('input[type=file]').setInputFiles([{ name, mimeType: 'text/csv', buffer: CSV_EXPORT }]);
  await s.frame.getByRole('button', { name: labels.send }).click();
  await heading(s, labels.read);
  await s.frame.getByRole('button', { name: labels.next }).click();
  const redirect = await s.waitFor('REDIRECT');
  assert.match(String(redirect.loginId), GUID);
  return redirect;
}

describe('Connect widget: Upload primary and fallback modes', () => {
  test('primary: once the institution is chosen, log in or upload; uploading goes back and forth; the upload carries the institution', async () => {
    const s = await openWidget(browser, { test: 'upload-mode-primary', widgetBase: t.url, parentOrigin: parent.origin, params: { uploadMode: 'primary', demo: 'true', consentEnable: 'false', jsRedirect: 'true' } });
    try {
      await heading(s, 'Select your institution');
      await s.frame.getByText('Can’t find your institution, or can’t log in?').waitFor();
      await s.frame.getByRole('button', { name: /Flinks Capital/ }).click();
      await heading(s, 'How do you want to share your Flinks Capital accounts?');
      await s.shot('choice');
      assert.equal((await s.waitFor('COMPONENT_LOAD_UPLOAD_CHOICE')).institution, 'FlinksCapital');
      await s.frame.getByRole('button', { name: 'Upload statements' }).click();
      await heading(s, 'Upload your bank statements');
      // Changing one's mind: back to the login, where uploading stays one click away.
      await s.frame.getByRole('button', { name: 'Log in to your bank instead' }).click();
      await heading(s, 'Log in to Flinks Capital');
      await s.shot('login-with-upload');
      await s.frame.getByRole('button', { name: 'Upload statements instead' }).click();
      await heading(s, 'Upload your bank statements');
      const redirect = await uploadExport(s, 'march.csv', { send: 'Upload 1 file', read: 'Your statements were read', next: 'Continue' });
      assert.equal(redirect.institution, 'FlinksCapital', 'the institution chosen before travels with the upload');
      const selects = s.events.filter((e) => e.step === 'COMPONENT_SELECT_UPLOAD');
      assert.deepEqual(selects.map((e) => e.reason), ['choice', 'choice']);
      const order = ['COMPONENT_LOAD_INSTITUTION_SELECTOR', 'INSTITUTION_SELECTED', 'COMPONENT_LOAD_UPLOAD_CHOICE', 'COMPONENT_SELECT_UPLOAD', 'COMPONENT_LOAD_UPLOAD', 'COMPONENT_LOAD_CREDENTIAL', 'COMPONENT_SELECT_UPLOAD', 'COMPONENT_LOAD_UPLOAD', 'SUBMIT_UPLOAD', 'UPLOAD_PROCESSED', 'REDIRECT'];
      assert.deepEqual(s.steps().filter((x) => order.includes(x)), order);

      const api = new FlinksClient(t.url);
      const auth = await api.post('Authorize', { LoginId: redirect.loginId, MostRecentCached: true });
      assert.equal(auth.status, 200, auth.text);
      assert.equal(auth.body.Institution, 'FlinksCapital');
    } finally {
      await s.close();
    }
  });

  test('fallback: a login form left idle for two minutes offers the upload; a key press restarts the wait', async () => {
    const s = await openWidget(browser, { test: 'upload-mode-fallback-idle', widgetBase: t.url, parentOrigin: parent.origin, params: { uploadMode: 'fallback', demo: 'true', consentEnable: 'false' } });
    try {
      await heading(s, 'Select your institution');
      // The page's clock from here on: two minutes pass in a moment.
      await s.context.clock.install();
      await s.frame.getByRole('button', { name: /Flinks Capital/ }).click();
      await heading(s, 'Log in to Flinks Capital');
      const offer = s.frame.getByRole('button', { name: 'Upload statements instead' });
      await s.context.clock.runFor('01:30');
      await s.frame.getByLabel('Username').press('a');
      await s.context.clock.runFor('01:30');
      assert.equal(await offer.count(), 0, 'the key press restarted the wait');
      await s.context.clock.runFor('00:31');
      await offer.waitFor();
      await s.shot('idle-offer');
      await offer.click();
      await heading(s, 'Upload your bank statements');
      assert.equal((await s.waitFor('COMPONENT_SELECT_UPLOAD')).reason, 'inactivity');
    } finally {
      await s.close();
    }
  });

  test('fallback: no upload beside a fresh login; offered once the password is refused, and below the institution list (French)', async () => {
    const s = await openWidget(browser, { test: 'upload-mode-fallback', widgetBase: t.url, parentOrigin: parent.origin, params: { uploadMode: 'fallback', demo: 'true', consentEnable: 'false', jsRedirect: 'true', language: 'fr' } });
    try {
      await heading(s, 'Choisissez votre institution');
      await s.frame.getByText('Votre institution n’est pas dans la liste, ou vous ne pouvez pas vous connecter ?').scrollIntoViewIfNeeded();
      await s.shot('selector-offer');
      await s.frame.getByRole('button', { name: /Flinks Capital/ }).click();
      await heading(s, 'Connexion à Flinks Capital');
      assert.equal(await s.frame.getByRole('button', { name: 'Téléverser des relevés plutôt' }).count(), 0, 'not offered before a failure');
      await s.frame.getByLabel('Nom d’utilisateur').fill('greatday_nomfa');
      await s.frame.getByLabel('Mot de passe', { exact: true }).fill('Everydy');
      await s.frame.getByRole('button', { name: 'Se connecter' }).click();
      await s.frame.getByRole('alert').waitFor();
      await s.waitFor('COMPONENT_LOAD_CREDENTIAL_RETRY');
      await s.shot('refused-with-offer');
      await s.frame.getByRole('button', { name: 'Téléverser des relevés plutôt' }).click();
      await heading(s, 'Téléversez vos relevés bancaires');
      assert.equal((await s.waitFor('COMPONENT_SELECT_UPLOAD')).reason, 'login_failed');
      await s.shot('upload');
      const redirect = await uploadExport(s, 'mars.csv', { send: 'Téléverser 1 fichier', read: 'Vos relevés ont été lus', next: 'Continuer' });
      assert.equal(redirect.institution, 'FlinksCapital');
    } finally {
      await s.close();
    }
  });
});
