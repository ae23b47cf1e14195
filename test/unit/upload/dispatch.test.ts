import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, parseStatements, parseStatementStream } from '../../../src/upload/parsers/index.ts';
import { fixture, parseError } from './fixtures.ts';

const FILES: [string, string][] = [
  ['ofx/v1-sgml-1252.ofx', 'ofx'],
  ['ofx/v2-xml.ofx', 'ofx'],
  ['ofx/no-newlines.ofx', 'ofx'],
  ['ofx/multi-account.qfx', 'ofx'],
  ['csv/rbc.csv', 'csv'],
  ['csv/td.csv', 'csv'],
  ['csv/desjardins-1252.csv', 'csv'],
  ['csv/generic-tab.tsv', 'csv'],
  ['camt053/v02.xml', 'camt053'],
  ['camt053/v08-multi.xml', 'camt053'],
  ['mt940/german-dk-1252.sta', 'mt940'],
  ['mt940/dutch-sepa.sta', 'mt940'],
  ['mt940/mt942.sta', 'mt942'],
];

test('the format is detected from the content, whatever the file is called', async () => {
  for (const [name, format] of FILES) {
    assert.equal(detectFormat(fixture(name), 'statement.bin')?.format, format, name);
    const statements = await parseStatements(fixture(name), { filename: 'download' });
    assert.ok(statements.length > 0, name);
  }
  assert.equal(detectFormat(new TextEncoder().encode('%PDF-1.7\n...'))?.format, 'pdf');
});

test('the name decides only when the content does not (a one-column text file named .csv)', () => {
  const text = new TextEncoder().encode('just one line\n');
  assert.equal(detectFormat(text, 'export.csv')?.format, 'csv');
  assert.equal(detectFormat(text, 'export.dat'), null);
});

test('PDF goes to the PDF reader (a broken PDF is its StatementParseError, not a crash)', async () => {
  const err = await parseError(() => parseStatements(new TextEncoder().encode('%PDF-1.4\nnot really a pdf\n%%EOF\n'), { filename: 'x.pdf' }));
  assert.ok(err.message.length > 0);
  assert.ok(err.position.offset >= 0);
});

test('empty, unknown and other kinds of files are clear errors', async () => {
  assert.match((await parseError(() => parseStatements(new Uint8Array(0)))).message, /empty/);
  assert.match((await parseError(() => parseStatements(new Uint8Array([0, 1, 2, 3, 0, 0, 9])))).message, /unrecognised format/);
  assert.match((await parseError(() => parseStatements(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])))).message, /Excel \.xlsx/);
});

test('a forced format skips detection; CSV options reach the CSV parser', async () => {
  const bytes = new TextEncoder().encode('2024-01-02;Coffee;-3,50\n');
  const [s] = await parseStatements(bytes, { format: 'csv', csv: { columns: { date: 0, description: 1, amount: 2 }, decimal: ',' } });
  assert.deepEqual(s!.transactions.map((t) => [t.date, t.amountCents, t.description]), [['2024-01-02', -350, 'Coffee']]);
  await parseError(() => parseStatements(fixture('csv/td.csv'), { format: 'ofx' }));
});

test('progress is reported up to 1; chunked streams give what whole bytes give', async () => {
  const bytes = fixture('ofx/multi-account.qfx');
  const seen: number[] = [];
  const whole = await parseStatements(bytes, { onProgress: (f) => seen.push(f) });
  assert.equal(seen[seen.length - 1], 1);
  assert.ok(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!)));
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 37) yield bytes.subarray(i, i + 37);
  }
  assert.deepEqual(await parseStatementStream(chunks(), { totalBytes: bytes.length }), whole);
});
