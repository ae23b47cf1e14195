/**
 * Property: any valid statement with random optional elements left blank still imports, with
 * warnings (docs/import.md, "Blank values, warnings and quirks of real files").
 *
 * The statements are written here, by hand, in each format's own syntax (OFX 1 SGML and OFX 2 XML,
 * MT940, CAMT.053, CSV) — not with the statement writers (src/upload/writers, test/support/statement-writers), so the parsers are not checked against the
 * code that shares their assumptions. Each generated statement comes with the set of elements
 * blanked; what must hold:
 * - the file imports (no error);
 * - the transactions are the generated ones whose date and amount were not blanked: their number
 *   and their signed total;
 * - blanking a value the statement depends on (an amount, a date, a mark, a balance, the account,
 *   the currency, an id) gives at least one warning, and a file with nothing blanked gives none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseStatements } from '../../../src/upload/parsers/index.ts';

interface Txn {
  day: number;
  cents: number;
  name: string;
  memo: string;
  ref: string;
}

const word = fc.stringMatching(/^[A-Z][A-Z0-9]{2,9}$/);
const txnArb = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  cents: fc.integer({ min: -400_000, max: 400_000 }).filter((c) => c !== 0),
  name: fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
  memo: word,
  ref: fc.stringMatching(/^[A-Z0-9]{6,12}$/),
});
const txnsArb = fc.uniqueArray(txnArb, { minLength: 1, maxLength: 8, selector: (t) => t.ref });

/** A statement and a random subset of its optional elements to blank (by key). */
function withBlanks(keys: (txns: Txn[]) => string[]) {
  return txnsArb.chain((txns) => fc.subarray(keys(txns)).map((blank) => ({ txns, blank: new Set(blank) })));
}

const dd = (d: number) => String(d).padStart(2, '0');
const money = (cents: number, mark = '.') => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}${mark}${dd(Math.abs(cents) % 100)}`;
const plain = (cents: number, mark: string) => money(Math.abs(cents), mark);

function expectImport(statements: Awaited<ReturnType<typeof parseStatements>>, kept: Txn[], loadBearing: boolean, nothingBlanked: boolean) {
  assert.equal(statements.length, 1);
  const s = statements[0]!;
  assert.equal(s.transactions.length, kept.length);
  assert.equal(s.transactions.reduce((n, t) => n + t.amountCents, 0), kept.reduce((n, t) => n + t.cents, 0));
  assert.equal(new Set(s.transactions.map((t) => t.id)).size, kept.length, 'ids stay unique');
  const warnings = s.warnings ?? [];
  if (loadBearing) assert.ok(warnings.length > 0, 'a blanked value the statement depends on is said in the warnings');
  if (nothingBlanked) assert.deepEqual(warnings, []);
  for (const w of warnings) assert.ok(w.line && w.count >= 1, JSON.stringify(w));
}

// ---- OFX 1 (SGML: leaves unclosed) and OFX 2 (XML) ------------------------------------------

const OFX_TXN_FIELDS = ['TRNTYPE', 'DTPOSTED', 'TRNAMT', 'FITID', 'NAME', 'MEMO'];
const OFX_KEYS = (txns: Txn[]) => ['CURDEF', 'ACCTID', 'BRANCHID', 'DTSTART', 'DTEND', 'BALAMT', ...txns.flatMap((_, i) => OFX_TXN_FIELDS.map((f) => `${i}.${f}`))];

function ofxDocument(txns: Txn[], blank: Set<string>, xml: boolean, emptyStyle: number): string {
  // An element and its value; a blanked one in one of the ways banks write them.
  const el = (key: string, name: string, value: string) => {
    if (!blank.has(key)) return xml ? `<${name}>${value}</${name}>` : `<${name}>${value}\n`;
    if (xml) return emptyStyle % 2 === 0 ? `<${name}></${name}>` : `<${name}/>`;
    return emptyStyle % 2 === 0 ? `<${name}></${name}>\n` : `<${name}>\n`;
  };
  const balance = txns.reduce((n, t) => n + t.cents, 0);
  const header = xml
    ? '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
    : 'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n';
  const transactions = txns
    .map((t, i) =>
      `<STMTTRN>\n${el(`${i}.TRNTYPE`, 'TRNTYPE', t.cents < 0 ? 'DEBIT' : 'CREDIT')}${el(`${i}.DTPOSTED`, 'DTPOSTED', `202405${dd(t.day)}120000`)}` +
      `${el(`${i}.TRNAMT`, 'TRNAMT', money(t.cents))}${el(`${i}.FITID`, 'FITID', t.ref)}${el(`${i}.NAME`, 'NAME', t.name)}${el(`${i}.MEMO`, 'MEMO', t.memo)}</STMTTRN>\n`,
    )
    .join('');
  return (
    `${header}<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS>${el('-', 'CODE', '0')}${el('-', 'SEVERITY', 'INFO')}</STATUS>${el('-', 'DTSERVER', '20240601')}${el('-', 'LANGUAGE', 'ENG')}</SONRS></SIGNONMSGSRSV1>\n` +
    `<BANKMSGSRSV1><STMTTRNRS>${el('-', 'TRNUID', '1')}<STATUS>${el('-', 'CODE', '0')}${el('-', 'SEVERITY', 'INFO')}</STATUS>\n<STMTRS>\n${el('CURDEF', 'CURDEF', 'CAD')}` +
    `<BANKACCTFROM>${el('-', 'BANKID', '0006')}${el('BRANCHID', 'BRANCHID', '12345')}${el('ACCTID', 'ACCTID', '0099887')}${el('-', 'ACCTTYPE', 'CHECKING')}</BANKACCTFROM>\n` +
    `<BANKTRANLIST>\n${el('DTSTART', 'DTSTART', '20240501')}${el('DTEND', 'DTEND', '20240531')}${transactions}</BANKTRANLIST>\n` +
    `<LEDGERBAL>${el('BALAMT', 'BALAMT', money(balance))}${el('-', 'DTASOF', '20240531')}</LEDGERBAL>\n</STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n`
  );
}

for (const xml of [false, true]) {
  test(`OFX ${xml ? '2 (XML)' : '1 (SGML)'}: optional elements left empty still import, with warnings`, async () => {
    await fc.assert(
      fc.asyncProperty(withBlanks(OFX_KEYS), fc.nat(), async ({ txns, blank }, style) => {
        const bytes = new TextEncoder().encode(ofxDocument(txns, blank, xml, style));
        const statements = await parseStatements(bytes, { filename: 'blank.ofx' });
        const kept = txns.filter((_, i) => !blank.has(`${i}.DTPOSTED`) && !blank.has(`${i}.TRNAMT`));
        // Every OFX element generated here is read, so any blank one is said.
        expectImport(statements, kept, blank.size > 0, blank.size === 0);
        const s = statements[0]!;
        assert.equal(s.account.number, blank.has('ACCTID') ? '' : '0099887');
        assert.equal(s.account.currency, 'CAD');
        if (blank.has('BALAMT')) assert.equal(s.balances.closing, undefined);
        else assert.equal(s.balances.closing?.amountCents, txns.reduce((n, t) => n + t.cents, 0));
      }),
      { numRuns: 80 },
    );
  });
}

// ---- MT940 -----------------------------------------------------------------------------------

const MT940_KEYS = (txns: Txn[]) => ['25', '60F', '62F', ...txns.map((_, i) => `${i}.entry`)];

function mt940Document(txns: Txn[], blank: Set<string>): string {
  const opening = 150_000;
  const closing = opening + txns.reduce((n, t) => n + t.cents, 0);
  const bal = (tag: string, cents: number, day: string) =>
    `:${tag}:${blank.has(tag) ? '' : `${cents < 0 ? 'D' : 'C'}2405${day}CAD${plain(cents, ',')}`}\n`;
  const lines = txns.map((t, i) => {
    const entry = blank.has(`${i}.entry`) ? '    ' : `05${dd(t.day)}`;
    return `:61:2405${dd(t.day)}${entry}${t.cents < 0 ? 'D' : 'C'}${plain(t.cents, ',')}NTRF${t.ref}//B${t.ref}\n:86:${t.name} ${t.memo}\n`;
  });
  return `:20:STMT${txns.length}\n:25:${blank.has('25') ? '' : 'TDOMCATTTOR/5012345'}\n:28C:7/1\n${bal('60F', opening, '01')}${lines.join('')}${bal('62F', closing, '28')}-\n`;
}

test('MT940: blank entry dates, balances and account still import, with warnings', async () => {
  await fc.assert(
    fc.asyncProperty(withBlanks(MT940_KEYS), async ({ txns, blank }) => {
      const statements = await parseStatements(new TextEncoder().encode(mt940Document(txns, blank)), { filename: 'blank.sta' });
      expectImport(statements, txns, blank.size > 0, blank.size === 0);
      const s = statements[0]!;
      // A blank entry date leaves the value date, which here is the same day.
      assert.deepEqual(s.transactions.map((t) => t.date).sort(), txns.map((t) => `2024-05-${dd(t.day)}`).sort());
      assert.equal(s.account.number, blank.has('25') ? '' : '5012345');
      assert.equal(s.balances.opening === undefined, blank.has('60F'));
      assert.equal(s.balances.closing === undefined, blank.has('62F'));
    }),
    { numRuns: 80 },
  );
});

// ---- CAMT.053 --------------------------------------------------------------------------------

const CAMT_LOAD_BEARING = ['IBAN', 'OPBD', 'CLBD', 'Amt', 'CdtDbtInd', 'BookgDt'];
const CAMT_KEYS = (txns: Txn[]) => ['IBAN', 'Ccy', 'OPBD', 'CLBD', ...txns.flatMap((_, i) => ['Amt', 'CdtDbtInd', 'BookgDt', 'AcctSvcrRef', 'Ustrd', 'Nm'].map((f) => `${i}.${f}`))];

function camtDocument(txns: Txn[], blank: Set<string>, selfClosing: boolean): string {
  const v = (key: string, name: string, value: string, attrs = '') => (blank.has(key) ? (selfClosing && !attrs ? `<${name}/>` : `<${name}${attrs}></${name}>`) : `<${name}${attrs}>${value}</${name}>`);
  const opening = 200_000;
  const closing = opening + txns.reduce((n, t) => n + t.cents, 0);
  const bal = (code: string, cents: number, date: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp>${v(code, 'Amt', plain(cents, '.'), ' Ccy="EUR"')}<CdtDbtInd>${cents < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
  const entries = txns.map((t, i) => {
    const party = t.cents < 0 ? `<Cdtr>${v(`${i}.Nm`, 'Nm', t.name)}</Cdtr>` : `<Dbtr>${v(`${i}.Nm`, 'Nm', t.name)}</Dbtr>`;
    const date = blank.has(`${i}.BookgDt`) ? '<BookgDt><Dt></Dt></BookgDt>' : `<BookgDt><Dt>2024-05-${dd(t.day)}</Dt></BookgDt>`;
    return `<Ntry>${v(`${i}.Amt`, 'Amt', plain(t.cents, '.'), ' Ccy="EUR"')}${v(`${i}.CdtDbtInd`, 'CdtDbtInd', t.cents < 0 ? 'DBIT' : 'CRDT')}<Sts>BOOK</Sts>${date}` +
      `${v(`${i}.AcctSvcrRef`, 'AcctSvcrRef', t.ref)}<NtryDtls><TxDtls><RltdPties>${party}</RltdPties><RmtInf>${v(`${i}.Ustrd`, 'Ustrd', t.memo)}</RmtInf></TxDtls></NtryDtls></Ntry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><GrpHdr><MsgId>P</MsgId><CreDtTm>2024-06-01T06:00:00</CreDtTm></GrpHdr>\n<Stmt><Id>S1</Id>\n` +
    `<Acct><Id>${v('IBAN', 'IBAN', 'DE44500105175407324931')}</Id>${v('Ccy', 'Ccy', 'EUR')}</Acct>\n${bal('OPBD', opening, '2024-05-01')}\n${bal('CLBD', closing, '2024-05-31')}\n` +
    `${entries.join('\n')}\n</Stmt></BkToCstmrStmt></Document>\n`;
}

test('CAMT.053: blank amounts, marks, dates, balances, account and texts still import, with warnings', async () => {
  await fc.assert(
    fc.asyncProperty(withBlanks(CAMT_KEYS), fc.boolean(), async ({ txns, blank }, selfClosing) => {
      const statements = await parseStatements(new TextEncoder().encode(camtDocument(txns, blank, selfClosing)), { filename: 'blank.xml' });
      const kept = txns.filter((_, i) => !blank.has(`${i}.Amt`) && !blank.has(`${i}.CdtDbtInd`) && !blank.has(`${i}.BookgDt`));
      const loadBearing = [...blank].some((k) => CAMT_LOAD_BEARING.includes(k.replace(/^\d+\./, '')));
      expectImport(statements, kept, loadBearing, blank.size === 0);
      const s = statements[0]!;
      assert.equal(s.account.number, blank.has('IBAN') ? '' : 'DE44500105175407324931');
      assert.equal(s.balances.opening === undefined, blank.has('OPBD'));
    }),
    { numRuns: 80 },
  );
});

// ---- CSV ---------------------------------------------------------------------------------------

const CSV_KEYS = (txns: Txn[]) => txns.flatMap((_, i) => [`${i}.amount`, `${i}.description`]);

test('CSV: blank amounts and descriptions still import, with warnings', async () => {
  await fc.assert(
    fc.asyncProperty(
      // A CSV with no amount left has no transaction to import: at least one row keeps its amount.
      withBlanks(CSV_KEYS).filter(({ txns, blank }) => txns.some((_, i) => !blank.has(`${i}.amount`))),
      async ({ txns, blank }) => {
        const rows = txns.map((t, i) => `2024-05-${dd(t.day)},${blank.has(`${i}.description`) ? '' : `${t.name} ${t.memo}`},${blank.has(`${i}.amount`) ? '' : money(t.cents)}`);
        const csv = `Date,Description,Amount\n${rows.join('\n')}\n`;
        const statements = await parseStatements(new TextEncoder().encode(csv), { filename: 'blank.csv' });
        const kept = txns.filter((_, i) => !blank.has(`${i}.amount`));
        expectImport(statements, kept, kept.length < txns.length, blank.size === 0);
      },
    ),
    { numRuns: 80 },
  );
});
