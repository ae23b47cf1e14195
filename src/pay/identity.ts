/**
 * Identity matching (`userDetails.nameMatch` of docs.flinks.com/api/pay/endpoints/geft/sessions-details):
 * how well the payor's name given at session creation matches the account
 * holder's name at the bank, as a score from 0 to 100. Pure.
 *
 * Names are compared without accents, case, punctuation or a middle name
 * (banks print "DOE JOHN", "John A. Doe", "Doe, John"): the score is 100 when
 * the first and last names are both among the holder's words, else the
 * similarity of the two sorted word lists (Levenshtein), so a typo costs a few
 * points and another person's name costs most of them.
 */

export const NAME_MATCH_THRESHOLD = 80;

export function words(name: string): string[] {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s'-]/g, ' ')
    .replace(/['-]/g, '')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

export function nameMatchScore(payor: { firstName: string; lastName: string; middleName?: string | null }, holderName: string): number {
  const holder = words(holderName);
  const first = words(payor.firstName);
  const last = words(payor.lastName);
  if (holder.length === 0 || first.length === 0 || last.length === 0) return 0;
  const has = new Set(holder);
  if ([...first, ...last].every((w) => has.has(w))) return 100;
  // Compare the payor's words with the holder's words that are not a middle name or initial.
  const given = [...first, ...last].sort().join(' ');
  const middle = new Set(words(payor.middleName ?? ''));
  const theirs = holder.filter((w) => !middle.has(w) && w.length > 1).sort().join(' ');
  const longest = Math.max(given.length, theirs.length);
  return Math.max(0, Math.round(100 * (1 - levenshtein(given, theirs) / longest)));
}

export function namesMatch(score: number): boolean {
  return score >= NAME_MATCH_THRESHOLD;
}
