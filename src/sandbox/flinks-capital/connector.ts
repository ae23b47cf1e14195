/**
 * Flinks Capital (InstitutionId 14) as a Connect connector: the scripted sandbox bank.
 * Its login and MFA behaviour comes from the script of this folder, its data from the
 * deterministic persona generator. The sandbox registers it with Connect at setup.
 */
import * as script from './index.ts';
import { generateLogin, personaForSeed, type PersonaId } from '../generator/index.ts';
import type { AccountData, Connector, ConnectedProfile, LoginData, LoginStep } from '../../connect/index.ts';

function toStep(step: script.Step): LoginStep {
  switch (step.kind) {
    case 'challenges':
      return { kind: 'challenges', challenges: step.challenges, state: step.state };
    case 'failed':
      return { kind: 'failed', code: step.code, message: step.message, retryable: step.retryable, state: step.state };
    case 'connected': {
      const p = step.profile;
      const profile: ConnectedProfile = {
        userKey: p.sandboxUser,
        username: p.username,
        aggregation: p.aggregation,
        country: p.country,
        data: { persona: p.persona, noTransactions: Boolean(p.noTransactions), sandboxUser: p.sandboxUser },
      };
      return { kind: 'connected', profile, answered: step.answered };
    }
  }
}

export const flinksCapital: Connector = {
  name: 'flinks-capital',
  async startLogin(c) {
    return toStep(script.startLogin(c));
  },
  async answer(state, responses) {
    return toStep(script.answerChallenges(state as script.ScriptState, responses));
  },
  async refresh(c) {
    const input = { username: c.username, password: c.password, language: c.language, storedAnswers: c.storedAnswers };
    return toStep(c.interactive ? script.refreshLoginInteractive(input) : script.refreshLogin(input));
  },
  securityQuestions(c) {
    return script.allSecurityQuestions(c.username, c.language);
  },
  checkStoredAnswer(c) {
    return script.checkStoredAnswer(c.username, c.question, c.answer);
  },
  async fetch(profile, login): Promise<LoginData> {
    const persona = (profile.data.persona as PersonaId | null) ?? personaForSeed(login.id);
    const g = generateLogin({ seed: login.id, persona, startDate: login.dataStart, endDate: login.asOf });
    const currency = profile.country === 'US' ? 'USD' : 'CAD';
    const accounts: AccountData[] = g.accounts.map((a) => ({
      ref: a.key,
      title: a.title,
      type: a.type,
      category: a.category,
      currency,
      accountType: g.accountType,
      transitNumber: a.transitNumber,
      institutionNumber: a.institutionNumber,
      accountNumber: a.accountNumber,
      overdraftLimitCents: a.overdraftLimitCents,
      limitCents: a.limitCents,
      currentCents: a.currentCents,
      availableCents: a.availableCents,
      transactions: profile.data.noTransactions
        ? []
        : a.transactions.map((t) => ({ ref: t.key, date: t.date, description: t.description, debitCents: t.debitCents, creditCents: t.creditCents, balanceCents: t.balanceCents, label: t.label })),
    }));
    const h = g.holder;
    return {
      loginType: g.accountType,
      holder: {
        Name: h.name,
        Address: { CivicAddress: h.civicAddress, City: h.city, Province: h.province, PostalCode: h.postalCode, POBox: null, Country: h.country },
        Email: h.email,
        PhoneNumber: h.phoneNumber,
      },
      accounts,
    };
  },
};
