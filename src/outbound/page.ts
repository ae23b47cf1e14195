/**
 * The frame of every page Outbound shows a person at the data provider (pure: data in, HTML
 * out): the layout, its stylesheet and the error page. The OAuth server shows the error page
 * when an authorization request cannot go on; the consent flow (consent/pages.ts) draws its
 * steps inside the same layout. Every value is escaped.
 */

export const STYLESHEET_PATH = '/outbound/assets/consent.css';

export const esc = (s: string | number | null | undefined) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PageContext {
  /** The data provider's name (the bank), e.g. "Flinks Capital". */
  provider: string;
  /** The data recipient (the application asking). */
  recipient: { name: string; description: string | null; termsUri: string | null; clientUri: string | null };
  /** Base path of this interaction's forms: /outbound/consent/{uid}. */
  base: string;
}

export function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');
}

export function layout(o: { title: string; provider?: string; step?: { n: number; of: number; label: string }; body: string; refresh?: number }): string {
  const brand = o.provider
    ? `<div class="brand"><span class="mark" aria-hidden="true">${esc(initials(o.provider))}</span><span class="brand-name">${esc(o.provider)}</span></div>`
    : '';
  const step = o.step ? `<p class="step">Step ${o.step.n} of ${o.step.of}: ${esc(o.step.label)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${o.refresh ? `<meta http-equiv="refresh" content="${o.refresh}">` : ''}
<title>${esc(o.title)}${o.provider ? ` · ${esc(o.provider)}` : ''}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main class="card" aria-labelledby="title">
${brand}
${step}
${o.body}
<p class="foot"><svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="12" height="12"><path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor"/></svg> Open banking consent · your password is never shared with the application</p>
</main>
</body>
</html>`;
}

export const cancelForm = (ctx: PageContext) =>
  `<form method="post" action="${esc(ctx.base)}/cancel" class="cancel"><button type="submit" class="btn btn-link">Cancel and return to ${esc(ctx.recipient.name)}</button></form>`;

export function errorPage(o: { title: string; message: string; code?: string; provider?: string; retry?: { href: string; label: string }; cancel?: PageContext }): string {
  const body = `
<h1 id="title">${esc(o.title)}</h1>
<div class="alert" role="alert">${esc(o.message)}</div>
${o.code ? `<p class="muted small">Error code: <code>${esc(o.code)}</code></p>` : ''}
${o.retry ? `<p><a class="btn btn-primary" href="${esc(o.retry.href)}">${esc(o.retry.label)}</a></p>` : ''}
${o.cancel ? cancelForm(o.cancel) : ''}`;
  return layout({ title: o.title, ...(o.provider ? { provider: o.provider } : {}), body });
}

export const STYLESHEET = `
:root{--ink:#17202a;--muted:#5b6673;--line:#d6dbe1;--bg:#eef1f4;--card:#fff;--brand:#0b5cab;--brand-ink:#fff;--danger:#a4262c;--danger-bg:#fde7e9;--focus:#ffbf47}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.45}
body{margin:0;padding:24px 16px;min-height:100vh}
.card{max-width:440px;margin:0 auto;background:var(--card);border:1px solid var(--line);border-radius:14px;padding:28px 28px 20px;box-shadow:0 8px 28px rgba(23,32,42,.08)}
.brand{display:flex;align-items:center;gap:10px;font-weight:600;margin-bottom:18px}
.mark{display:inline-flex;align-items:center;justify-content:center;width:36px;height:36px;border-radius:10px;background:var(--brand);color:var(--brand-ink);font-weight:700;font-size:14px;letter-spacing:.5px}
.mark.small{width:32px;height:32px;border-radius:8px;background:#394b5f;font-size:12px;flex:none}
.step{margin:0 0 4px;color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.06em}
h1{font-size:22px;line-height:1.25;margin:0 0 10px}
h2{font-size:15px;margin:18px 0 8px}
.lead{margin:0 0 16px;color:var(--muted)}
.muted{color:var(--muted);display:block;font-size:14px}
.small{font-size:13px}
.recipient{display:flex;gap:12px;align-items:flex-start;padding:12px;border:1px solid var(--line);border-radius:10px;margin:0 0 18px;background:#f8fafb}
.recipient p{margin:0}
.recipient-name{font-weight:600}
.field{margin:0 0 16px;border:0;padding:0}
label,legend{display:block;font-weight:600;margin-bottom:6px}
legend{padding:0}
.hint{margin:-2px 0 8px;color:var(--muted);font-size:14px}
input[type=text],input[type=password]{width:100%;font:inherit;padding:11px 12px;border:1px solid #8a96a3;border-radius:8px;background:#fff}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.choices{display:grid;gap:8px}
.choices.images{grid-template-columns:repeat(3,1fr)}
.choice{display:flex;align-items:center;gap:10px;padding:10px 12px;border:1px solid var(--line);border-radius:8px}
.choice input{width:18px;height:18px;margin:0;flex:none;accent-color:var(--brand)}
.choice label{margin:0;font-weight:500;flex:1;cursor:pointer}
.choice.image img{width:40px;height:40px;image-rendering:pixelated;border-radius:4px;display:block}
.account-title{display:block;font-weight:600}
.scopes{list-style:none;margin:0 0 12px;padding:0;display:grid;gap:8px}
.scopes li{padding:10px 12px;border-left:4px solid var(--brand);background:#f3f7fb;border-radius:0 8px 8px 0}
.scope-title{display:block;font-weight:600}
.btn{display:inline-block;font:inherit;font-weight:600;border-radius:8px;padding:11px 18px;border:1px solid transparent;cursor:pointer;text-decoration:none;text-align:center}
.btn-primary{background:var(--brand);color:var(--brand-ink);width:100%}
.btn-primary:hover{background:#094c8e}
.btn-secondary{background:#fff;color:var(--ink);border-color:#8a96a3;width:100%}
.btn-link{background:none;border:0;color:var(--brand);padding:8px 0;text-decoration:underline}
.actions{display:grid;gap:10px;margin-top:8px}
.cancel{margin-top:10px;text-align:center}
.alert{background:var(--danger-bg);color:var(--danger);border:1px solid #f1b7bb;border-radius:8px;padding:10px 12px;margin:0 0 14px}
.lock{vertical-align:-1px}
.foot{margin:22px 0 0;padding-top:14px;border-top:1px solid var(--line);color:var(--muted);font-size:12px;text-align:center}
.spinner{width:36px;height:36px;margin:18px auto;border:4px solid var(--line);border-top-color:var(--brand);border-radius:50%;animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
`;
