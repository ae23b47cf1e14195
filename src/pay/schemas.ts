/**
 * What Pay's routes take and answer, for validation and /openapi.json.
 *
 * Requests: Pay answers a bad field in ASP.NET's ProblemDetails words (errors.ts), produced by
 * the handlers' own validation (tolerant keys, one message per field). A strict body schema
 * would answer another message, so bodies stay `z.any()` or passthrough objects documented in
 * the summaries; path and query parameters are plain strings, as sent.
 *
 * Answers: the zod serializer sends the object the schema parsed, so every answer schema is a
 * loose object (undocumented members are still sent) whose declared keys follow the order the
 * wire helpers write them (a different order would reorder the JSON).
 */
import { z } from 'zod';
import { STATUS_DETAILS, STEPS, type StatusDetail } from './sessions/machine.ts';
import { RETURN_DECISIONS } from './eft/codes.ts';

const Text = z.string().nullable();
const Amount = z.number().describe('Dollars');

/** docs.flinks.com Pay API, GET /api/v1/paymentrequests/{id}: payments-requests.ts paymentRequestJson. */
export const PaymentRequestAnswer = z.looseObject({
  id: z.string(),
  requestId: z.string(),
  status: z.string(),
  statusDetails: Text,
  paymentReferenceNumber: Text,
  amount: Amount,
  ReferenceId: Text,
  PaymentLink: Text,
  sessionId: Text,
  scheduleId: Text,
  createdAt: z.string(),
  lastModifiedAt: z.string(),
  // An EFT payment's own members (eft/wire.ts eftPaymentExtra), after the common ones.
  type: z.literal('EFT').optional(),
  paymentDirection: z.string().optional(),
  dueDate: z.string().optional(),
  fileId: Text.optional(),
  crossReference: z.string().optional(),
  returnCode: z.number().int().nullable().optional(),
  returnReason: Text.optional(),
  returnDecision: Text.optional(),
});

/** A session's status (sessions/wire.ts statusJson). */
export const SessionStatusAnswer = z.looseObject({
  sessionId: z.string(),
  referenceId: Text,
  amount: Amount.nullable(),
  status: z.string(),
  statusDetails: Text,
});

/** A created session or payment request: the ids the client keeps. */
export const SessionIdsAnswer = z.looseObject({ sessionId: z.string(), referenceId: Text });
// ---- Sessions V2 details and settings (docs.flinks.com/api/pay/endpoints/geft/sessions-details) -------------
// Closed objects: every member sessions/wire.ts detailsJson and sessions/settings.ts settingsJson write, in their order.

const SessionStatus = z.enum(['Initiated', 'InProgress', 'Completed', 'Failed', 'Canceled', 'Expired']);
const SessionStatusDetail = z.enum(Object.keys(STATUS_DETAILS) as [StatusDetail, ...StatusDetail[]]);
const MaskedNumber = z.string().describe('Masked: ****1234');

/** A payor's address as the session request gave it (sessions/validate.ts address). */
const SessionAddress = z.object({
  addressLine1: Text, addressLine2: Text, unit: Text, city: Text, postalCode: Text, province: Text, country: Text,
});

/** GET /pay/api/v2/sessions/{sessionId}/details (sessions/wire.ts detailsJson). */
export const SessionDetailsAnswer = z.object({
  sessionId: z.string(),
  status: SessionStatus,
  statusDetails: SessionStatusDetail,
  step: z.object({ current: z.enum(STEPS), aggregationRequestId: Text, padId: Text }),
  referenceId: Text,
  amount: Amount.nullable(),
  type: z.enum(['EFT', 'e-Transfer']),
  direction: z.literal('DEBIT'),
  currency: z.literal('CAD'),
  options: z.object({
    guarantee: z.object({ enable: z.boolean() }),
    notificationPreferences: z.object({ language: z.enum(['EN', 'FR']), sendInteracLink: z.boolean().optional().describe('e-Transfer sessions only') }),
    showConsentScreen: z.boolean(),
    limits: z.object({ minimumAmount: Amount, maximumAmount: Amount }),
    amountModification: z.boolean(),
    redirectPreferences: z.object({ mode: z.enum(['JsEvents', 'Redirect']), urlSuccess: Text, urlExit: Text }),
  }),
  payor: z.object({
    email: Text,
    firstName: z.string(),
    lastName: z.string(),
    middleName: Text,
    phone: Text,
    account: z.object({ institutionCode: Text, transitNumber: Text, accountNumber: MaskedNumber, accountLabel: z.string(), availableBalance: Amount.nullable() })
      .nullable().describe('null until the session passes Initiated, then the chosen account, masked'),
    address: SessionAddress.nullable(),
  }),
  payee: z.object({ account: z.object({ institutionCode: z.string(), transitNumber: z.string(), accountNumber: MaskedNumber, accountLabel: Text }) })
    .nullable().describe('null for regular EFT (funds settle to the client’s account)'),
  userDetails: z.object({ matchingPerformed: z.boolean(), nameMatch: z.number().nullable() }),
  createdAt: z.string(),
  guaranteeDetails: z.object({
    guaranteeOffered: z.boolean(),
    guaranteeAccepted: z.boolean(),
    highestDebitAmountToGuarantee: Amount.nullable(),
    overallRiskLevel: z.string(),
    transactionRiskLevel: z.string(),
    userRiskLevel: z.string(),
    otherRiskLevel: z.string(),
    requestedAmount: Amount.nullable(),
    offeredAmount: Amount.nullable(),
    nextBestOffer: z.boolean(),
  }).optional().describe('GEFT sessions only'),
  schedule: z.object({ transactions: z.array(z.object({ id: z.string(), status: z.string() })) })
    .optional().describe('e-Transfer sessions, and sessions that made a payment request'),
  interacRequest: z.object({ status: z.string(), sentAt: z.string(), expiresAt: z.string() }).nullable().optional().describe('e-Transfer sessions only: null until the request for money is sent'),
  notification: z.object({ channel: z.literal('email'), to: z.string(), link: z.string(), at: z.string() }).nullable().optional().describe('e-Transfer sessions only: the Interac notification sent'),
});

const SettingsFields = {
  regularEft: z.boolean().describe('Regular EFT V2 sessions enabled (feature RegularEft)'),
  confirmGuarantees: z.boolean().describe('Guarantees wait for POST /guarantees/confirm'),
  sessionTimeoutMinutes: z.number().int().min(1).max(7 * 24 * 60),
  interacExpiryHours: z.number().int().min(1).max(90 * 24),
  settlementMinutes: z.number().int().min(0).max(30 * 24 * 60),
};

/** GET and PATCH /pay/api/v2/settings (sessions/settings.ts settingsJson): the settlement account masked. */
export const SettingsAnswer = z.object({
  ...SettingsFields,
  settlementAccount: z.object({ institutionCode: z.string(), transitNumber: z.string(), accountNumber: MaskedNumber, accountLabel: Text }).nullable(),
});

/** PATCH /pay/api/v2/settings (sessions/settings.ts patchSettings): only the fields sent change; booleans and numbers also as strings. */
export const SettingsPatchRequest = z.object({
  regularEft: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  confirmGuarantees: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  sessionTimeoutMinutes: z.union([SettingsFields.sessionTimeoutMinutes, z.string()]).optional(),
  interacExpiryHours: z.union([SettingsFields.interacExpiryHours, z.string()]).optional(),
  settlementMinutes: z.union([SettingsFields.settlementMinutes, z.string()]).optional(),
  settlementAccount: z.object({
    institutionCode: z.string().regex(/^\d{3}$/),
    transitNumber: z.string().regex(/^\d{5}$/),
    accountNumber: z.string().regex(/^\d{7,12}$/),
    accountLabel: z.string().max(100).nullable().optional(),
  }).nullable().optional().describe('null removes the account'),
});

// ---- CPA-005 files, settlements and returns (Maplelink extensions; Payments Canada Standard 005) -------------

/** A CPA-005 file made by a cut-off (processing/wire.ts fileJson). */
export const FileAnswer = z.object({
  id: z.string(),
  valueDate: z.string().describe('YYYY-MM-DD'),
  creationDate: z.string(),
  fileCreationNumber: z.number().int(),
  originatorId: z.string(),
  records: z.number().int(),
  debitCount: z.number().int(),
  debitTotal: Amount,
  creditCount: z.number().int(),
  creditTotal: Amount,
  createdAt: z.string(),
});

/** A returns file applied (processing/returns.ts ReturnsResult). */
export const ReturnsAnswer = z.object({
  id: z.string(),
  fileCreationNumber: z.number().int(),
  originatorId: z.string(),
  items: z.number().int(),
  applied: z.array(z.object({
    paymentRequestId: z.string(),
    scheduleId: z.string(),
    crossReference: z.string(),
    returnCode: z.number().int(),
    returnReason: z.string(),
    decision: z.enum(RETURN_DECISIONS),
    scheduleStatus: z.string(),
    padStatus: Text,
  })),
  unmatched: z.array(z.object({
    record: z.number().int(),
    segment: z.number().int(),
    crossReference: z.string(),
    returnCode: z.string().describe('The record’s transaction type, as read'),
    amount: Amount,
    reason: z.string(),
  })),
  receivedAt: z.string(),
});

/** Members documented by the operation's summary and docs/pay.md; every member is sent. */
export const Described = z.looseObject({});
export const DescribedList = z.array(z.looseObject({}));

// ---- EFT V1 (https://docs.flinks.com/api/pay/endpoints/eft/create-transaction and its sibling pages) ----------

const Party = z.looseObject({ name: z.string().nullable(), email: z.string().nullable() });
const Direction = z.enum(['DEBIT', 'CREDIT']);
const Frequency = z.enum(['OneTime', 'Weekly', 'Biweekly', 'Monthly']);
const ScheduleStatus = z.enum(['Active', 'OnHold', 'Completed', 'Cancelled']);
const PadStatus = z.enum(['Pending', 'Signed', 'Disputed', 'Cancelled']);

/** One schedule of the POST /api/v1/transactions answer (eft/wire.ts createdScheduleJson). */
const CreatedSchedule = z.looseObject({
  id: z.string(),
  amount: Amount,
  startDate: z.string().describe('YYYY-MM-DDT00:00:00'),
  endDate: z.string().describe('YYYY-MM-DDT00:00:00, or 0001-01-01T00:00:00 (.NET DateTime.MinValue) when the schedule has no end date'),
  transactionsCount: z.number().int(),
  frequency: Frequency,
  payor: Party,
  payee: Party,
  status: ScheduleStatus,
  padStatus: PadStatus.nullable(),
  padId: Text,
  crossReferenceNumber: Text,
  paymentDirection: Direction,
  paymentRequestIds: z.array(z.string()).describe('Maplelink: the payment requests of the schedule, one per debit or credit'),
});
export const CreatedSchedulesAnswer = z.looseObject({ schedules: z.array(CreatedSchedule) }).meta({
  // https://docs.flinks.com/api/pay/endpoints/eft/create-transaction (paymentRequestIds is Maplelink's)
  examples: [{ schedules: [{
    id: 'a1b2c3d4-5678-90ab-cdef-1234567890ab', amount: 250, startDate: '2026-04-15T00:00:00', endDate: '0001-01-01T00:00:00', transactionsCount: 1,
    frequency: 'OneTime', payor: { name: 'Jane Doe', email: null }, payee: { name: null, email: null }, status: 'Active', padStatus: null, padId: null,
    crossReferenceNumber: 'INV-1001', paymentDirection: 'DEBIT', paymentRequestIds: ['6f5a3c5e-2f7b-4f8e-9d1a-3b2c1d0e9f8a'],
  }] }],
});

/** A payment of a schedule (eft/wire.ts paymentJson). */
const SchedulePayment = z.looseObject({
  id: z.string(),
  sequence: z.number().int(),
  dueDate: z.string(),
  amount: Amount,
  status: z.string(),
  statusDetails: Text,
  paymentReferenceNumber: z.string(),
  fileId: Text,
  returnCode: z.number().int().nullable(),
});

/** GET /api/v1/schedules/{scheduleId} (eft/wire.ts scheduleJson). */
export const ScheduleAnswer = z.looseObject({
  id: z.string(),
  amount: Amount,
  startDate: z.string(),
  endDate: z.string().describe('YYYY-MM-DD, or 0001-01-01 when the schedule has no end date'),
  transactionsCount: z.number().int(),
  paymentFrequency: Frequency,
  paymentDirection: Direction,
  paymentType: z.literal('EFT'),
  status: ScheduleStatus,
  statusDetails: Text,
  padId: Text,
  padStatus: PadStatus.nullable(),
  crossReferenceNumber: Text,
  transactionCode: z.number().int(),
  purposeCategory: Text,
  description: Text,
  currency: z.string(),
  contactId: z.string(),
  accountId: z.string(),
  payor: Party,
  payee: Party,
  createdAt: z.string(),
  lastModifiedAt: z.string(),
  payments: z.array(SchedulePayment),
});

/** GET /api/v1/pads/{padId} (eft/wire.ts padJson). */
export const PadAnswer = z.looseObject({
  id: z.string(),
  padId: z.string(),
  padLink: z.string().describe('The page where the payor reads and signs the agreement'),
  status: PadStatus,
  scheduleId: z.string(),
  payor: Party,
  account: z.looseObject({ institutionCode: z.string(), transitNumber: z.string(), accountNumber: z.string().describe('Masked: ****1234') }),
  amount: Amount.nullable(),
  paymentFrequency: Frequency.nullable(),
  startDate: Text,
  endDate: Text,
  transactionsCount: z.number().int().nullable(),
  signedBy: Text,
  signedAt: Text,
  disputeCode: z.number().int().nullable(),
  createdAt: z.string(),
  lastModifiedAt: z.string(),
});

/** GET and POST /api/v1/contacts (eft/wire.ts contactJson). */
export const ContactAnswer = z.looseObject({
  id: z.string(),
  name: z.string(),
  firstName: Text,
  lastName: Text,
  legalName: Text,
  email: Text,
  type: z.enum(['Business', 'Individual']),
  bankAccounts: z.array(z.looseObject({
    id: z.string().describe('Use as accountInfo.accountId'),
    institutionCode: z.string(),
    transitNumber: z.string(),
    accountNumber: z.string().describe('Masked: ****1234'),
    accountLabel: z.string(),
    type: z.literal('EFT'),
  })),
  createdAt: z.string(),
  lastModifiedAt: z.string(),
});

const TOLERANT = 'Read as Flinks reads it: member names in any case, unknown members ignored, booleans and numbers also as strings ("true", "250"); a refused field is answered 400 in ProblemDetails, naming the field.';
const AccountInfo = z.object({
  accountId: z.string().optional().describe('A bank account of a contact; or the three numbers below, never both'),
  institutionCode: z.string().optional().describe('3 digits'),
  transitNumber: z.string().optional().describe('5 digits'),
  accountNumber: z.string().optional().describe('7 to 12 digits'),
});
const ContactInfo = z.object({
  contactId: z.string().optional().describe('An existing contact; or firstName and lastName, or legalName, never both'),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  legalName: z.string().optional(),
  email: z.string().optional(),
});
const TransactionParty = z.object({ accountInfo: AccountInfo, contactInfo: ContactInfo }).nullable();

/** POST /api/v1/transactions: an array holding exactly one transaction (eft/validate.ts). */
export const TransactionsRequest = z.array(z.object({
  transactionCode: z.number().int().describe('Payments Canada Standard 007 code (see purposecategories)'),
  amount: z.number().min(0.01).describe('Dollars, at least 0.01'),
  description: z.string().max(15).optional(),
  crossReferenceNumber: z.string().max(36).regex(/^[A-Za-z0-9-]+$/).optional(),
  paymentDirection: Direction,
  currency: z.literal('CAD').optional(),
  purposeCategory: z.string().optional(),
  payor: TransactionParty.optional().describe('Required for DEBIT, null for CREDIT'),
  payee: TransactionParty.optional().describe('Required for CREDIT, null for DEBIT'),
  scheduleInfo: z.object({
    paymentFrequency: Frequency,
    startDate: z.string().describe('YYYY-MM-DD: a future day for DEBIT, today for CREDIT'),
    endDate: z.string().optional().describe('Recurring DEBIT: endDate or transactionsCount'),
    transactionsCount: z.number().int().max(300).optional(),
  }),
})).min(1).max(1).describe(TOLERANT).meta({
  // https://docs.flinks.com/api/pay/endpoints/eft/create-transaction
  examples: [[{
    transactionCode: 1, amount: 250, description: 'Invoice 1001', crossReferenceNumber: 'INV-1001', paymentDirection: 'DEBIT', currency: 'CAD',
    payor: { accountInfo: { institutionCode: '001', transitNumber: '12345', accountNumber: '1234567' }, contactInfo: { firstName: 'Jane', lastName: 'Doe' } },
    scheduleInfo: { paymentFrequency: 'OneTime', startDate: '2026-04-15' },
  }]],
});

/** POST /api/v1/contacts (Maplelink extension; eft/validate.ts validateContact). */
export const ContactRequest = z.object({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  legalName: z.string().optional().describe('A business; or firstName and lastName'),
  email: z.string().optional(),
  bankAccounts: z.array(z.object({ institutionCode: z.string(), transitNumber: z.string(), accountNumber: z.string() })).optional(),
}).describe(TOLERANT);

/** POST /api/v2/sessions/{sessionId}/guarantees/confirm. */
export const GuaranteeConfirmRequest = z.object({ guaranteeAccepted: z.boolean() }).describe(TOLERANT)
  // https://docs.flinks.com/api/pay/endpoints/geft/guarantee-confirm
  .meta({ examples: [{ guaranteeAccepted: true }] });

/** POST /api/v2/sessions: Guaranteed EFT, regular EFT V2 or e-Transfer V2 (sessions/validate.ts). */
export const SessionRequest = z.object({
  referenceId: z.string().max(100).optional().describe('Strongly recommended; in the sandbox it names the test scenario'),
  type: z.enum(['EFT', 'e-Transfer']),
  direction: z.literal('DEBIT'),
  currency: z.literal('CAD').optional(),
  amount: z.number().min(0.01).max(99999.99).optional().describe('Omitted: the payor chooses it'),
  options: z.object({
    guarantee: z.object({ enable: z.boolean() }).optional(),
    notificationPreferences: z.object({ language: z.enum(['EN', 'FR']).optional(), sendInteracLink: z.boolean().optional() }).optional(),
    showConsentScreen: z.boolean().optional(),
  }).optional(),
  payor: z.object({
    firstName: z.string().max(100),
    lastName: z.string().max(100),
    middleName: z.string().optional(),
    email: z.string().max(100).optional().describe('Required for e-Transfer'),
    phone: z.string().max(15).optional(),
    occupation: z.string().optional(),
    dateOfBirth: z.string().optional(),
    address: z.object({ addressLine1: z.string().optional(), addressLine2: z.string().optional(), unit: z.string().optional(), city: z.string().optional(), postalCode: z.string().optional(), province: z.string().optional(), country: z.string().optional() }).optional(),
  }),
  payee: z.object({ account: z.object({ institutionCode: z.string(), transitNumber: z.string(), accountNumber: z.string(), accountLabel: z.string().optional() }) }).optional(),
}).describe(TOLERANT).meta({
  // https://docs.flinks.com/api/pay/endpoints/e-transfer/sessions-initiate
  examples: [{
    referenceId: 'USER12345', type: 'e-Transfer', direction: 'DEBIT', currency: 'CAD', amount: 250.0,
    options: { notificationPreferences: { sendInteracLink: true } },
    payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' },
    payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541' } },
  }],
});
