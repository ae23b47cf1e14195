// Deterministic Canadian identities: name, civic address with a well-formed postal code,
// e-mail and phone number.

import { Draws } from './random.ts';
import type { Holder } from './types.ts';

export type Lang = 'en' | 'fr';

export interface City {
  name: string;
  province: string;
  /** Forward sortation areas (first three characters of postal codes) found in the city. */
  fsas: readonly string[];
  areaCodes: readonly string[];
  /** Share of holders in that city whose bank statements are in French. */
  french: number;
}

export const CITIES: readonly (readonly [City, number])[] = [
  [{ name: 'Montreal', province: 'QC', fsas: ['H2X', 'H2J', 'H3A', 'H1V', 'H4C', 'H2S'], areaCodes: ['514', '438'], french: 0.8 }, 14],
  [{ name: 'Quebec', province: 'QC', fsas: ['G1R', 'G1V', 'G1K', 'G2B'], areaCodes: ['418', '581'], french: 0.95 }, 5],
  [{ name: 'Laval', province: 'QC', fsas: ['H7N', 'H7T', 'H7W'], areaCodes: ['450', '579'], french: 0.85 }, 3],
  [{ name: 'Gatineau', province: 'QC', fsas: ['J8Y', 'J8T', 'J9H'], areaCodes: ['819', '873'], french: 0.8 }, 2],
  [{ name: 'Sherbrooke', province: 'QC', fsas: ['J1H', 'J1J', 'J1L'], areaCodes: ['819'], french: 0.9 }, 2],
  [{ name: 'Longueuil', province: 'QC', fsas: ['J4K', 'J4H', 'J4M'], areaCodes: ['450', '579'], french: 0.85 }, 2],
  [{ name: 'Toronto', province: 'ON', fsas: ['M5V', 'M4C', 'M6K', 'M5J', 'M4Y', 'M6P'], areaCodes: ['416', '647', '437'], french: 0 }, 16],
  [{ name: 'Ottawa', province: 'ON', fsas: ['K1P', 'K2P', 'K1S', 'K1N'], areaCodes: ['613', '343'], french: 0.15 }, 5],
  [{ name: 'Mississauga', province: 'ON', fsas: ['L5B', 'L5M', 'L4Z'], areaCodes: ['905', '289'], french: 0 }, 4],
  [{ name: 'Hamilton', province: 'ON', fsas: ['L8P', 'L8L', 'L9A'], areaCodes: ['905', '289'], french: 0 }, 3],
  [{ name: 'London', province: 'ON', fsas: ['N6A', 'N6B', 'N5V'], areaCodes: ['519', '226'], french: 0 }, 2],
  [{ name: 'Sudbury', province: 'ON', fsas: ['P3A', 'P3E', 'P3C'], areaCodes: ['705'], french: 0.25 }, 1],
  [{ name: 'Vancouver', province: 'BC', fsas: ['V6B', 'V5K', 'V6H', 'V5T'], areaCodes: ['604', '778'], french: 0 }, 7],
  [{ name: 'Victoria', province: 'BC', fsas: ['V8W', 'V8V', 'V8R'], areaCodes: ['250', '778'], french: 0 }, 2],
  [{ name: 'Surrey', province: 'BC', fsas: ['V3T', 'V3W', 'V4N'], areaCodes: ['604', '778'], french: 0 }, 2],
  [{ name: 'Calgary', province: 'AB', fsas: ['T2P', 'T2R', 'T3A', 'T2E'], areaCodes: ['403', '587'], french: 0 }, 5],
  [{ name: 'Edmonton', province: 'AB', fsas: ['T5J', 'T6E', 'T5K'], areaCodes: ['780', '587'], french: 0 }, 4],
  [{ name: 'Winnipeg', province: 'MB', fsas: ['R3C', 'R3M', 'R2W'], areaCodes: ['204', '431'], french: 0.05 }, 3],
  [{ name: 'Regina', province: 'SK', fsas: ['S4P', 'S4R', 'S4T'], areaCodes: ['306', '639'], french: 0 }, 1],
  [{ name: 'Saskatoon', province: 'SK', fsas: ['S7K', 'S7N', 'S7H'], areaCodes: ['306', '639'], french: 0 }, 1],
  [{ name: 'Halifax', province: 'NS', fsas: ['B3J', 'B3H', 'B3K'], areaCodes: ['902', '782'], french: 0 }, 2],
  [{ name: 'Moncton', province: 'NB', fsas: ['E1C', 'E1A', 'E1E'], areaCodes: ['506'], french: 0.35 }, 1],
  [{ name: "St. John's", province: 'NL', fsas: ['A1C', 'A1B', 'A1E'], areaCodes: ['709'], french: 0 }, 1],
  [{ name: 'Charlottetown', province: 'PE', fsas: ['C1A', 'C1E'], areaCodes: ['902', '782'], french: 0 }, 1],
];

const FIRST_EN = [
  'James', 'Emma', 'Liam', 'Olivia', 'Noah', 'Sarah', 'Michael', 'Jessica', 'David', 'Emily',
  'Ryan', 'Megan', 'Kevin', 'Ashley', 'Daniel', 'Hannah', 'Priya', 'Arjun', 'Wei', 'Mei',
  'Mohamed', 'Fatima', 'Jason', 'Amanda', 'Tyler', 'Nicole', 'Connor', 'Brittany', 'Raj', 'Grace',
] as const;
const FIRST_FR = [
  'Marie', 'Jean', 'Sophie', 'Mathieu', 'Isabelle', 'Olivier', 'Catherine', 'Francois', 'Julie', 'Etienne',
  'Genevieve', 'Alexandre', 'Melanie', 'Maxime', 'Valerie', 'Simon', 'Chloe', 'Gabriel', 'Annie', 'Louis',
  'Nathalie', 'Samuel', 'Josee', 'Philippe', 'Karine', 'Vincent', 'Emilie', 'Antoine', 'Sylvie', 'Benoit',
] as const;
const LAST_EN = [
  'Smith', 'Brown', 'Wilson', 'MacDonald', 'Taylor', 'Campbell', 'Anderson', 'Thompson', 'Martin', 'Clarke',
  'Lee', 'Patel', 'Singh', 'Nguyen', 'Chen', 'Wong', 'Ali', 'Johnson', 'Roberts', 'Stewart',
  'Murphy', 'Fraser', 'Kaur', 'Li', 'Robinson', 'Walker', 'Young', 'King', 'Scott', 'Hughes',
] as const;
const LAST_FR = [
  'Tremblay', 'Gagnon', 'Roy', 'Cote', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagne',
  'Pelletier', 'Belanger', 'Levesque', 'Bergeron', 'Leblanc', 'Paquette', 'Girard', 'Simard', 'Boucher', 'Caron',
  'Beaulieu', 'Cloutier', 'Dube', 'Poirier', 'Fournier', 'Lapointe', 'Ouellet', 'Lefebvre', 'Nadeau', 'Thibault',
] as const;
const STREETS_EN = [
  'York Street', 'King Street West', 'Queen Street East', 'Main Street', 'Maple Avenue', 'Elm Street',
  'Oak Avenue', 'Church Street', 'Victoria Avenue', 'Park Road', 'Wellington Street', 'Bay Street',
  'Cedar Crescent', 'Lakeshore Road', 'Highland Drive', 'Birch Lane', 'Albert Street', 'Pine Street',
] as const;
const STREETS_FR = [
  'rue Saint-Denis', 'rue Sainte-Catherine', 'boulevard Saint-Laurent', 'rue Sherbrooke', 'avenue du Parc',
  'rue Principale', 'rue Notre-Dame', 'avenue Cartier', 'rue Saint-Jean', 'boulevard Rene-Levesque',
  'rue Laurier', 'rue des Erables', 'chemin du Lac', 'rue Beaubien', 'avenue Papineau', 'rue Jarry',
] as const;

/** Letters that may appear in Canadian postal codes (D, F, I, O, Q, U never do). */
const POSTAL_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';

export interface Identity {
  holder: Holder;
  first: string;
  last: string;
  city: City;
  lang: Lang;
}

export function asciiFold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

export function pickCity(r: Draws): City {
  return r.weighted(CITIES);
}

/** A person's identity (also used for business owners and e-Transfer counterparties). */
export function makePersonName(r: Draws, french: boolean): { first: string; last: string } {
  return french
    ? { first: r.pick(FIRST_FR), last: r.pick(LAST_FR) }
    : { first: r.pick(FIRST_EN), last: r.chance(0.1) ? r.pick(LAST_FR) : r.pick(LAST_EN) };
}

export function makeIdentity(r: Draws, businessName?: (owner: { first: string; last: string }, lang: Lang) => string): Identity {
  const city = pickCity(r);
  const lang: Lang = r.chance(city.french) ? 'fr' : 'en';
  const { first, last } = makePersonName(r, city.province === 'QC' ? r.chance(0.85) : r.chance(city.french));
  const fsa = r.pick(city.fsas);
  const ldu = `${r.int(0, 9)}${POSTAL_LETTERS[r.int(0, POSTAL_LETTERS.length - 1)]}${r.int(0, 9)}`;
  const number = r.chance(0.6) ? r.int(10, 999) : r.int(1000, 9999);
  const street = lang === 'fr' || city.province === 'QC' ? r.pick(STREETS_FR) : r.pick(STREETS_EN);
  const unit = r.chance(0.35) ? `${r.int(1, 30)}${r.pick(['01', '02', '03', '04', '05', '10', '12'])}-` : '';
  const phone = `${r.pick(city.areaCodes)}${r.int(2, 9)}${r.int(0, 9)}${r.int(0, 9)}${r.digits(4).replace(/^./, String(r.int(0, 9)))}`;
  const email = `${asciiFold(first)}.${asciiFold(last)}`.toLowerCase().replace(/[^a-z.]/g, '') + '@nomail.com';
  const name = businessName ? businessName({ first, last }, lang) : `${first} ${last}`;
  return {
    first,
    last,
    city,
    lang,
    holder: {
      name,
      civicAddress: `${unit}${number} ${street}`,
      city: city.name,
      province: city.province,
      postalCode: `${fsa} ${ldu}`,
      country: 'CA',
      email,
      phoneNumber: phone,
    },
  };
}
