import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLogin, PERSONAS } from '../../../src/sandbox/generator/index.ts';
import { categorizeLogin, categorizeOne } from '../../../src/enrich/engine/categorize.ts';
import { isKnownCategory, PRIMARY_CATEGORIES, TAXONOMY } from '../../../src/enrich/engine/taxonomy.ts';
import { rhythmOf } from '../../../src/enrich/engine/recurring.ts';
import { truthOf } from '../../../scripts/categorizer/truth.ts';
import { modelBytes, trainShippedModel, TRAINING_SEEDS } from '../../../scripts/categorizer/train.ts';
import { compileKnowledge, knowledgeBytes, KnowledgeError } from '../../../scripts/categorizer/compile.ts';
import { otherBanksSet } from '../../fixtures/enrich/other-banks.ts';

describe('categorizer', () => {
  test('the 16 documented primary categories; every sub-category under one of them', () => {
    assert.equal(PRIMARY_CATEGORIES.length, 16);
    assert.deepEqual(TAXONOMY.map((c) => c.name), [...PRIMARY_CATEGORIES]);
    assert.ok(TAXONOMY.every((c) => c.subCategories.length > 0 && c.description.length > 0));
  });

  test('accuracy on persona data (seeds never used in training) is at least 95%', () => {
    let n = 0, sub = 0, primary = 0;
    for (const persona of PERSONAS) {
      for (const seed of ['acc-1', 'acc-2']) {
        assert.ok(!TRAINING_SEEDS.includes(seed));
        const l = generateLogin({ seed, persona, startDate: '2025-10-01', endDate: '2026-11-01' });
        const kinds = new Map(l.accounts.map((a) => [a.key, a.type === 'CreditCard' ? 'creditCard' : a.type === 'LineOfCredit' ? 'lineOfCredit' : 'deposit'] as const));
        const txs = l.accounts.flatMap((a) => a.transactions.map((t) => ({ accountId: a.key, date: t.date, description: t.description, debitCents: t.debitCents, creditCents: t.creditCents, label: t.label })));
        const cats = categorizeLogin(txs, (id) => kinds.get(id)!, { business: l.accountType === 'Business' });
        txs.forEach((t, i) => {
          const [p, s] = truthOf(t.label);
          n++;
          if (cats[i]!.primary === p) primary++;
          if (cats[i]!.primary === p && cats[i]!.sub === s) sub++;
          assert.ok(isKnownCategory(cats[i]!.primary, cats[i]!.sub), `${cats[i]!.primary}/${cats[i]!.sub}`);
        });
      }
    }
    process.stdout.write(`# persona data: ${n} transactions, primary ${(primary / n * 100).toFixed(1)}%, sub-category ${(sub / n * 100).toFixed(1)}%\n`);
    assert.ok(primary / n >= 0.95 && sub / n >= 0.95, `primary ${primary / n}, sub ${sub / n}`);
  });

  test('accuracy on other banks\' description styles (kept out of training) is at least 95%', () => {
    const set = otherBanksSet();
    let primary = 0, sub = 0;
    for (const l of set) {
      const c = categorizeOne({ description: l.description, direction: l.direction, account: 'deposit' });
      if (c.primary === l.primary) primary++;
      if (c.primary === l.primary && c.sub === l.sub) sub++;
    }
    process.stdout.write(`# other banks: ${set.length} lines, primary ${(primary / set.length * 100).toFixed(1)}%, sub-category ${(sub / set.length * 100).toFixed(1)}%\n`);
    assert.ok(primary / set.length >= 0.95 && sub / set.length >= 0.95, `primary ${primary / set.length}, sub ${sub / set.length}`);
  });

  test('every decision is explained: the rule, or the words that weighed most', () => {
    const nsf = categorizeOne({ description: 'FRAIS PROVISION INSUFFISANTE', direction: 'debit', account: 'deposit' });
    assert.deepEqual([nsf.primary, nsf.sub, nsf.signals.nsf, nsf.explanation.by, nsf.explanation.rule], ['Financial', 'NSF Fees', 'fee', 'rule', 'nsf.fee']);
    const pay = categorizeOne({ description: 'PAIE GROUPE ST-LAURENT', direction: 'credit', account: 'deposit' });
    assert.deepEqual([pay.sub, pay.signals.income, pay.signals.employer], ['Payroll', 'employer', 'Groupe St-Laurent']);
    const ei = categorizeOne({ description: 'ASSURANCE-EMPLOI CANADA', direction: 'credit', account: 'deposit' });
    assert.equal(ei.signals.government, 'EI');
    const lender = categorizeOne({ description: 'Virement Interac de LENDDIRECT', direction: 'credit', account: 'deposit' });
    assert.deepEqual([lender.sub, lender.signals.loan, lender.signals.merchant], ['Loan Deposits', 'micro', 'LendDirect']);
    const coffee = categorizeOne({ description: 'ACHAT INTERAC STARBUCKS 5926', direction: 'debit', account: 'deposit' });
    assert.deepEqual([coffee.sub, coffee.explanation.by, coffee.explanation.merchant, coffee.merchantName], ['Coffee Shops', 'merchant', 'Starbucks', 'Starbucks']);
    // A credit from a merchant that does not pay people is a refund.
    const refund = categorizeOne({ description: 'ACHAT INTERAC STARBUCKS 5926', direction: 'credit', account: 'creditCard' });
    assert.deepEqual([refund.primary, refund.sub], ['Income', 'Refunds']);
    // No merchant: the lexicon's keyword, in either language.
    const tuition = categorizeOne({ description: 'PAIEMENT FACTURE - FRAIS DE SCOLARITE 20261', direction: 'debit', account: 'deposit' });
    assert.deepEqual([tuition.primary, tuition.sub, tuition.explanation.by, tuition.explanation.keyword], ['Education', 'Tuition', 'keyword', 'FRAIS DE SCOLARITE']);
    const barber = categorizeOne({ description: 'SQ *KINGSWAY BARBERSHOP', direction: 'debit', account: 'creditCard' });
    assert.deepEqual([barber.sub, barber.explanation.by], ['Personal Care', 'keyword']);
    // Nothing known: uncategorized, and the explanation says why.
    const none = categorizeOne({ description: '###', direction: 'debit', account: 'deposit' });
    assert.deepEqual([none.primary, none.sub, none.explanation.by], ['Other', 'Uncategorized', 'none']);
    assert.match(none.explanation.reason!, /no merchant, keyword or bank pattern/);
    const unsure = categorizeOne({ description: 'POS PURCHASE ZQXV LLC 4411', direction: 'debit', account: 'deposit' });
    if (unsure.primary === 'Other') assert.ok(unsure.explanation.reason!.length > 0);
  });

  test('login context: a monthly e-Transfer of one amount is rent; a business\'s is the owner\'s draw', () => {
    const months = ['2026-01-01', '2026-02-01', '2026-03-02', '2026-04-01'];
    const txs = months.map((date) => ({ accountId: 'c', date, description: 'E-TRANSFER SENT JOHN SMITH', debitCents: 120000, creditCents: null }));
    assert.deepEqual(categorizeLogin(txs, () => 'deposit', { business: false }).map((c) => c.sub), ['Rent', 'Rent', 'Rent', 'Rent']);
    assert.deepEqual(categorizeLogin(txs, () => 'deposit', { business: true }).map((c) => c.sub), ['Owner Draw', 'Owner Draw', 'Owner Draw', 'Owner Draw']);
    const odd = txs.map((t, i) => ({ ...t, debitCents: 1000 * (i + 1) }));
    assert.deepEqual(categorizeLogin(odd, () => 'deposit', { business: false }).map((c) => c.sub), ['E-Transfer Out', 'E-Transfer Out', 'E-Transfer Out', 'E-Transfer Out']);
  });

  test('recurring series: frequency and next expected date', () => {
    assert.deepEqual(rhythmOf(['2026-01-02', '2026-01-16', '2026-01-30', '2026-02-13']), { frequency: 'Biweekly', next: '2026-02-27' });
    assert.deepEqual(rhythmOf(['2026-01-06', '2026-01-13', '2026-01-20']), { frequency: 'Weekly', next: '2026-01-27' });
    assert.deepEqual(rhythmOf(['2026-01-15', '2026-01-30', '2026-02-13', '2026-02-27', '2026-03-13', '2026-03-31']), { frequency: 'Semi-monthly', next: '2026-04-13' });
    assert.deepEqual(rhythmOf(['2025-11-20', '2025-12-19', '2026-01-20', '2026-02-20']), { frequency: 'Monthly', next: '2026-03-20' });
    assert.equal(rhythmOf(['2026-01-01', '2026-01-03', '2026-02-20']), null);
    assert.equal(rhythmOf(['2026-01-01', '2026-02-01']), null);
  });

  test('the shipped model is exactly what training on the repository\'s data produces', () => {
    const shipped = readFileSync(new URL('../../../src/enrich/engine/model.json', import.meta.url), 'utf8');
    assert.equal(modelBytes(trainShippedModel()), shipped);
  });

  test('the shipped knowledge is exactly what compiling knowledge/ produces', () => {
    const shipped = readFileSync(new URL('../../../src/enrich/engine/knowledge.json', import.meta.url), 'utf8');
    assert.equal(knowledgeBytes(compileKnowledge().file), shipped);
  });

  test('a malformed or mislabelled knowledge line stops the build with its file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    const empty = mkdtempSync(join(tmpdir(), 'lex-'));
    try {
      const good = '{"name":"Example Books","category":"Shopping","subcategory":"General Merchandise","aliases":["EXAMPLE BOOKS"],"fr":[],"country":"CA","trade":"bookstore"}';
      writeFileSync(join(dir, 'a.jsonl'), `${good}\n{"name":"Broken",\n`);
      assert.throws(() => compileKnowledge(dir, empty), (e: Error) => e instanceof KnowledgeError && e.message.startsWith(`${dir}/a.jsonl:2: not JSON`));
      writeFileSync(join(dir, 'a.jsonl'), `${good}\n${good.replace('General Merchandise', 'Books')}\n`);
      assert.throws(() => compileKnowledge(dir, empty), (e: Error) => e instanceof KnowledgeError && e.message === `${dir}/a.jsonl:2: "Shopping / Books" is not in the taxonomy`);
      writeFileSync(join(dir, 'a.jsonl'), `${good}\n`);
      writeFileSync(join(empty, 'x.jsonl'), '{"category":"Health","subcategory":"Pharmacy","lang":"fr","terms":["PHARMACIE"]}\n{"category":"Health","subcategory":"Dental","lang":"fr","terms":["Pharmacie"]}\n');
      assert.throws(() => compileKnowledge(dir, empty), (e: Error) => e instanceof KnowledgeError && e.message.startsWith(`${empty}/x.jsonl:2: term "Pharmacie" already listed at ${empty}/x.jsonl:1`));
    } finally {
      rmSync(dir, { recursive: true });
      rmSync(empty, { recursive: true });
    }
  });
});
