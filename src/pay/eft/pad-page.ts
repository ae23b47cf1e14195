/**
 * The page where a payor reads and signs a PAD agreement (padLink):
 *   GET  /pay/pad/{padId}?token=...        the agreement, and the signature form while Pending
 *   POST /pay/pad/{padId}/sign             form: token, name, agree -> 303 back to the page
 * Server-rendered HTML without script; the token of the link is the only
 * credential (a random value, stored encrypted, compared in constant time).
 * The signature records the typed name, the time, the address and the browser.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.ts';
import { frameAncestors } from '../../platform/http/built-app.ts';
import type { PayConfig } from '../config.ts';
import { transactionCodeName } from './codes.ts';
import { findPadForSigning, findSchedule, type PadRow, type ScheduleRow } from './store.ts';
import { signPadAgreement } from './service.ts';
import { maskAccount } from './wire.ts';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;background:#f4f6f8}
main{max-width:720px;margin:32px auto;padding:32px;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.05rem;margin:24px 0 8px;color:#334e68}
.sub{color:#627d98;margin:0 0 16px}dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}
dt{color:#627d98}dd{margin:0;font-weight:600}ol{padding-left:20px}li{margin:6px 0}
.status{display:inline-block;padding:2px 10px;border-radius:999px;font-size:.85rem;font-weight:600}
.Pending{background:#fff4d6;color:#8d6708}.Signed{background:#dcf5e3;color:#1d6b37}.Cancelled,.Disputed{background:#fde2e1;color:#9b1c1c}
form{margin-top:24px;padding:20px;border:1px solid #d9e2ec;border-radius:8px;background:#fafbfc}
label{display:block;margin:12px 0 4px;font-weight:600}input[type=text]{width:100%;padding:10px;border:1px solid #bcccdc;border-radius:6px;font:inherit}
.check{display:flex;gap:10px;align-items:flex-start;font-weight:400}.check input{margin-top:5px}
button{margin-top:16px;padding:12px 20px;border:0;border-radius:6px;background:#1f6feb;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.error{padding:10px 12px;border-radius:6px;background:#fde2e1;color:#9b1c1c}.done{padding:12px;border-radius:6px;background:#dcf5e3;color:#1d6b37}
`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function money(cents: number): string {
  return `$${(Number(cents) / 100).toLocaleString('en-CA', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} CAD`;
}

const FREQ: Record<string, string> = { OneTime: 'once', Weekly: 'every week', Biweekly: 'every two weeks', Monthly: 'every month' };

function tokenMatches(p: Platform, pad: PadRow, token: string | undefined): boolean {
  if (!token) return false;
  const a = createHash('sha256').update(p.keys.decrypt(pad.token_enc)).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function agreement(pad: PadRow, s: ScheduleRow, merchant: string, token: string, error: string | null, justSigned: boolean): string {
  const schedule = s.frequency === 'OneTime'
    ? `One payment of ${money(s.amount_cents)} on ${s.start_date}.`
    : `${money(s.amount_cents)} ${FREQ[s.frequency]}, from ${s.start_date} ${s.end_date ? `until ${s.end_date}` : `for ${s.transactions_count} payments`}.`;
  const purpose = transactionCodeName(s.transaction_code) ?? `Code ${s.transaction_code}`;
  const signed = pad.status === 'Signed' && pad.signed_at
    ? `<p class="done" id="signed">Signed by <strong>${esc(pad.signed_name)}</strong> on ${esc(new Date(pad.signed_at).toISOString().replace('T', ' ').slice(0, 16))} UTC.${justSigned ? ' Thank you: you may close this page.' : ''}</p>`
    : '';
  const form = pad.status === 'Pending'
    ? `<form method="post" action="/pay/pad/${esc(pad.id)}/sign">
  ${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
  <input type="hidden" name="token" value="${esc(token)}">
  <label for="name">Type your full name to sign</label>
  <input type="text" id="name" name="name" maxlength="100" autocomplete="name" required>
  <label class="check"><input type="checkbox" name="agree" value="yes" required> I am an authorized signer of this account and I agree to this Pre-Authorized Debit Agreement.</label>
  <button type="submit">Sign the agreement</button>
</form>`
    : pad.status === 'Signed' ? '' : `<p class="error">This agreement is ${esc(pad.status.toLowerCase())}: it can no longer be signed.</p>`;
  return page('Pre-Authorized Debit Agreement', `
<h1>Pre-Authorized Debit (PAD) Agreement</h1>
<p class="sub">Agreement ${esc(pad.id)} · <span class="status ${esc(pad.status)}">${esc(pad.status)}</span></p>
<h2>Payor</h2>
<dl><dt>Name</dt><dd>${esc(pad.payor_name)}</dd>
<dt>Institution</dt><dd>${esc(pad.institution_code)}</dd><dt>Transit</dt><dd>${esc(pad.transit_number)}</dd>
<dt>Account</dt><dd>${esc(maskAccount(pad.account_number))}</dd></dl>
<h2>Payee</h2>
<dl><dt>Name</dt><dd>${esc(merchant)}</dd><dt>Purpose</dt><dd>${esc(purpose)}${s.description ? ` · ${esc(s.description)}` : ''}</dd></dl>
<h2>Payments</h2>
<p>${esc(schedule)}</p>
<h2>Terms</h2>
<ol>
<li>You authorize ${esc(merchant)} and its payment processor to withdraw the payments described above from the account named above, by electronic debit, on or after each date shown.</li>
<li>The amount and dates are fixed by this agreement. Any change to them needs a new agreement, or written notice to you at least 10 days before the changed debit.</li>
<li>You may cancel this authorization at any time by telling ${esc(merchant)}; a cancellation takes effect within 30 days of the notice. Cancelling does not end any other contract you may have with ${esc(merchant)}.</li>
<li>You have recourse rights if a debit does not follow this agreement: for instance, you may be reimbursed for a debit you did not authorize or that does not match this agreement. Your financial institution, or Payments Canada (payments.ca), can tell you more.</li>
<li>This agreement is made under the rules of Payments Canada for pre-authorized debits (Rule H1).</li>
</ol>
${signed}${form}`);
}

function securityHeaders(reply: FastifyReply, allowedOrigins: string[] | null): FastifyReply {
  return reply
    .header('content-security-policy', `default-src 'none'; style-src ${STYLE_HASH}; form-action 'self'; base-uri 'none'; frame-ancestors ${frameAncestors(allowedOrigins)}`)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8');
}

const notFound = page('Agreement not found', '<h1>Agreement not found</h1><p>This link is not valid. Ask the sender for a new one.</p>');

const PadParams = z.object({ padId: z.string() });
/** ?token= (the link's secret) and &signed=1 after signing, read as sent. */
const PadQuery = z.looseObject({ token: z.unknown().optional(), signed: z.unknown().optional() });
/** The agreement page (HTML); 303 to itself once signed. */
const Page = { 200: z.string().describe('text/html'), 303: z.undefined().describe('No body: Location is the signed page') };

export function registerPadPage(app: FastifyInstance, p: Platform, _config: PayConfig): void {
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    const show = async (padId: string, token: string | undefined, reply: FastifyReply, status: number, error: string | null, justSigned = false) => {
      const pad = await findPadForSigning(p.db, padId);
      if (!pad || !tokenMatches(p, pad, token)) return securityHeaders(reply, null).code(404).send(notFound);
      const [s, tenant] = await Promise.all([findSchedule(p.db, pad.customer_id, pad.schedule_id), p.tenants.find(pad.customer_id)]);
      return securityHeaders(reply, tenant?.allowedOrigins ?? null).code(status).send(agreement(pad, s!, tenant?.name ?? 'the payee', token!, error, justSigned));
    };

    scope.get('/pay/pad/:padId', { schema: { hide: true, params: PadParams, querystring: PadQuery, response: Page } }, async (req, reply) => {
      const { padId } = req.params;
      const { token, signed } = req.query;
      return show(padId, typeof token === 'string' ? token : undefined, reply, 200, null, signed === '1');
    });

    scope.post('/pay/pad/:padId/sign', { schema: { hide: true, params: PadParams, body: z.any().describe('The form: token, name, agree'), response: Page } }, async (req, reply) => {
      const { padId } = req.params;
      const form = (req.body ?? {}) as Record<string, string | undefined>;
      const token = typeof form.token === 'string' ? form.token : undefined;
      const name = typeof form.name === 'string' ? form.name.trim() : '';
      if (name.length === 0 || name.length > 100) return show(padId, token, reply, 400, 'Type your full name (up to 100 characters) to sign.');
      if (form.agree !== 'yes' && form.agree !== 'on') return show(padId, token, reply, 400, 'Tick the box to agree to the terms.');
      const outcome = await p.db.tx(async (q) => {
        const pad = await findPadForSigning(q, padId, true);
        if (!pad || !tokenMatches(p, pad, token)) return 'unknown' as const;
        if (pad.status !== 'Pending') return 'closed' as const;
        const agent = req.headers['user-agent'];
        await signPadAgreement(q, p, pad, { name, ip: req.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 300) : null });
        return 'signed' as const;
      });
      if (outcome === 'unknown') return securityHeaders(reply, null).code(404).send(notFound);
      if (outcome === 'closed') return show(padId, token, reply, 409, null);
      return reply.code(303).header('location', `/pay/pad/${encodeURIComponent(padId)}?token=${encodeURIComponent(token!)}&signed=1`).send(undefined);
    });
  });
}
