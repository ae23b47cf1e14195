/**
 * npm run docs:attributes — writes docs/attributes.md from the attribute registry and the
 * category taxonomy (a test checks the file is up to date).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ATTRIBUTES, packageAttributes, type Package } from '../src/enrich/engine/registry.ts';
import { TAXONOMY } from '../src/enrich/engine/taxonomy.ts';

const PACKAGES: [Package, string][] = [['income', 'GetIncomeAttributes'], ['creditRisk', 'GetCreditRiskAttributes'], ['userAnalysis', 'GetUserAnalysisAttributes'], ['lending', 'GetLendingAttributes'], ['business', 'GetBusinessAnalysisAttributes']];

/** The figures docs/categorization.md records (npm run eval:categorizer writes them). */
function recordedLine(): string {
  const m = /^Recorded: (.*)$/m.exec(readFileSync(new URL('../docs/categorization.md', import.meta.url), 'utf8'));
  return m ? m[1]! : 'not measured yet.';
}

/** How transactions are categorized, what each categorized transaction carries, and the customer's rules. */
const CATEGORIZATION = [
  '## Categorization', '',
  'Every transaction gets a category and a sub-category of the taxonomy above, labelled as [categorization-conventions.md](categorization-conventions.md) says. What decides, in this order:', '',
  '1. **Your categorization rules** (below).',
  '2. **Bank patterns**: fees, NSF and stop payments, interest, transfers between own accounts and card payments, payroll, government deposits, lenders, gambling operators, cash, e-Transfers, in English and French.',
  '3. **The merchant knowledge base**: thousands of Canadian and US merchants, billers, agencies, lenders, insurers, utilities and charities (`knowledge/merchants/`), matched on the description once the bank\'s and the card network\'s framing are removed. Money received from a merchant is a refund unless the merchant pays people (employers, gig platforms, processors, governments, lenders, gambling operators).',
  '4. **The keyword lexicon**, English and French, one list per sub-category (`knowledge/lexicon/`): `TUITION` / `FRAIS DE SCOLARITE`, `PHARMACY` / `PHARMACIE`, `RRSP` / `REER`...',
  '5. **The model** (naive Bayes over the merchant\'s words), only when its confidence reaches the threshold chosen on held-apart data; below it the transaction is `Other / Uncategorized`.',
  '6. **The login\'s context**: a monthly e-Transfer of one amount is rent (a business\'s, the owner\'s draw); a business\'s insurance, rent and telecom bills are the business\'s.', '',
  'GetCategorization and Categorization/Upload add two fields to each transaction (our extensions; `Description` is always returned exactly as the bank printed it):', '',
  '- `MerchantName`: the merchant without the framing (`Interac purchase - 1234 TIM HORTONS #2231 TORONTO ON` → `Tim Hortons`; `SQ *BLUE BOTTLE COFFEE San Francisco CA` → `Blue Bottle Coffee`), as the knowledge base names it when it knows it; `null` when the line names no merchant (a fee, a transfer between own accounts).',
  '- `Explanation`: what decided (`Your categorization rule {RuleId}`, `Bank pattern nsf.fee`, `Merchant Tim Hortons (knowledge base)`, `Keyword TUITION`, `Model, confidence 0.97: ...`, `Login context ...`); an uncategorized transaction always says why (`Uncategorized: no merchant, keyword or bank pattern recognised; the model\'s best guess ... has confidence 0.41, below 0.91`).', '',
  `Accuracy on the evaluation set written apart from everything used to build the categorizer (the full report, per category and institution, with the confusion table, is [categorization.md](categorization.md)): ${recordedLine()}`, '',
  '### Categorization rules', '',
  'A customer can say that a merchant, or every description containing a pattern, belongs to a category, for all its logins or for one. Rules apply before everything else, to GetCategorization, to the attribute cards and to the Upload API (rules for every login only), and the `Explanation` names the rule. All three calls take the secret key as `Authorization: Bearer {secret}`; keys are read case-insensitively; errors are the Flinks envelope `{HttpStatusCode, Message, FlinksCode}`.', '',
  '| Call | Body or query | Answer |',
  '|---|---|---|',
  '| `POST /v3/{customerId}/BankingServices/CategorizationRules` | `MerchantName` (matched against the transaction\'s `MerchantName`) or `DescriptionPattern` (the description contains it; `*` stands for any text), `Category`, `SubCategory` (as in `GET /BankingServices/Categories/{CountryCode}`), optional `LoginId` (one login of yours) | `{HttpStatusCode: 200, Rule: {RuleId, MerchantName, DescriptionPattern, Category, SubCategory, LoginId, CreatedAt}}`. The same merchant or pattern for the same scope again changes that rule\'s category. 400 `INVALID_REQUEST` with the reason otherwise. |',
  '| `GET /v3/{customerId}/BankingServices/CategorizationRules` | optional `LoginId`: the rules that apply to that login (its own and those for every login) | `{HttpStatusCode: 200, Rules: [Rule...]}` |',
  '| `DELETE /v3/{customerId}/BankingServices/CategorizationRules/{RuleId}` | | `{HttpStatusCode: 200, RuleId, Deleted: true}`; 404 `Categorization rule {RuleId} was not found` for an unknown rule or another customer\'s. |',
  '',
  'Matching ignores case, accents and punctuation. When several rules match, a rule for the login wins over a rule for every login, a merchant rule over a pattern, a longer pattern over a shorter one, then the newest. A customer\'s rules never affect another customer\'s transactions.', '',
];

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
  lines.push(...CATEGORIZATION);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(new URL('../docs/attributes.md', import.meta.url), attributesDoc());
