// Merchant catalogue: where people spend, what it costs, and how the card processor prints it.
// Each merchant carries its ground-truth category/sub-category (labelled by docs/categorization-conventions.md:
// a merchant's main trade, so Walmart is general merchandise even where people buy groceries) and a normalised
// merchant name.

import type { Category } from './types.ts';

export type SpendGroup =
  | 'grocery'
  | 'convenience'
  | 'liquor'
  | 'coffee'
  | 'fastfood'
  | 'restaurant'
  | 'delivery'
  | 'gas'
  | 'transit'
  | 'rideshare'
  | 'parking'
  | 'autoservice'
  | 'general'
  | 'online'
  | 'clothing'
  | 'electronics'
  | 'homeimprovement'
  | 'pharmacy'
  | 'medical'
  | 'entertainment'
  | 'gambling'
  | 'donation'
  | 'bizsupplies'
  | 'bizads'
  | 'biztravel';

export interface Merchant {
  /** Normalised merchant name (label facet). */
  name: string;
  /** Name as printed by the processor, upper case. */
  print: string;
  group: SpendGroup;
  category: Category;
  subCategory: string;
  /** Typical amount range in cents. */
  min: number;
  max: number;
  /** Provinces where the merchant operates; undefined = everywhere. */
  provinces?: readonly string[];
  /**
   * Card-statement template. Tokens: {store} {city} {prov} {ref}.
   * Default: "{print} #{store} {city} {prov}" for chains with stores, "{print}" otherwise.
   */
  pattern?: string;
  /** Prints a store number (chains). */
  store?: boolean;
  /** Only bought online / by card (never with the debit card at a till). */
  online?: boolean;
}

const QC = ['QC'];
const ON = ['ON'];
const WEST = ['BC', 'AB', 'SK', 'MB'];
const ATL = ['NS', 'NB', 'PE', 'NL'];
const NOT_QC = ['ON', 'BC', 'AB', 'SK', 'MB', 'NS', 'NB', 'PE', 'NL'];

type Opts = Partial<Pick<Merchant, 'provinces' | 'pattern' | 'store' | 'online'>>;

function m(name: string, print: string, group: SpendGroup, category: Category, subCategory: string, minDollars: number, maxDollars: number, opts: Opts = {}): Merchant {
  return { name, print, group, category, subCategory, min: Math.round(minDollars * 100), max: Math.round(maxDollars * 100), ...opts };
}

export const MERCHANTS: readonly Merchant[] = [
  // Groceries
  m('Metro', 'METRO', 'grocery', 'Groceries', 'Supermarket', 15, 220, { provinces: ['QC', 'ON'], store: true }),
  m('IGA', 'IGA', 'grocery', 'Groceries', 'Supermarket', 15, 210, { provinces: ['QC', 'NB'], store: true }),
  m('Provigo', 'PROVIGO', 'grocery', 'Groceries', 'Supermarket', 15, 200, { provinces: QC, store: true }),
  m('Maxi', 'MAXI', 'grocery', 'Groceries', 'Supermarket', 12, 190, { provinces: QC, store: true }),
  m('Super C', 'SUPER C', 'grocery', 'Groceries', 'Supermarket', 12, 190, { provinces: QC, store: true }),
  m('Adonis', 'MARCHE ADONIS', 'grocery', 'Groceries', 'Supermarket', 12, 150, { provinces: ['QC', 'ON'], store: true }),
  m('Loblaws', 'LOBLAWS', 'grocery', 'Groceries', 'Supermarket', 15, 220, { provinces: ON, store: true }),
  m('No Frills', 'NO FRILLS', 'grocery', 'Groceries', 'Supermarket', 12, 180, { provinces: NOT_QC, store: true }),
  m('Food Basics', 'FOOD BASICS', 'grocery', 'Groceries', 'Supermarket', 12, 180, { provinces: ON, store: true }),
  m('FreshCo', 'FRESHCO', 'grocery', 'Groceries', 'Supermarket', 12, 170, { provinces: ['ON', 'BC', 'MB', 'SK'], store: true }),
  m('Sobeys', 'SOBEYS', 'grocery', 'Groceries', 'Supermarket', 15, 220, { provinces: ['ON', 'AB', 'NS', 'NB', 'PE', 'NL', 'MB'], store: true }),
  m('Farm Boy', 'FARM BOY', 'grocery', 'Groceries', 'Supermarket', 15, 160, { provinces: ON, store: true }),
  m('Save-On-Foods', 'SAVE ON FOODS', 'grocery', 'Groceries', 'Supermarket', 15, 220, { provinces: WEST, store: true }),
  m('Real Canadian Superstore', 'REAL CDN SUPERSTORE', 'grocery', 'Groceries', 'Supermarket', 15, 250, { provinces: WEST, store: true }),
  m('Safeway', 'SAFEWAY', 'grocery', 'Groceries', 'Supermarket', 15, 220, { provinces: ['BC', 'AB', 'MB', 'SK'], store: true }),
  m('Co-op', 'CO-OP FOOD', 'grocery', 'Groceries', 'Supermarket', 15, 200, { provinces: ['AB', 'SK', 'MB'], store: true }),
  m('Atlantic Superstore', 'ATLANTIC SUPERSTORE', 'grocery', 'Groceries', 'Supermarket', 15, 230, { provinces: ATL, store: true }),
  m('T&T Supermarket', 'T&T SUPERMARKET', 'grocery', 'Groceries', 'Supermarket', 15, 180, { provinces: ['BC', 'AB', 'ON'], store: true }),
  m('Costco', 'COSTCO WHOLESALE', 'grocery', 'Groceries', 'Warehouse Club', 60, 450, { pattern: 'COSTCO WHOLESALE W{store} {city} {prov}' }),
  m('Walmart', 'WAL-MART SUPERCENTER', 'grocery', 'Shopping', 'General Merchandise', 20, 230, { pattern: 'WAL-MART SUPERCENTER#{store} {city} {prov}' }),
  // Convenience and liquor
  m('Couche-Tard', 'COUCHE-TARD', 'convenience', 'Groceries', 'Convenience Store', 3, 45, { provinces: QC, store: true }),
  m('Circle K', 'CIRCLE K', 'convenience', 'Groceries', 'Convenience Store', 3, 45, { provinces: NOT_QC, store: true }),
  m('7-Eleven', '7-ELEVEN', 'convenience', 'Groceries', 'Convenience Store', 3, 35, { provinces: ['ON', 'BC', 'AB', 'SK', 'MB'], store: true }),
  m('SAQ', 'SAQ', 'liquor', 'Groceries', 'Liquor Store', 14, 120, { provinces: QC, pattern: 'SAQ {store} {city} {prov}' }),
  m('LCBO', 'LCBO/RAO', 'liquor', 'Groceries', 'Liquor Store', 14, 120, { provinces: ON, store: true }),
  m('The Beer Store', 'THE BEER STORE', 'liquor', 'Groceries', 'Liquor Store', 20, 70, { provinces: ON, store: true }),
  m('BC Liquor', 'BCLS', 'liquor', 'Groceries', 'Liquor Store', 14, 110, { provinces: ['BC'], store: true }),
  m('Liquor Depot', 'LIQUOR DEPOT', 'liquor', 'Groceries', 'Liquor Store', 14, 110, { provinces: ['AB'], store: true }),
  m('Liquor Marts', 'MB LIQUOR MART', 'liquor', 'Groceries', 'Liquor Store', 14, 100, { provinces: ['MB'], store: true }),
  m('SLGA', 'SLGA', 'liquor', 'Groceries', 'Liquor Store', 14, 100, { provinces: ['SK'], store: true }),
  m('NSLC', 'NSLC', 'liquor', 'Groceries', 'Liquor Store', 14, 110, { provinces: ['NS', 'PE', 'NL', 'NB'], store: true }),
  // Coffee, fast food, restaurants, delivery
  m('Tim Hortons', 'TIM HORTONS', 'coffee', 'Restaurants', 'Coffee Shop', 2, 18, { store: true }),
  m('Starbucks', 'STARBUCKS', 'coffee', 'Restaurants', 'Coffee Shop', 4, 22, { store: true }),
  m('Second Cup', 'SECOND CUP', 'coffee', 'Restaurants', 'Coffee Shop', 3, 16, { store: true }),
  m('Van Houtte', 'CAFE VAN HOUTTE', 'coffee', 'Restaurants', 'Coffee Shop', 3, 16, { provinces: QC, store: true }),
  m("McDonald's", "MCDONALD'S", 'fastfood', 'Restaurants', 'Fast Food', 5, 32, { pattern: "MCDONALD'S #{store} {city} {prov}" }),
  m('A&W', 'A&W', 'fastfood', 'Restaurants', 'Fast Food', 6, 30, { store: true }),
  m('Subway', 'SUBWAY', 'fastfood', 'Restaurants', 'Fast Food', 7, 28, { store: true }),
  m("Harvey's", "HARVEY'S", 'fastfood', 'Restaurants', 'Fast Food', 8, 30, { provinces: ['QC', 'ON'], store: true }),
  m("Mary Brown's", "MARY BROWN'S", 'fastfood', 'Restaurants', 'Fast Food', 8, 35, { store: true }),
  m('Popeyes', 'POPEYES', 'fastfood', 'Restaurants', 'Fast Food', 8, 35, { store: true }),
  m('Pizza Pizza', 'PIZZA PIZZA', 'fastfood', 'Restaurants', 'Fast Food', 9, 45, { provinces: ['ON', 'QC'], store: true }),
  m("Domino's", "DOMINO'S PIZZA", 'fastfood', 'Restaurants', 'Fast Food', 12, 48, { store: true }),
  m("Wendy's", "WENDY'S", 'fastfood', 'Restaurants', 'Fast Food', 6, 28, { store: true }),
  m('Burger King', 'BURGER KING', 'fastfood', 'Restaurants', 'Fast Food', 6, 28, { store: true }),
  m('Dairy Queen', 'DAIRY QUEEN', 'fastfood', 'Restaurants', 'Fast Food', 5, 25, { store: true }),
  m('La Belle Province', 'LA BELLE PROVINCE', 'fastfood', 'Restaurants', 'Fast Food', 8, 32, { provinces: QC, store: true }),
  m('Chipotle', 'CHIPOTLE', 'fastfood', 'Restaurants', 'Fast Food', 12, 30, { provinces: ['ON', 'BC', 'AB'], store: true }),
  m('St-Hubert', 'ST-HUBERT', 'restaurant', 'Restaurants', 'Restaurant', 25, 110, { provinces: ['QC', 'ON'], store: true }),
  m('Cora', 'CORA DEJEUNERS', 'restaurant', 'Restaurants', 'Restaurant', 18, 70, { provinces: ['QC', 'ON'], store: true }),
  m('Boston Pizza', 'BOSTON PIZZA', 'restaurant', 'Restaurants', 'Restaurant', 25, 120, { store: true }),
  m('The Keg', 'THE KEG STEAKHOUSE', 'restaurant', 'Restaurants', 'Restaurant', 60, 260, { store: true }),
  m('Earls', 'EARLS KITCHEN', 'restaurant', 'Restaurants', 'Restaurant', 35, 160, { provinces: ['BC', 'AB', 'ON', 'MB', 'SK'], store: true }),
  m('Cactus Club', 'CACTUS CLUB CAFE', 'restaurant', 'Restaurants', 'Restaurant', 35, 170, { provinces: ['BC', 'AB', 'ON'], store: true }),
  m('Swiss Chalet', 'SWISS CHALET', 'restaurant', 'Restaurants', 'Restaurant', 22, 90, { provinces: ['ON', 'QC', 'NS', 'NB'], store: true }),
  m('Milestones', 'MILESTONES', 'restaurant', 'Restaurants', 'Restaurant', 35, 150, { provinces: ['ON', 'BC', 'AB'], store: true }),
  m('Moxies', 'MOXIES', 'restaurant', 'Restaurants', 'Restaurant', 35, 150, { provinces: ['AB', 'BC', 'ON', 'QC', 'SK', 'MB'], store: true }),
  m('Resto Chez Louis', 'RESTO CHEZ LOUIS', 'restaurant', 'Restaurants', 'Restaurant', 20, 140, { provinces: QC, pattern: 'RESTO CHEZ LOUIS {city} {prov}' }),
  m('The Duke Pub', 'THE DUKE PUB', 'restaurant', 'Restaurants', 'Bar', 18, 120, { provinces: NOT_QC, pattern: 'THE DUKE PUB {city} {prov}' }),
  m('Uber Eats', 'UBER CANADA/UBEREATS', 'delivery', 'Restaurants', 'Food Delivery', 16, 70, { online: true, pattern: 'UBER CANADA/UBEREATS TORONTO ON' }),
  m('DoorDash', 'DOORDASH', 'delivery', 'Restaurants', 'Food Delivery', 16, 70, { online: true, pattern: 'DOORDASH*{ref} TORONTO ON' }),
  m('SkipTheDishes', 'SKIPTHEDISHES', 'delivery', 'Restaurants', 'Food Delivery', 16, 65, { online: true, pattern: 'SKIPTHEDISHES.COM WINNIPEG MB' }),
  // Transportation
  m('Petro-Canada', 'PETRO-CANADA', 'gas', 'Transportation', 'Gas', 20, 110, { pattern: 'PETRO-CANADA {store} {city} {prov}' }),
  m('Esso', 'ESSO', 'gas', 'Transportation', 'Gas', 20, 110, { pattern: 'ESSO CIRCLE K {store} {city} {prov}' }),
  m('Shell', 'SHELL', 'gas', 'Transportation', 'Gas', 20, 110, { pattern: 'SHELL C{store} {city} {prov}' }),
  m('Ultramar', 'ULTRAMAR', 'gas', 'Transportation', 'Gas', 20, 100, { provinces: ['QC', 'ON', 'NB', 'NS', 'NL'], store: true }),
  m('Husky', 'HUSKY', 'gas', 'Transportation', 'Gas', 20, 110, { provinces: WEST, store: true }),
  m('Irving', 'IRVING OIL', 'gas', 'Transportation', 'Gas', 20, 100, { provinces: ['NB', 'NS', 'PE', 'NL', 'QC'], store: true }),
  m('Costco Gas', 'COSTCO GAS', 'gas', 'Transportation', 'Gas', 30, 110, { pattern: 'COSTCO GAS W{store} {city} {prov}' }),
  m('STM', 'STM', 'transit', 'Transportation', 'Public Transit', 3.75, 40, { provinces: QC, pattern: 'STM-CARTE OPUS MONTREAL QC' }),
  m('Presto', 'PRESTO', 'transit', 'Transportation', 'Public Transit', 3.3, 50, { provinces: ON, pattern: 'PRESTO ETIK/FARE TORONTO ON' }),
  m('Compass', 'COMPASS', 'transit', 'Transportation', 'Public Transit', 3.15, 50, { provinces: ['BC'], pattern: 'COMPASS VENDING BURNABY BC' }),
  m('Calgary Transit', 'CALGARY TRANSIT', 'transit', 'Transportation', 'Public Transit', 3.6, 40, { provinces: ['AB'], pattern: 'CALGARY TRANSIT CALGARY AB' }),
  m('Uber', 'UBER CANADA/UBERTRIP', 'rideshare', 'Transportation', 'Rideshare', 8, 45, { online: true, pattern: 'UBER CANADA/UBERTRIP TORONTO ON' }),
  m('Lyft', 'LYFT', 'rideshare', 'Transportation', 'Rideshare', 8, 40, { online: true, provinces: ['ON', 'BC'], pattern: 'LYFT *RIDE {ref} VANCOUVER BC' }),
  m('Impark', 'IMPARK', 'parking', 'Transportation', 'Parking', 3, 28, { pattern: 'IMPARK{store} {city} {prov}' }),
  m('Indigo Park', 'INDIGO PARK', 'parking', 'Transportation', 'Parking', 3, 30, { store: true }),
  m('Green P', 'GREEN P PARKING', 'parking', 'Transportation', 'Parking', 3, 25, { provinces: ON, pattern: 'GREEN P PARKING TORONTO ON' }),
  m('Stationnement Montreal', 'STATIONNEMENT DE MTL', 'parking', 'Transportation', 'Parking', 3, 25, { provinces: QC, pattern: 'STATIONNEMENT DE MTL MONTREAL QC' }),
  m('Canadian Tire Auto', 'CANADIAN TIRE AUTO', 'autoservice', 'Transportation', 'Auto Maintenance', 60, 700, { store: true }),
  m('Mr. Lube', 'MR. LUBE', 'autoservice', 'Transportation', 'Auto Maintenance', 70, 180, { provinces: NOT_QC, store: true }),
  m('Midas', 'MIDAS', 'autoservice', 'Transportation', 'Auto Maintenance', 80, 900, { store: true }),
  m('Kal Tire', 'KAL TIRE', 'autoservice', 'Transportation', 'Auto Maintenance', 80, 900, { provinces: WEST, store: true }),
  m('Pneus Touchette', 'PNEUS TOUCHETTE', 'autoservice', 'Transportation', 'Auto Maintenance', 80, 900, { provinces: QC, store: true }),
  // Shopping
  m('Walmart', 'WAL-MART', 'general', 'Shopping', 'General Merchandise', 8, 220, { pattern: 'WAL-MART #{store} {city} {prov}' }),
  m('Dollarama', 'DOLLARAMA', 'general', 'Shopping', 'General Merchandise', 3, 45, { pattern: 'DOLLARAMA # {store} {city} {prov}' }),
  m('Canadian Tire', 'CANADIAN TIRE', 'general', 'Shopping', 'General Merchandise', 10, 260, { store: true }),
  m('Giant Tiger', 'GIANT TIGER', 'general', 'Shopping', 'General Merchandise', 8, 120, { provinces: ['ON', 'QC', 'MB', 'SK', 'AB', 'NS', 'NB'], store: true }),
  m('London Drugs', 'LONDON DRUGS', 'general', 'Health', 'Pharmacy', 8, 200, { provinces: ['BC', 'AB', 'SK', 'MB'], store: true }),
  m('Amazon', 'AMZN MKTP CA', 'online', 'Shopping', 'Online', 10, 260, { online: true, pattern: 'AMZN MKTP CA*{ref} WWW.AMAZON.CA ON' }),
  m('Amazon', 'AMAZON.CA', 'online', 'Shopping', 'Online', 10, 200, { online: true, pattern: 'AMAZON.CA*{ref} AMAZON.CA ON' }),
  m('Temu', 'TEMU.COM', 'online', 'Shopping', 'Online', 8, 90, { online: true, pattern: 'TEMU.COM 888-888-8888' }),
  m('Shein', 'SHEIN', 'online', 'Shopping', 'Clothing', 15, 120, { online: true, pattern: 'SHEIN.COM' }),
  m('eBay', 'EBAY', 'online', 'Shopping', 'Online', 10, 200, { online: true, pattern: 'EBAY O*{ref}' }),
  m('Etsy', 'ETSY', 'online', 'Shopping', 'Online', 12, 120, { online: true, pattern: 'ETSY.COM*{ref}' }),
  m('Winners', 'WINNERS', 'clothing', 'Shopping', 'Clothing', 15, 180, { store: true }),
  m('Sport Chek', 'SPORT CHEK', 'clothing', 'Shopping', 'General Merchandise', 25, 260, { store: true }),
  m('Simons', 'SIMONS', 'clothing', 'Shopping', 'General Merchandise', 25, 250, { provinces: ['QC', 'ON', 'AB', 'BC'], store: true }),
  m('Old Navy', 'OLD NAVY', 'clothing', 'Shopping', 'Clothing', 15, 150, { store: true }),
  m('H&M', 'H&M', 'clothing', 'Shopping', 'Clothing', 15, 150, { pattern: 'H&M CA{store} {city} {prov}' }),
  m("Mark's", "MARK'S", 'clothing', 'Shopping', 'Clothing', 25, 220, { store: true }),
  m('Ardene', 'ARDENE', 'clothing', 'Shopping', 'Clothing', 10, 90, { store: true }),
  m('Best Buy', 'BEST BUY', 'electronics', 'Shopping', 'Electronics', 20, 900, { store: true }),
  m('Apple', 'APPLE STORE', 'electronics', 'Shopping', 'Electronics', 30, 1400, { pattern: 'APPLE STORE #R{store} {city} {prov}' }),
  m('Staples', 'STAPLES', 'electronics', 'Shopping', 'Office Supplies', 8, 300, { provinces: NOT_QC, store: true }),
  m('Bureau en Gros', 'BUREAU EN GROS', 'electronics', 'Shopping', 'Office Supplies', 8, 300, { provinces: QC, store: true }),
  m('Home Depot', 'THE HOME DEPOT', 'homeimprovement', 'Shopping', 'Home Improvement', 12, 450, { pattern: 'THE HOME DEPOT #{store} {city} {prov}' }),
  m('RONA', 'RONA', 'homeimprovement', 'Shopping', 'Home Improvement', 12, 400, { store: true }),
  m('Canac', 'CANAC', 'homeimprovement', 'Shopping', 'Home Improvement', 12, 350, { provinces: QC, store: true }),
  m('Home Hardware', 'HOME HARDWARE', 'homeimprovement', 'Shopping', 'Home Improvement', 8, 250, { provinces: NOT_QC, store: true }),
  m('IKEA', 'IKEA', 'homeimprovement', 'Shopping', 'Furniture', 20, 700, { store: true }),
  // Health
  m('Shoppers Drug Mart', 'SHOPPERS DRUG MART', 'pharmacy', 'Health', 'Pharmacy', 6, 140, { provinces: NOT_QC, pattern: 'SHOPPERS DRUG MART #{store} {city} {prov}' }),
  m('Pharmaprix', 'PHARMAPRIX', 'pharmacy', 'Health', 'Pharmacy', 6, 140, { provinces: QC, store: true }),
  m('Jean Coutu', 'JEAN COUTU', 'pharmacy', 'Health', 'Pharmacy', 6, 120, { provinces: ['QC', 'NB', 'ON'], pattern: 'PJC {store} {city} {prov}' }),
  m('Uniprix', 'UNIPRIX', 'pharmacy', 'Health', 'Pharmacy', 6, 110, { provinces: QC, store: true }),
  m('Rexall', 'REXALL', 'pharmacy', 'Health', 'Pharmacy', 6, 120, { provinces: NOT_QC, store: true }),
  m('Lawtons', 'LAWTONS DRUGS', 'pharmacy', 'Health', 'Pharmacy', 6, 110, { provinces: ATL, store: true }),
  m('Clinique Dentaire du Parc', 'CLINIQUE DENTAIRE', 'medical', 'Health', 'Dental', 80, 450, { provinces: QC, pattern: 'CLINIQUE DENTAIRE DU PARC {city} {prov}' }),
  m('Maple Dental Centre', 'DENTAL CENTRE', 'medical', 'Health', 'Dental', 80, 450, { provinces: NOT_QC, pattern: 'MAPLE DENTAL CENTRE {city} {prov}' }),
  m('Physio Sante Plus', 'PHYSIO', 'medical', 'Health', 'Medical', 60, 140, { pattern: 'PHYSIO SANTE PLUS {city} {prov}' }),
  m('Iris Optometristes', 'OPTOMETRIST', 'medical', 'Health', 'Vision', 90, 500, { pattern: 'IRIS OPTOMETRISTES {city} {prov}' }),
  // Entertainment
  m('Cineplex', 'CINEPLEX', 'entertainment', 'Entertainment', 'Movies', 14, 70, { store: true }),
  m('Cinema Guzzo', 'CINEMAS GUZZO', 'entertainment', 'Entertainment', 'Movies', 12, 60, { provinces: QC, store: true }),
  m('Ticketmaster', 'TICKETMASTER CANADA', 'entertainment', 'Entertainment', 'Events', 45, 420, { online: true, pattern: 'TICKETMASTER CANADA 866-448-7849 ON' }),
  m('Steam', 'STEAMGAMES.COM', 'entertainment', 'Entertainment', 'Gaming', 6, 90, { online: true, pattern: 'STEAMGAMES.COM 4259522 WA' }),
  m('PlayStation', 'PLAYSTATION NETWORK', 'entertainment', 'Entertainment', 'Gaming', 10, 95, { online: true, pattern: 'PlayStation Network 877-971-7669 CA' }),
  m('Nintendo', 'NINTENDO', 'entertainment', 'Entertainment', 'Gaming', 10, 90, { online: true, pattern: 'NINTENDO CD{ref} 800-2553700 WA' }),
  m('Quilles Champion', 'BOWLING', 'entertainment', 'Entertainment', 'Recreation', 20, 90, { pattern: 'QUILLES CHAMPION {city} {prov}', provinces: QC }),
  m('Bowlerama', 'BOWLING', 'entertainment', 'Entertainment', 'Recreation', 20, 90, { pattern: 'BOWLERAMA {city} {prov}', provinces: NOT_QC }),
  // Gambling
  m('BET99', 'BET99', 'gambling', 'Gambling', 'Online Betting', 20, 300, { online: true, pattern: 'BET99.COM' }),
  m('Loto-Quebec', 'LOTO-QUEBEC', 'gambling', 'Gambling', 'Lottery', 5, 150, { provinces: QC, online: true, pattern: 'LOTO-QUEBEC ESPACEJEUX MONTREAL QC' }),
  m('Mise-o-jeu', 'MISE-O-JEU', 'gambling', 'Gambling', 'Sports Betting', 10, 200, { provinces: QC, online: true, pattern: 'LOTO-QUEBEC MISE-O-JEU MONTREAL QC' }),
  m('Casino de Montreal', 'CASINO DE MONTREAL', 'gambling', 'Gambling', 'Casino', 40, 500, { provinces: QC, pattern: 'CASINO DE MONTREAL MONTREAL QC' }),
  m('PlayNow', 'PLAYNOW', 'gambling', 'Gambling', 'Online Betting', 10, 250, { provinces: ['BC', 'MB', 'SK'], online: true, pattern: 'PLAYNOW.COM KAMLOOPS BC' }),
  m('OLG', 'OLG', 'gambling', 'Gambling', 'Lottery', 5, 250, { provinces: ON, online: true, pattern: 'OLG.CA PROLINE TORONTO ON' }),
  m('Casino Rama', 'CASINO RAMA', 'gambling', 'Gambling', 'Casino', 40, 500, { provinces: ON, pattern: 'CASINO RAMA RAMA ON' }),
  m('PlayAlberta', 'PLAYALBERTA', 'gambling', 'Gambling', 'Online Betting', 10, 250, { provinces: ['AB'], online: true, pattern: 'PLAYALBERTA.CA ST ALBERT AB' }),
  m('ALC', 'ALC', 'gambling', 'Gambling', 'Lottery', 5, 150, { provinces: ATL, online: true, pattern: 'ALC.CA MONCTON NB' }),
  m('PokerStars', 'POKERSTARS', 'gambling', 'Gambling', 'Online Betting', 20, 300, { online: true, pattern: 'POKERSTARS.NET' }),
  m('FanDuel', 'FANDUEL', 'gambling', 'Gambling', 'Sports Betting', 10, 250, { provinces: ON, online: true, pattern: 'FANDUEL ON TORONTO ON' }),
  // Donations
  m('CanadaHelps', 'CANADAHELPS', 'donation', 'Other', 'Donations', 10, 150, { online: true, pattern: 'CANADAHELPS.ORG TORONTO ON' }),
  m('Centraide', 'CENTRAIDE', 'donation', 'Other', 'Donations', 10, 150, { provinces: QC, online: true, pattern: 'CENTRAIDE DU GRAND MONTREAL QC' }),
  m('Red Cross', 'CANADIAN RED CROSS', 'donation', 'Other', 'Donations', 10, 150, { online: true, pattern: 'CANADIAN RED CROSS OTTAWA ON' }),
  // Business spending
  m('Staples', 'STAPLES', 'bizsupplies', 'Shopping', 'Office Supplies', 20, 900, { provinces: NOT_QC, store: true }),
  m('Bureau en Gros', 'BUREAU EN GROS', 'bizsupplies', 'Shopping', 'Office Supplies', 20, 900, { provinces: QC, store: true }),
  m('Costco Business Centre', 'COSTCO BUSINESS CTR', 'bizsupplies', 'Shopping', 'Business Supplies', 80, 1800, { pattern: 'COSTCO BUSINESS CTR W{store} {city} {prov}' }),
  m('Uline', 'ULINE CANADA', 'bizsupplies', 'Shopping', 'Business Supplies', 60, 1500, { online: true, pattern: 'ULINE CANADA MILTON ON' }),
  m('Grand & Toy', 'GRAND & TOY', 'bizsupplies', 'Shopping', 'Office Supplies', 30, 700, { online: true, pattern: 'GRAND & TOY VAUGHAN ON' }),
  m('Home Depot', 'THE HOME DEPOT', 'bizsupplies', 'Shopping', 'Home Improvement', 40, 1600, { pattern: 'THE HOME DEPOT #{store} {city} {prov}' }),
  m('Meta Ads', 'FACEBK', 'bizads', 'Other', 'Advertising', 50, 1500, { online: true, pattern: 'FACEBK *{ref} fb.me/ads IE' }),
  m('Google Ads', 'GOOGLE ADS', 'bizads', 'Other', 'Advertising', 50, 1500, { online: true, pattern: 'GOOGLE*ADS{ref} cc@google.com NS' }),
  m('LinkedIn', 'LINKEDIN', 'bizads', 'Other', 'Advertising', 40, 900, { online: true, pattern: 'LINKEDIN {ref} 855-655-5653 CA' }),
  m('Air Canada', 'AIR CANADA', 'biztravel', 'Transportation', 'Travel', 180, 1400, { online: true, pattern: 'AIR CANADA 014{ref} WINNIPEG MB' }),
  m('WestJet', 'WESTJET', 'biztravel', 'Transportation', 'Travel', 150, 1100, { online: true, pattern: 'WESTJET AIR{ref} CALGARY AB' }),
  m('VIA Rail', 'VIA RAIL', 'biztravel', 'Transportation', 'Travel', 60, 450, { online: true, pattern: 'VIA RAIL CANADA MONTREAL QC' }),
  m('Marriott', 'MARRIOTT', 'biztravel', 'Transportation', 'Travel', 180, 900, { pattern: 'MARRIOTT {city} {prov}' }),
  m('Enterprise', 'ENTERPRISE RENT-A-CAR', 'biztravel', 'Transportation', 'Travel', 90, 600, { pattern: 'ENTERPRISE RENT-A-CAR {city} {prov}' }),
];

/** Merchants of a group that operate in a province. */
export function merchantsFor(group: SpendGroup, province: string): Merchant[] {
  return MERCHANTS.filter((x) => x.group === group && (!x.provinces || x.provinces.includes(province)));
}

/** A subscription or membership billed monthly on the credit card at a fixed price. */
export interface Subscription {
  name: string;
  print: string;
  category: Category;
  subCategory: string;
  prices: readonly number[];
  provinces?: readonly string[];
}

function s(name: string, print: string, category: Category, subCategory: string, prices: readonly number[], provinces?: readonly string[]): Subscription {
  return { name, print, category, subCategory, prices: prices.map((p) => Math.round(p * 100)), ...(provinces ? { provinces } : {}) };
}

export const SUBSCRIPTIONS: readonly Subscription[] = [
  s('Netflix', 'NETFLIX.COM 866-579-7172 CA', 'Entertainment', 'Streaming', [7.99, 18.99, 23.99]),
  s('Spotify', 'SPOTIFY P{ref} STOCKHOLM SE', 'Entertainment', 'Music', [11.99, 16.99, 19.99]),
  s('Disney+', 'DISNEY PLUS 888-905-7888 CA', 'Entertainment', 'Streaming', [8.99, 14.99]),
  s('Crave', 'CRAVE 877-275-0144 ON', 'Entertainment', 'Streaming', [9.99, 22.0]),
  s('Apple', 'APPLE.COM/BILL 866-712-7753 ON', 'Entertainment', 'Digital Services', [1.39, 4.19, 14.69]),
  s('YouTube Premium', 'GOOGLE *YouTubePremium g.co/helppay#', 'Entertainment', 'Streaming', [13.99]),
  s('Amazon Prime', 'AMAZON PRIME*{ref} AMAZON.CA ON', 'Shopping', 'Memberships', [9.99]),
  s('Google One', 'GOOGLE *Google One g.co/helppay#', 'Other', 'Software', [2.79, 3.99]),
  s('Xbox Game Pass', 'MICROSOFT*XBOX MSBILL.INFO', 'Entertainment', 'Gaming', [16.99]),
  s('GoodLife Fitness', 'GOODLIFE CLUBS LONDON ON', 'Health', 'Fitness', [44.99, 59.99], ['ON', 'BC', 'AB', 'SK', 'MB', 'NS', 'NB', 'NL', 'PE']),
  s('Energie Cardio', 'ENERGIE CARDIO MONTREAL QC', 'Health', 'Fitness', [39.99, 54.99], ['QC']),
  s('Planet Fitness', 'PLANET FITNESS {city} {prov}', 'Health', 'Fitness', [15.0, 29.99]),
];

export const BUSINESS_SOFTWARE: readonly Subscription[] = [
  s('Google Workspace', 'GOOGLE *GSUITE_{ref} CC@GOOGLE.COM', 'Other', 'Software', [22.4, 44.8, 89.6]),
  s('Microsoft 365', 'MSFT *<E0500{ref}> MSBILL.INFO', 'Other', 'Software', [16.8, 33.6, 67.2]),
  s('Adobe', 'ADOBE *ACROPRO SUBS 800-833-6687 CA', 'Other', 'Software', [29.99, 94.99]),
  s('QuickBooks', 'INTUIT *QBOOKS ONLINE 800-446-8848 CA', 'Other', 'Software', [38.0, 65.0]),
  s('Zoom', 'ZOOM.US 888-799-9666 CA', 'Other', 'Software', [19.99, 29.99]),
  s('Shopify', 'SHOPIFY* {ref} SHOPIFY.COM ON', 'Other', 'Software', [39.0, 105.0]),
  s('Amazon Web Services', 'AWS EMEA AWS.AMAZON.CO LU', 'Other', 'Software', [48.0, 160.0]),
  s('Dropbox', 'DROPBOX*{ref} DROPBOX.COM CA', 'Other', 'Software', [15.0, 24.0]),
];
