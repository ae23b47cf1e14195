import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Camt053Parser, parseCamt053 } from '../../../src/upload/parsers/camt053.ts';
import { UTF8_SOURCE } from '../../../src/upload/parsers/drive.ts';
import { writeCamt053 } from '../../support/statement-writers/camt053.ts';
import type { Statement } from '../../../src/upload/parsers/model.ts';
import { assertOnlyPositionedErrors, fixture, mutated, parseError, randomBytes } from './fixtures.ts';

test('001.02: IBAN, BIC, PRCD as opening, CLBD, counterparty and remittance, value date, pending entries left out', () => {
  const [s] = parseCamt053(fixture('camt053/v02.xml'));
  assert.deepEqual(s!.account, { number: 'DE89370400440532013000', kind: 'chequing', currency: 'EUR', institution: 'COBADEFFXXX', holder: 'Erika Beispiel' });
  assert.deepEqual(s!.balances, { opening: { amountCents: 100000, date: '2023-12-31' }, closing: { amountCents: 245450, date: '2024-01-31' } });
  assert.deepEqual(s!.period, { start: '2024-01-01', end: '2024-01-31' });
  assert.equal(s!.transactions.length, 2, 'the PDNG entry is not on the statement');
  const [salary, card] = s!.transactions;
  assert.deepEqual(salary, {
    id: 'REF-0115-A',
    date: '2024-01-15',
    amountCents: 150000,
    description: 'Muster GmbH Gehalt Januar',
    reference: 'PAY-2024-01',
    counterparty: { name: 'Muster GmbH', account: 'DE02120300000000202051', institution: 'BYLADEM1001' },
    code: 'PMNT/RCDT/SALA',
    valueDate: '2024-01-16',
  });
  assert.deepEqual([card!.amountCents, card!.description, card!.code], [-4550, 'Kartenzahlung Bäckerei & Café', 'CARD']);
});

test('001.04 in ISO-8859-1: a batch whose details add up is split; one whose details have no amounts stays one entry', () => {
  const [s] = parseCamt053(fixture('camt053/v04-batch.xml'));
  assert.equal(s!.account.institution, 'ROYCCAT2');
  assert.deepEqual(s!.balances.opening, { amountCents: -20000, date: '2024-02-01' });
  assert.deepEqual(
    s!.transactions.map((t) => [t.id, t.amountCents, t.description]),
    [
      ['B1-T1', 10000, 'Client Un Facture 1'],
      ['B1-T2', 20000, 'Client Deux Facture 2'],
      ['B1-T3', 30000, 'Client Trois RF18539007547034'],
      ['BATCH-0220', -2500, 'Prélèvements groupés'],
    ],
  );
});

test('001.08 with a namespace prefix: several statements, Sts/Cd, BICFI, Pty names, DtTm dates, reversal', () => {
  const list = parseCamt053(fixture('camt053/v08-multi.xml'));
  assert.equal(list.length, 2);
  const [a, b] = list;
  assert.deepEqual([a!.account.kind, a!.account.currency, a!.account.institution], ['savings', 'CHF', 'POFICHBEXXX']);
  assert.deepEqual(a!.balances.closing, { amountCents: 7000, date: '2024-04-01' });
  assert.deepEqual(a!.transactions.map((t) => [t.amountCents, t.description, t.counterparty?.name ?? null]), [
    [-3000, 'Stadtwerke Bern Strom März 2024', 'Stadtwerke Bern'],
    [5000, 'Storno Lastschrift', null],
  ]);
  assert.equal(a!.transactions[0]!.valueDate, '2024-03-29');
  assert.deepEqual([b!.account.number, b!.account.kind], ['CARD-4242', 'creditCard']);
  assert.deepEqual(b!.balances.closing, { amountCents: -12000, date: '2024-04-01' });
  assert.equal(b!.transactions[0]!.description, 'PMNT/CCRD/POSD');
});

test('every version from 001.02 to 001.08 reads the same statement back', () => {
  const statement: Statement = {
    format: 'camt053',
    account: { number: 'GB33BUKB20201555555555', kind: 'chequing', currency: 'GBP', institution: 'BUKBGB22' },
    balances: { opening: { amountCents: 1000, date: '2024-01-01' }, closing: { amountCents: 1650, date: '2024-01-03' } },
    period: { start: '2024-01-01', end: '2024-01-03' },
    transactions: [
      { id: 'T1', date: '2024-01-02', amountCents: 900, description: 'Salary & <bonus>' },
      { id: 'T2', date: '2024-01-03', amountCents: -250, description: 'Rent' },
    ],
  };
  for (const version of ['02', '03', '04', '05', '06', '07', '08']) {
    const [back] = parseCamt053(writeCamt053([statement], { version }));
    assert.deepEqual(back!.account, statement.account, version);
    assert.deepEqual(back!.balances, statement.balances, version);
    assert.deepEqual(back!.transactions.map((t) => [t.id, t.date, t.amountCents, t.description]), statement.transactions.map((t) => [t.id, t.date, t.amountCents, t.description]), version);
  }
});

test('camt.052 and malformed XML are positioned errors; an entry without an indicator is skipped with a warning', async () => {
  const report = await parseError(() => parseCamt053(fixture('camt053/camt052.xml')));
  assert.match(report.message, /camt\.052 is not supported/);
  assert.equal(report.position.line, 2);
  const broken = await parseError(() => parseCamt053(fixture('camt053/malformed.xml')));
  assert.match(broken.message, /malformed XML/);
  assert.equal(broken.position.line, 7);
  // An entry without its indicator cannot be signed: it is skipped and said, the statement stands.
  const [s] = parseCamt053(fixture('camt053/missing-indicator.xml'));
  assert.equal(s!.transactions.length, 0);
  assert.deepEqual(s!.warnings, [{ message: 'an entry (Ntry) without a credit/debit indicator (CdtDbtInd) is skipped', line: 6, count: 1 }]);
  assert.match((await parseError(() => parseCamt053(new TextEncoder().encode('<html><body/></html>')))).message, /not a CAMT\.053 document/);
});

test('streaming: chunks of any size give the same statements', () => {
  const text = new TextDecoder().decode(fixture('camt053/v08-multi.xml'));
  const whole = parseCamt053(fixture('camt053/v08-multi.xml'));
  for (const size of [1, 7, 64, 1000]) {
    const parser = new Camt053Parser(UTF8_SOURCE);
    for (let i = 0; i < text.length; i += size) parser.write(text.slice(i, i + size));
    assert.deepEqual(parser.end(), whole, `chunks of ${size}`);
  }
});

test('property: random bytes never crash the CAMT.053 parser', () => {
  assertOnlyPositionedErrors(parseCamt053, randomBytes);
});

test('property: mutated CAMT.053 files never crash the parser', () => {
  for (const name of ['camt053/v02.xml', 'camt053/v04-batch.xml', 'camt053/v08-multi.xml']) {
    assertOnlyPositionedErrors(parseCamt053, mutated(fixture(name)), 150);
  }
});
