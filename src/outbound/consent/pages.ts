/**
 * The consent pages a person sees at the data provider (pure: data in, HTML out).
 * Plain server-rendered HTML forms that work without script: every input has a
 * label, every screen one h1, errors are announced (role=alert), and the steps
 * say where the person is. Every value is escaped.
 */
import type { Challenge } from '../../connect/index.ts';
import { cancelForm, esc, initials, layout, type PageContext } from '../page.ts';
import { SCOPE_TEXT, type DataScope } from '../scopes.ts';

function alert(message: string | null): string {
  return message ? `<div class="alert" role="alert">${esc(message)}</div>` : '';
}

function requester(ctx: PageContext): string {
  const r = ctx.recipient;
  return `<div class="recipient">
<span class="mark small" aria-hidden="true">${esc(initials(r.name))}</span>
<div><p class="recipient-name">${esc(r.name)}</p>${r.description ? `<p class="muted">${esc(r.description)}</p>` : ''}</div>
</div>`;
}

export function loginPage(ctx: PageContext, o: { error: string | null; username?: string }): string {
  const body = `
<h1 id="title">Log in to ${esc(ctx.provider)}</h1>
<p class="lead">${esc(ctx.recipient.name)} is asking to access your ${esc(ctx.provider)} accounts. Log in to choose what you share.</p>
${requester(ctx)}
<form method="post" action="${esc(ctx.base)}/login" novalidate>
${alert(o.error)}
<div class="field"><label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${esc(o.username ?? '')}"></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit" class="btn btn-primary">Log in</button>
</form>
${cancelForm(ctx)}`;
  return layout({ title: `Log in to ${ctx.provider}`, provider: ctx.provider, step: { n: 1, of: 3, label: 'log in' }, body });
}

function challengeField(c: Challenge, i: number): string {
  const name = `c${i}`;
  const options = c.Iterables ?? [];
  if (c.Type === 'ImageSelection' && options.length > 0) {
    const items = options
      .map((o, k) => `<div class="choice image"><input type="radio" id="${name}-${k}" name="${name}" value="${esc(o)}"><label for="${name}-${k}"><img src="${esc(o.startsWith('data:image/') ? o : `data:image/png;base64,${o}`)}" alt="Image ${k + 1} of ${options.length}"></label></div>`)
      .join('');
    return `<fieldset class="field"><legend>${esc(c.Prompt)}</legend><p class="hint">Choose one image.</p><div class="choices images">${items}</div></fieldset>`;
  }
  if (options.length > 0) {
    const many = c.Type === 'MultipleChoiceMultipleAnswers';
    const items = options
      .map((o, k) => `<div class="choice"><input type="${many ? 'checkbox' : 'radio'}" id="${name}-${k}" name="${name}" value="${esc(o)}"><label for="${name}-${k}">${esc(o)}</label></div>`)
      .join('');
    const hint = c.Type === 'TextOrCall' ? 'Choose how to receive your security code.' : many ? 'Choose every answer that applies.' : 'Choose one answer.';
    return `<fieldset class="field"><legend>${esc(c.Prompt)}</legend><p class="hint">${hint}</p><div class="choices">${items}</div></fieldset>`;
  }
  return `<div class="field"><label for="${name}">${esc(c.Prompt)}</label><input id="${name}" name="${name}" type="text" autocomplete="off" spellcheck="false" required></div>`;
}

export function mfaPage(ctx: PageContext, o: { challenges: Challenge[]; error: string | null }): string {
  const body = `
<h1 id="title">Verify your identity</h1>
<p class="lead">${esc(ctx.provider)} needs to confirm it is you.</p>
<form method="post" action="${esc(ctx.base)}/mfa" novalidate>
${alert(o.error)}
${o.challenges.map(challengeField).join('\n')}
<button type="submit" class="btn btn-primary">Continue</button>
</form>
${cancelForm(ctx)}`;
  return layout({ title: 'Verify your identity', provider: ctx.provider, step: { n: 2, of: 3, label: 'verify' }, body });
}

export function waitingPage(ctx: PageContext): string {
  const body = `
<h1 id="title">Retrieving your accounts</h1>
<p class="lead" role="status">${esc(ctx.provider)} is sending your list of accounts. This page refreshes by itself.</p>
<div class="spinner" aria-hidden="true"></div>
<p><a class="btn btn-secondary" href="${esc(ctx.base)}/accounts">Refresh now</a></p>`;
  return layout({ title: 'Retrieving your accounts', provider: ctx.provider, step: { n: 3, of: 3, label: 'share' }, body, refresh: 1 });
}

export interface ConsentAccount {
  id: string;
  title: string;
  kind: string;
  masked: string;
  currency: string;
}

export function consentPage(ctx: PageContext, o: { scopes: DataScope[]; accounts: ConsentAccount[]; chosen: Set<string> | null; error: string | null }): string {
  const scopes = o.scopes
    .map((s) => `<li><span class="scope-title">${esc(SCOPE_TEXT[s].title)}</span><span class="muted">${esc(SCOPE_TEXT[s].detail)}</span></li>`)
    .join('');
  const accounts = o.accounts
    .map((a) => {
      const checked = o.chosen === null || o.chosen.has(a.id) ? ' checked' : '';
      return `<div class="choice account"><input type="checkbox" id="acct-${esc(a.id)}" name="accounts" value="${esc(a.id)}"${checked}><label for="acct-${esc(a.id)}"><span class="account-title">${esc(a.title)}</span><span class="muted">${esc(a.kind)} · ${esc(a.masked)} · ${esc(a.currency)}</span></label></div>`;
    })
    .join('');
  const terms = ctx.recipient.termsUri && /^https?:\/\//i.test(ctx.recipient.termsUri)
    ? `<p class="muted small">Read the <a href="${esc(ctx.recipient.termsUri)}" target="_blank" rel="noreferrer">terms of ${esc(ctx.recipient.name)}</a>.</p>`
    : '';
  const body = `
<h1 id="title">Share your data with ${esc(ctx.recipient.name)}</h1>
${requester(ctx)}
<form method="post" action="${esc(ctx.base)}/confirm" novalidate>
${alert(o.error)}
<section aria-labelledby="scopes-title">
<h2 id="scopes-title">${esc(ctx.recipient.name)} will be able to see</h2>
<ul class="scopes">${scopes}</ul>
</section>
<fieldset class="field">
<legend>Accounts to share</legend>
<p class="hint">Only the accounts you choose are shared. You can stop sharing at any time.</p>
<div class="choices">${accounts}</div>
</fieldset>
${terms}
<div class="actions">
<button type="submit" name="decision" value="allow" class="btn btn-primary">Allow</button>
<button type="submit" name="decision" value="deny" class="btn btn-secondary">Deny</button>
</div>
</form>`;
  return layout({ title: `Share your data with ${ctx.recipient.name}`, provider: ctx.provider, step: { n: 3, of: 3, label: 'share' }, body });
}
