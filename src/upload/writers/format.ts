/** Money as the statement writers print it (the CSV writer of `maplelink import`, and the test writers of test/support/statement-writers). */
/** Cents as a plain decimal: 123456 → "1234.56", -5 → "-0.05"; `mark` is the decimal mark. */
export function centsText(cents: number, mark: '.' | ',' = '.', grouping?: string): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  let whole = String(Math.floor(abs / 100));
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, grouping);
  const frac = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${whole}${mark}${frac}`;
}
