/**
 * Enrich's and the Upload API's FlinksCodes and messages (docs.flinks.com/api/enrich/error-codes,
 * docs.flinks.com/api/upload/common-error-codes), word for
 * word where the docs give them.
 */
import { defineError } from '../platform/errors.ts';

export const enrichErrors = {
  sessionExpired: defineError(400, 'SESSION_EXPIRED', 'RequestId {requestId} is invalid or session has ended'),
  invalidAttribute: defineError(400, 'INVALID_REQUEST', 'The attribute name is not valid.'),
  noAttribute: defineError(400, 'INVALID_REQUEST', 'At least a single attribute must be provided.'),
  invalidFilters: defineError(400, 'INVALID_REQUEST', 'One or more filters are invalid.'),
  invalidCountry: defineError(400, 'INVALID_REQUEST', 'Country code is not valid.'),
  // Categorization rules (our extension, docs/attributes.md)
  ruleNotFound: defineError(404, 'INVALID_REQUEST', 'Categorization rule {ruleId} was not found'),
  // Upload API (docs.flinks.com/api/upload, JSON transactions in, attributes out)
  accountIdAllOrNone: defineError(400, 'INVALID_REQUEST', 'AccountId has to either be provided to all transactions or to none of them.'),
  transactionIdAllOrNone: defineError(400, 'INVALID_REQUEST', 'TransactionId has to either be provided to all transactions or to none of them.'),
  transactionIdUnique: defineError(400, 'INVALID_REQUEST', 'All TransactionIds have to be unique within the request.'),
  originCountryMissing: defineError(400, 'INVALID_REQUEST', 'When using your own data, the country of origin must be provided.'),
  balanceOptionsExclusive: defineError(400, 'INVALID_REQUEST', 'MostRecentBalance, OldestBalance and the transactions\' Balance cannot be used together: provide only one of them.'),
  balanceMissing: defineError(400, 'INVALID_REQUEST', 'Balance has to be provided to every transaction unless MostRecentBalance or OldestBalance is provided.'),
  ordering: defineError(400, 'INVALID_REQUEST', 'Transactions have to be ordered by TransactionDate, all ascending or all descending.'),
  badDate: defineError(400, 'INVALID_REQUEST', 'Transactions[{index}].TransactionDate has to be a date in the format YYYY/MM/DD.'),
  badAmount: defineError(400, 'INVALID_REQUEST', 'Transactions[{index}].{field} has to be a number with at most two decimals.'),
  debitCredit: defineError(400, 'INVALID_REQUEST', 'Transactions[{index}] has to have exactly one of Debit and Credit.'),
  missingField: defineError(400, 'INVALID_REQUEST', 'Transactions[{index}].{field} is required.'),
  noTransactions: defineError(400, 'INVALID_REQUEST', 'At least one transaction must be provided.'),
};
