/**
 * npm run docs:attributes — writes docs/attributes.md from the attribute registry and the
 * category taxonomy (a test checks the file is up to date).
 */
import { writeFileSync } from 'node:fs';
import { ATTRIBUTES, packageAttributes, type Package } from '../src/enrich/engine/registry.ts';
import { TAXONOMY } from '../src/enrich/engine/taxonomy.ts';

const PACKAGES: [Package, string][] = [['income', 'GetIncomeAttributes'], ['creditRisk', 'GetCreditRiskAttributes'], ['userAnalysis', 'GetUserAnalysisAttributes'], ['lending', 'GetLendingAttributes'], ['business', 'GetBusinessAnalysisAttributes']];

export function attributesDoc(): string {
  const lines: string[] = [];
  lines.push('# Attribute dictionary', '');
  lines.push('Generated from `src/enrich/engine/registry.ts` by `npm run docs:attributes`; do not edit by hand.', '');
  lines.push(`${ATTRIBUTES.length} attributes: ${ATTRIBUTES.filter((a) => !a.business).length} consumer (GetAllAttributes) and ${ATTRIBUTES.filter((a) => a.business).length} business (\`_biz\`, GetAllBusinessAttributes).`, '');
  lines.push('## Conventions', '');
  lines.push('- Names follow `<aggregate>_<subject>[_<qualifier>]_<window>[_biz]`. Windows: `_30_days` ... `_365_days` end on the date of the data (the login\'s LastRefresh, or the newest uploaded transaction); `_current_month`, `_previous_month`, `_2_months_ago` ... `_12_months_ago` are calendar months; no window means the whole history.');
  lines.push('- Accounts analysed: the login\'s Operations accounts, or the accounts of `AccountFilter`. Transfers between the holder\'s own accounts are neither credits nor debits.');
  lines.push('- Currency values are in the account currency with two decimals; `NONE_DETECTED` when the history has no transaction of the attribute\'s subject; `YES`/`NO` for flags; dates `YYYY/MM/DD`.');
  lines.push('- `average_monthly_..._complex`: the average of the monthly totals over the complete calendar months of the last 12 that lie inside the history (a 30-day rate when there is none). Trends compare the last 3 complete months with the 3 before: above +10% `INCREASING`, below -10% `DECREASING`, else `CONSISTENT`; `_trend_biz` is the ratio itself.');
  lines.push('- Frequencies come from the subject\'s main recurring series (same payee, account and direction at a steady rhythm): `Weekly`, `Biweekly`, `Semi-monthly`, `Monthly`.', '');
  lines.push('## Packages', '', '| Endpoint | Attributes |', '|---|---|');
  for (const [p, e] of PACKAGES) lines.push(`| ${e} | ${packageAttributes(p).length} |`);
  lines.push('');
  const categories = [...new Set(ATTRIBUTES.map((a) => a.category))];
  for (const c of categories) {
    lines.push(`## ${c}`, '', '| Name | Unit | Packages | Description |', '|---|---|---|---|');
    for (const a of ATTRIBUTES.filter((x) => x.category === c)) lines.push(`| \`${a.name}\` | ${a.unit} | ${a.packages.join(', ') || 'all'} | ${a.description} |`);
    lines.push('');
  }
  lines.push('## Transaction categories', '', 'Served by `GET /v3/{customerId}/BankingServices/Categories/{CA|US}`.', '');
  for (const c of TAXONOMY) lines.push(`- **${c.name}**: ${c.subCategories.map((s) => s.name + (s.country ? ` (${s.country})` : '')).join(', ')}`);
  lines.push('');
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(new URL('../docs/attributes.md', import.meta.url), attributesDoc());
