// generateLogin: builds the holder and the accounts, then runs the persona's plan once per day
// from startDate to endDate.

import { buildAccounts } from './accounts.ts';
import { dayInfo, parseDate } from './calendar.ts';
import { makeIdentity } from './holder.ts';
import { isPersona, SETUP } from './personas.ts';
import { Draws, hashString } from './random.ts';
import { Sim } from './sim.ts';
import { BANK_STYLE_VARIANTS, bankStyle } from './text.ts';
import { benefits } from './plans/benefits.ts';
import { business, businessName } from './plans/business.ts';
import { gig } from './plans/gig.ts';
import type { DayFn } from './plans/household.ts';
import { nsf } from './plans/nsf.ts';
import { salaried } from './plans/salaried.ts';
import type { GeneratedLogin, GenerateLoginOptions, PersonaId } from './types.ts';

const PLANS: Record<PersonaId, (sim: Sim) => DayFn> = { salaried, gig, benefits, nsf, business };

/** Default length of history the sandbox serves (a bit over 13 months). */
export const DEFAULT_HISTORY_DAYS = 400;

/** Longest range accepted, as a guard against accidental huge requests (about 20 years). */
export const MAX_HISTORY_DAYS = 7400;

export function generateLogin(opts: GenerateLoginOptions): GeneratedLogin {
  const { seed, persona } = opts;
  if (typeof seed !== 'string') throw new TypeError('seed must be a string');
  if (!isPersona(persona)) throw new RangeError(`unknown persona "${String(persona)}"`);
  const start = parseDate(opts.startDate);
  const end = parseDate(opts.endDate);
  if (end < start) throw new RangeError(`endDate ${opts.endDate} is before startDate ${opts.startDate}`);
  if (end - start + 1 > MAX_HISTORY_DAYS) throw new RangeError(`range longer than ${MAX_HISTORY_DAYS} days`);

  // The persona is part of the seed so that the same username under two personas differs.
  const seedHash = hashString(persona + '\u0000' + seed);
  const setup = SETUP[persona];
  const identity = makeIdentity(new Draws(seedHash, 'profile:identity', 0), setup.business ? businessName(seedHash) : undefined);
  const style = bankStyle(identity.lang, new Draws(seedHash, 'profile:style', 0).int(0, BANK_STYLE_VARIANTS - 1));
  const built = buildAccounts(seedHash, setup);
  const sim = new Sim(seedHash, identity, style, built, {
    overdraftUser: persona === 'nsf',
    cardBrand: built.cardBrand,
    creditHeadroomShare: setup.creditHeadroomShare,
    rates: built.rates,
    monthlyFeeCents: built.monthlyFee,
    avoid: persona === 'benefits' || persona === 'nsf' ? ['Costco', 'The Keg', 'Apple'] : [],
  });
  if (persona === 'nsf') built.chq.floor = -Math.round(built.chq.out.overdraftLimitCents * 0.6);

  const plan = PLANS[persona](sim);
  for (let day = start; day <= end; day++) {
    sim.today = dayInfo(day);
    plan();
    sim.endOfDay();
  }

  const accounts = [built.chq, built.sav, built.cc, built.loc];
  for (const a of accounts) a.finish();
  return {
    persona,
    accountType: setup.business ? 'Business' : 'Personal',
    holder: identity.holder,
    accounts: accounts.map((a) => a.out),
  };
}
