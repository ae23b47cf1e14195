/** Pay request bodies and dates for tests (pure: unit tests import this without the app). */

/** YYYY-MM-DD plus days (UTC calendar arithmetic). */
export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid debit (tomorrow onward) that tests change one field of. */
export function debit(today: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionCode: 450,
    amount: 250,
    description: 'Invoice 1001',
    crossReferenceNumber: 'INV-1001',
    paymentDirection: 'DEBIT',
    currency: 'CAD',
    payor: { accountInfo: { institutionCode: '001', transitNumber: '12345', accountNumber: '1234567' }, contactInfo: { firstName: 'Jane', lastName: 'Doe' } },
    scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(today, 1) },
    ...over,
  };
}

export function credit(today: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionCode: 200,
    amount: 1000.5,
    description: 'Payroll',
    crossReferenceNumber: 'PAY-1',
    paymentDirection: 'CREDIT',
    currency: 'CAD',
    payee: { accountInfo: { institutionCode: '003', transitNumber: '54321', accountNumber: '987654321' }, contactInfo: { legalName: 'Acme Ltd' } },
    scheduleInfo: { paymentFrequency: 'OneTime', startDate: today },
    ...over,
  };
}

/** Today in the payments calendar (America/Toronto) at the app's clock. */
export function payToday(now: Date = new Date()): string {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' });
  const parts = Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
