/**
 * The sandbox's direct clearer: writes the returns file a bank would send back
 * for some payments of one of our files (I/J records: the return reason code in
 * the transaction type, the original code stored, the original institution and
 * account in the return fields, our cross reference unchanged). The file then
 * goes through the same ingestion as a real one.
 */
import type { Queryable } from '../../platform/db.ts';
import { buildFile, type FileItem } from '../cpa005/file.ts';
import { institutionId } from '../cpa005/fields.ts';
import type { PayConfig } from '../config.ts';
import { payErrors, invalidField } from '../errors.ts';
import { isReturnCode } from '../eft/codes.ts';
import { isGuid } from '../../platform/ids.ts';

interface Row {
  id: string;
  amount_cents: number;
  direction: 'DEBIT' | 'CREDIT';
  xref: number;
  transaction_code: number;
  party_name: string;
  institution_code: string;
  transit_number: string;
  account_number: string;
  originator_id: string;
  file_creation_number: number;
  file_record: number;
  file_segment: number;
  value_date: string;
}

export async function simulatedReturnsFile(q: Queryable, config: PayConfig, customerId: string, fileId: string, returns: { paymentRequestId: string; returnCode: number }[], today: string): Promise<string> {
  if (returns.length === 0) throw invalidField('returns', 'must hold at least one payment');
  for (const [i, r] of returns.entries()) {
    if (!isGuid(r.paymentRequestId)) throw invalidField(`returns[${i}].paymentRequestId`, 'must be a GUID');
    if (!isReturnCode(r.returnCode)) throw invalidField(`returns[${i}].returnCode`, `${r.returnCode} is not a return reason code (900-990)`);
  }
  const rows = await q.query<Row>(
    `select r.id, r.amount_cents, e.direction, e.xref, s.transaction_code, s.party_name, a.institution_code, a.transit_number, a.account_number,
            f.originator_id, f.file_creation_number, e.file_record, e.file_segment, to_char(f.value_date, 'YYYY-MM-DD') as value_date
     from pay_eft_payments e
     join pay_payment_requests r on r.id = e.id
     join pay_schedules s on s.id = e.schedule_id
     join pay_contact_accounts a on a.id = s.account_id
     join pay_files f on f.id = e.file_id
     where e.customer_id = $1 and e.file_id = $2 and e.id = any($3::uuid[])`,
    [customerId, fileId.toLowerCase(), returns.map((r) => r.paymentRequestId.toLowerCase())],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: FileItem[] = returns.map((r, i) => {
    const row = byId.get(r.paymentRequestId.toLowerCase());
    if (!row) throw payErrors.returnNotInFile(i, r.paymentRequestId, fileId);
    // A trace number as the bank would have given the original item: its place in our file.
    const trace = `${row.file_creation_number}`.padStart(4, '0') + `${row.file_record}`.padStart(9, '0') + `${row.file_segment}`.padStart(9, '0');
    return {
      type: row.direction === 'DEBIT' ? 'J' : 'I',
      transactionType: r.returnCode,
      storedTransactionType: row.transaction_code,
      amountCents: Number(row.amount_cents),
      date: row.value_date,
      institutionId: config.returnInstitutionId,
      accountNumber: config.returnAccountNumber,
      itemTraceNumber: String(9_000_000_000 + i).padStart(22, '0'),
      originatorShortName: config.originatorShortName,
      name: row.party_name,
      originatorLongName: config.originatorLongName,
      userId: row.originator_id,
      crossReference: String(row.xref).padStart(19, '0'),
      returnInstitutionId: institutionId(row.institution_code, row.transit_number),
      returnAccountNumber: row.account_number,
      sundry: '',
      originalItemTraceNumber: trace,
    };
  });
  const first = rows[0]!;
  return buildFile({ originatorId: first.originator_id, fileCreationNumber: first.file_creation_number, creationDate: today, destinationDataCentre: config.destinationDataCentre, currency: 'CAD' }, items).text;
}
