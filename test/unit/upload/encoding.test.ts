import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeAll, normalizeCharset, StatementDecoder } from '../../../src/upload/parsers/encoding.ts';

const TEXT = 'Café – Montréal, naïve € 12,50 “quoted”';

test('UTF-8 bytes are read as UTF-8, whatever the document declares', () => {
  const bytes = Buffer.from(TEXT, 'utf8');
  assert.equal(decodeAll(bytes).text, TEXT);
  assert.equal(decodeAll(bytes, { declared: 'windows-1252' }).text, TEXT);
  assert.equal(decodeAll(bytes).decoder.charset, 'utf-8');
});

test('bytes that are not UTF-8 fall back to the declared single-byte charset, else windows-1252', () => {
  const cp1252 = iconv.encode(TEXT, 'windows-1252');
  const r = decodeAll(cp1252);
  assert.equal(r.text, TEXT);
  assert.equal(r.decoder.charset, 'windows-1252');
  const latin1 = iconv.encode('Café naïve', 'latin1');
  assert.equal(decodeAll(latin1, { declared: 'ISO-8859-1' }).decoder.charset, 'iso-8859-1');
  assert.equal(decodeAll(latin1, { declared: 'UTF-8' }).text, 'Café naïve', 'a false UTF-8 declaration does not garble the text');
});

test('byte-order marks decide (UTF-8, UTF-16 LE/BE) and are not part of the text', () => {
  assert.equal(decodeAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('abc')])).text, 'abc');
  const le = decodeAll(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Dépôt', 'utf16le')]));
  assert.equal(le.text, 'Dépôt');
  assert.equal(le.decoder.bomLength, 2);
  assert.equal(le.decoder.measure('ab'), 4);
  assert.equal(decodeAll(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('Dépôt', 'utf-16be')])).text, 'Dépôt');
  assert.equal(decodeAll(Buffer.from('Date,Description,Amount\n', 'utf16le')).text, 'Date,Description,Amount\n', 'UTF-16 without a mark is recognised by its NUL bytes');
});

test('an explicit encoding wins over detection', () => {
  assert.equal(decodeAll(Buffer.from('é', 'utf8'), { encoding: 'latin1' }).text, 'Ã©');
});

test('charset spellings of statement files', () => {
  assert.equal(normalizeCharset('1252'), 'windows-1252');
  assert.equal(normalizeCharset('CP1252'), 'windows-1252');
  assert.equal(normalizeCharset('8859-1'), 'iso-8859-1');
  assert.equal(normalizeCharset('USASCII'), null);
  assert.equal(normalizeCharset('NONE'), null);
  assert.equal(normalizeCharset('UTF-8'), 'utf-8');
  assert.equal(normalizeCharset('no-such-charset'), null);
});

test('property: decoding in chunks cut anywhere, even inside a character, gives the whole text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), (text, single, cuts) => {
      const latin = single ? [...text].filter((c) => iconv.encode(c, 'windows-1252')[0] !== 0x3f || c === '?').join('') : text;
      const bytes = single ? iconv.encode(latin, 'windows-1252') : Buffer.from(latin, 'utf8');
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const d = new StatementDecoder();
      let out = '';
      let from = 0;
      for (const p of points) {
        out += d.write(bytes.subarray(from, p));
        from = p;
      }
      out += d.write(bytes.subarray(from)) + d.end();
      const expected = decodeAll(bytes).text;
      assert.equal(out, expected);
      if (!single || /^[\x00-\x7f]*$/.test(latin)) assert.equal(out, latin);
      assert.equal(d.measure(out), bytes.length);
    }),
  );
});
