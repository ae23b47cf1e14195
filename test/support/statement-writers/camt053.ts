/**
 * Writes statements as an ISO 20022 camt.053 document (one Stmt per statement, one booked Ntry per
 * transaction, the description as unstructured remittance), in any version from 001.02 to 001.08.
 * For the sandbox, tests and benchmarks.
 */
import type { Statement } from '../../../src/upload/parsers/model.ts';
import { centsText } from '../../../src/upload/writers/format.ts';
import { balancesOf, periodOf } from './format.ts';

export interface Camt053WriteOptions {
  /** "02" to "08"; default "08". */
  version?: string;
  /** GrpHdr/CreDtTm; default the last closing date at noon. */
  created?: string;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function writeCamt053(statements: Statement[], options: Camt053WriteOptions = {}): Uint8Array {
  const version = options.version ?? '08';
  const v = Number(version);
  const bicTag = v >= 4 ? 'BICFI' : 'BIC';
  const out: string[] = [];
  const last = statements.map((s) => periodOf(s)?.end ?? '2000-01-01').reduce((a, b) => (a > b ? a : b), '2000-01-01');
  const created = options.created ?? `${last}T12:00:00`;
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<BkToCstmrStmt>\n`);
  out.push(`<GrpHdr><MsgId>MAPLELINK-${esc(created)}</MsgId><CreDtTm>${created}</CreDtTm></GrpHdr>\n`);
  const balance = (code: string, cents: number, date: string, ccy: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${ccy}">${centsText(Math.abs(cents))}</Amt><CdtDbtInd>${cents < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>\n`;
  statements.forEach((s, i) => {
    const ccy = s.account.currency;
    const period = periodOf(s);
    out.push(`<Stmt>\n<Id>STMT-${i + 1}</Id><ElctrncSeqNb>${i + 1}</ElctrncSeqNb><CreDtTm>${created}</CreDtTm>\n`);
    if (period) out.push(`<FrToDt><FrDtTm>${period.start}T00:00:00</FrDtTm><ToDtTm>${period.end}T23:59:59</ToDtTm></FrToDt>\n`);
    const iban = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s.account.number);
    out.push(`<Acct><Id>${iban ? `<IBAN>${s.account.number}</IBAN>` : `<Othr><Id>${esc(s.account.number)}</Id></Othr>`}</Id>`);
    const tp = { chequing: 'CACC', savings: 'SVGS', creditCard: 'CARD', loan: 'LOAN', lineOfCredit: 'ODFT' }[s.account.kind as string];
    if (tp) out.push(`<Tp><Cd>${tp}</Cd></Tp>`);
    out.push(`<Ccy>${ccy}</Ccy>`);
    if (s.account.holder) out.push(`<Ownr><Nm>${esc(s.account.holder)}</Nm></Ownr>`);
    if (s.account.institution) {
      const bic = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s.account.institution);
      out.push(`<Svcr><FinInstnId>${bic ? `<${bicTag}>${s.account.institution}</${bicTag}>` : `<Nm>${esc(s.account.institution)}</Nm>`}</FinInstnId></Svcr>`);
    }
    out.push('</Acct>\n');
    const { opening, closing } = balancesOf(s);
    if (opening) out.push(balance('OPBD', opening.amountCents, opening.date, ccy));
    if (closing) out.push(balance('CLBD', closing.amountCents, closing.date, ccy));
    const status = v >= 6 ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>';
    for (const t of s.transactions) {
      out.push(
        `<Ntry><Amt Ccy="${ccy}">${centsText(Math.abs(t.amountCents))}</Amt><CdtDbtInd>${t.amountCents < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd>${status}` +
          `<BookgDt><Dt>${t.date}</Dt></BookgDt><ValDt><Dt>${t.valueDate ?? t.date}</Dt></ValDt><AcctSvcrRef>${esc(t.id)}</AcctSvcrRef>` +
          `<BkTxCd><Prtry><Cd>${t.amountCents < 0 ? 'DEBIT' : 'CREDIT'}</Cd></Prtry></BkTxCd>` +
          `<NtryDtls><TxDtls><RmtInf><Ustrd>${esc(t.description)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n`,
      );
    }
    out.push('</Stmt>\n');
  });
  out.push('</BkToCstmrStmt>\n</Document>\n');
  return new Uint8Array(Buffer.from(out.join(''), 'utf8'));
}
