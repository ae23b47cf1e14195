/**
 * Writes statements as an OFX file: version 1 (SGML: leaf elements unclosed, a KEY:VALUE header,
 * windows-1252 by default) or version 2 (XML, UTF-8). Bank accounts go in BANKMSGSRSV1, credit
 * cards in CREDITCARDMSGSRSV1. Useful for the sandbox (downloadable statements) and for round-trip
 * tests of the parser.
 *
 * NAME holds at most 32 characters (OFX 1.x); a longer description is written whole in MEMO too.
 */
import iconv from 'iconv-lite';
import type { AccountKind, Statement } from '../../../src/upload/parsers/model.ts';
import { centsText } from '../../../src/upload/writers/format.ts';
import { balancesOf, compact, periodOf } from './format.ts';

export interface OfxWriteOptions {
  version?: 1 | 2;
  /** Default windows-1252 for version 1, UTF-8 for version 2. */
  charset?: 'utf-8' | 'windows-1252' | 'iso-8859-1';
  /** false writes the whole file on one line, as some banks do. */
  newlines?: boolean;
  /** FI/ORG and FI/FID of the sign-on; default the first statement's institution. */
  institution?: { org: string; fid?: string };
  /** DTSERVER; default the last date of the statements. */
  serverDate?: string;
}

const ACCTTYPE: Partial<Record<AccountKind, string>> = { chequing: 'CHECKING', savings: 'SAVINGS', lineOfCredit: 'CREDITLINE', loan: 'CREDITLINE' };

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function writeOfx(statements: Statement[], options: OfxWriteOptions = {}): Uint8Array {
  const v2 = options.version === 2;
  const charset = options.charset ?? (v2 ? 'utf-8' : 'windows-1252');
  const nl = options.newlines === false ? '' : '\n';
  const out: string[] = [];
  const open = (tag: string) => out.push(`<${tag}>${nl}`);
  const close = (tag: string) => out.push(`</${tag}>${nl}`);
  const leaf = (tag: string, value: string) => out.push(v2 ? `<${tag}>${escape(value)}</${tag}>${nl}` : `<${tag}>${escape(value)}${nl}`);
  const dates = statements.flatMap((s) => s.transactions.map((t) => t.date));
  const server = options.serverDate ?? (dates.length ? dates.reduce((a, b) => (a > b ? a : b)) : '2000-01-01');
  const org = options.institution?.org ?? statements.find((s) => s.account.institution)?.account.institution ?? 'Maplelink';

  if (v2) {
    const enc = charset === 'utf-8' ? 'UTF-8' : charset === 'windows-1252' ? 'windows-1252' : 'ISO-8859-1';
    out.push(`<?xml version="1.0" encoding="${enc}" standalone="no"?>${nl}<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>${nl}`);
  } else {
    const fields = [
      'OFXHEADER:100', 'DATA:OFXSGML', 'VERSION:102', 'SECURITY:NONE',
      `ENCODING:${charset === 'utf-8' ? 'UTF-8' : 'USASCII'}`, `CHARSET:${charset === 'utf-8' ? 'NONE' : charset === 'windows-1252' ? '1252' : 'ISO-8859-1'}`,
      'COMPRESSION:NONE', 'OLDFILEUID:NONE', 'NEWFILEUID:NONE',
    ];
    out.push(fields.join(nl || ' ') + (nl ? '\n\n' : ' '));
  }
  open('OFX');
  open('SIGNONMSGSRSV1');
  open('SONRS');
  open('STATUS');
  leaf('CODE', '0');
  leaf('SEVERITY', 'INFO');
  close('STATUS');
  leaf('DTSERVER', `${compact(server)}120000`);
  leaf('LANGUAGE', 'ENG');
  open('FI');
  leaf('ORG', org);
  if (options.institution?.fid) leaf('FID', options.institution.fid);
  close('FI');
  close('SONRS');
  close('SIGNONMSGSRSV1');

  const bank = statements.filter((s) => s.account.kind !== 'creditCard');
  const cards = statements.filter((s) => s.account.kind === 'creditCard');
  let uid = 1;
  const statement = (s: Statement, card: boolean) => {
    open(card ? 'CCSTMTTRNRS' : 'STMTTRNRS');
    leaf('TRNUID', String(uid++));
    open('STATUS');
    leaf('CODE', '0');
    leaf('SEVERITY', 'INFO');
    close('STATUS');
    open(card ? 'CCSTMTRS' : 'STMTRS');
    leaf('CURDEF', s.account.currency);
    open(card ? 'CCACCTFROM' : 'BANKACCTFROM');
    if (!card) leaf('BANKID', s.account.institution && /^\d+$/.test(s.account.institution) ? s.account.institution : '000');
    if (!card && s.account.transit) leaf('BRANCHID', s.account.transit);
    leaf('ACCTID', s.account.number);
    if (!card) leaf('ACCTTYPE', ACCTTYPE[s.account.kind] ?? 'CHECKING');
    close(card ? 'CCACCTFROM' : 'BANKACCTFROM');
    open('BANKTRANLIST');
    const period = periodOf(s);
    if (period) {
      leaf('DTSTART', compact(period.start));
      leaf('DTEND', compact(period.end));
    }
    for (const t of s.transactions) {
      open('STMTTRN');
      leaf('TRNTYPE', t.amountCents < 0 ? 'DEBIT' : 'CREDIT');
      leaf('DTPOSTED', v2 ? `${compact(t.date)}120000.000[-5:EST]` : compact(t.date));
      leaf('TRNAMT', centsText(t.amountCents));
      leaf('FITID', t.id);
      if (t.reference && /^\d+$/.test(t.reference)) leaf('CHECKNUM', t.reference);
      leaf('NAME', t.description.slice(0, 32));
      if (t.description.length > 32) leaf('MEMO', t.description);
      close('STMTTRN');
    }
    close('BANKTRANLIST');
    const { closing } = balancesOf(s);
    if (closing) {
      open('LEDGERBAL');
      leaf('BALAMT', centsText(closing.amountCents));
      leaf('DTASOF', compact(closing.date));
      close('LEDGERBAL');
    }
    close(card ? 'CCSTMTRS' : 'STMTRS');
    close(card ? 'CCSTMTTRNRS' : 'STMTTRNRS');
  };
  if (bank.length) {
    open('BANKMSGSRSV1');
    for (const s of bank) statement(s, false);
    close('BANKMSGSRSV1');
  }
  if (cards.length) {
    open('CREDITCARDMSGSRSV1');
    for (const s of cards) statement(s, true);
    close('CREDITCARDMSGSRSV1');
  }
  close('OFX');
  const text = out.join('');
  return charset === 'utf-8' ? new Uint8Array(Buffer.from(text, 'utf8')) : new Uint8Array(iconv.encode(text, charset));
}
