/**
 * The Pre-Authorized Debit agreement the payor reads and signs in the hosted
 * app (Payments Canada Rule H1: a personal PAD, one sporadic debit). Pure: the
 * same text is shown on screen and downloaded.
 */

export interface PadTerms {
  padId: string;
  payeeName: string;
  payorName: string;
  accountLabel: string;
  institutionCode: string | null;
  transitNumber: string | null;
  amountCents: number;
  referenceId: string | null;
  language: 'en' | 'fr';
  signedBy?: string | null;
  signedAt?: Date | null;
}

const money = (cents: number, lang: 'en' | 'fr') =>
  lang === 'fr' ? `${(cents / 100).toFixed(2).replace('.', ',')} $` : `$${(cents / 100).toFixed(2)}`;

/** The agreement as lines of text (the screen shows them as paragraphs). */
export function padText(t: PadTerms): string[] {
  const fr = t.language === 'fr';
  const amount = money(t.amountCents, t.language);
  const bank = [t.institutionCode, t.transitNumber].filter(Boolean).join('-');
  const lines = fr
    ? [
        `Accord de débit préautorisé (DPA) n° ${t.padId}`,
        `Payeur : ${t.payorName}. Compte : ${t.accountLabel}${bank ? ` (institution-transit ${bank})` : ''}.`,
        `Bénéficiaire : ${t.payeeName}.`,
        `J'autorise ${t.payeeName} et son institution de paiement à débiter mon compte d'un montant unique de ${amount}${t.referenceId ? ` (référence ${t.referenceId})` : ''}, un DPA personnel sporadique.`,
        "Je renonce au préavis de 10 jours prévu par les règles de Paiements Canada pour ce débit.",
        "J'ai certains droits de recours si un débit n'est pas conforme au présent accord; par exemple, j'ai le droit de recevoir le remboursement de tout débit non autorisé ou non conforme. Pour plus d'information, je peux communiquer avec mon institution financière ou visiter www.paiements.ca.",
        'Je peux révoquer cette autorisation avant le débit en communiquant avec le bénéficiaire.',
      ]
    : [
        `Pre-Authorized Debit (PAD) Agreement no. ${t.padId}`,
        `Payor: ${t.payorName}. Account: ${t.accountLabel}${bank ? ` (institution-transit ${bank})` : ''}.`,
        `Payee: ${t.payeeName}.`,
        `I authorize ${t.payeeName} and its payment processor to debit my account once for ${amount}${t.referenceId ? ` (reference ${t.referenceId})` : ''}, a sporadic personal PAD.`,
        'I waive the 10-day pre-notification that the Payments Canada rules provide for this debit.',
        'I have certain recourse rights if a debit does not comply with this agreement; for example, I have the right to receive reimbursement for any debit that is not authorized or not consistent with this agreement. For more information, I may contact my financial institution or visit www.payments.ca.',
        'I may revoke this authorization before the debit by contacting the payee.',
      ];
  if (t.signedBy && t.signedAt) lines.push(fr ? `Signé par ${t.signedBy} le ${t.signedAt.toISOString()}.` : `Signed by ${t.signedBy} on ${t.signedAt.toISOString()}.`);
  return lines;
}
