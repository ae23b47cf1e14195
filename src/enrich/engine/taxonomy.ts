/**
 * The categories a transaction can get: the 16 primary categories Flinks documents
 * (docs.flinks.com/guides/enrich/transaction-categorization) and our sub-category taxonomy under each (the Flinks
 * sub-category list is not public; ours is documented in docs/attributes.md and served by
 * GET /BankingServices/Categories/{CA|US}).
 */

export const PRIMARY_CATEGORIES = [
  'Food & Dining', 'Health', 'Home', 'Income', 'Travel', 'Utilities', 'Insurance', 'Transfers',
  'Shopping', 'Entertainment', 'Education', 'Transportation', 'Financial', 'Personal', 'Business', 'Other',
] as const;
export type PrimaryCategory = (typeof PRIMARY_CATEGORIES)[number];

export interface SubCategoryInfo {
  name: string;
  description: string;
  /** Only in one country's list (US names differ for government programs). */
  country?: 'CA' | 'US';
}

export interface CategoryInfo {
  name: PrimaryCategory;
  description: string;
  subCategories: SubCategoryInfo[];
}

const s = (name: string, description: string, country?: 'CA' | 'US'): SubCategoryInfo => (country ? { name, description, country } : { name, description });

export const TAXONOMY: readonly CategoryInfo[] = [
  { name: 'Food & Dining', description: 'Restaurants, groceries and food delivery', subCategories: [
    s('Groceries', 'Supermarkets and grocery stores'), s('Warehouse Clubs', 'Costco and other warehouse stores'),
    s('Convenience Stores', 'Depanneurs, gas-station shops and corner stores'), s('Liquor Stores', 'Provincial liquor boards and beer stores'),
    s('Restaurants', 'Sit-down restaurants'), s('Fast Food', 'Quick-service restaurants'), s('Coffee Shops', 'Cafes and coffee chains'),
    s('Food Delivery', 'Delivery apps'), s('Bars', 'Pubs and bars'),
  ] },
  { name: 'Health', description: 'Medical, dental, pharmacy and fitness', subCategories: [
    s('Pharmacy', 'Drugstores'), s('Medical', 'Clinics, physiotherapy and other practitioners'), s('Dental', 'Dentists'),
    s('Vision', 'Optometrists and eyewear'), s('Fitness', 'Gyms and fitness memberships'),
  ] },
  { name: 'Home', description: 'Rent, mortgage, maintenance and furnishing', subCategories: [
    s('Rent', 'Residential rent'), s('Mortgage', 'Mortgage payments'), s('Property Tax', 'Municipal taxes'),
    s('Home Improvement', 'Hardware and renovation stores'), s('Furnishings', 'Furniture and home goods'), s('Commercial Rent', 'Rent of business premises'),
  ] },
  { name: 'Income', description: 'Salary, freelance, government benefits and refunds', subCategories: [
    s('Payroll', 'Salary and wages from an employer'), s('Government Benefits', 'EI, CCB, GST/HST credit, CPP/QPP, OAS, social assistance, workers compensation, pension, child support', 'CA'),
    s('Government Benefits', 'Social Security, unemployment, SNAP and other public benefits', 'US'),
    s('Tax Refund', 'Income tax refunds'), s('Gig Income', 'Payouts from gig platforms'), s('Freelance Income', 'Payments from clients'),
    s('Merchant Payouts', 'Card processor and marketplace payouts'), s('Customer Payments', 'Payments from business customers'),
    s('Interest Income', 'Interest earned'), s('Cash Deposits', 'Cash deposited at a branch or ATM'), s('Gambling Winnings', 'Money received from casinos, lotteries and betting sites'),
    s('Refunds', 'Merchant refunds'),
  ] },
  { name: 'Travel', description: 'Flights, hotels, car rental and public transit', subCategories: [
    s('Travel & Lodging', 'Trains, flights, hotels and car rental'), s('Public Transit', 'Buses, subways and transit passes'),
  ] },
  { name: 'Utilities', description: 'Electricity, gas, water, internet and phone', subCategories: [
    s('Electricity', 'Electric utilities'), s('Natural Gas', 'Gas utilities'), s('Water', 'Water and sewer'),
    s('Internet', 'Internet and cable'), s('Mobile Phone', 'Wireless carriers'), s('Internet & Phone', 'Bundled business telecom'),
  ] },
  { name: 'Insurance', description: 'Health, auto, home and life insurance', subCategories: [
    s('Auto Insurance', 'Vehicle insurance'), s('Home Insurance', 'Home and tenant insurance'), s('Life Insurance', 'Life and disability insurance'),
    s('Business Insurance', 'Commercial insurance'),
  ] },
  { name: 'Transfers', description: 'Bank and wire transfers, internal moves', subCategories: [
    s('Internal Transfer', 'Between the holder\'s own accounts'), s('Credit Card Payment', 'Payment of a credit card from another account'),
    s('Line of Credit Payment', 'Payment of a line of credit'), s('E-Transfer In', 'Interac e-Transfers received from people'),
    s('E-Transfer Out', 'Interac e-Transfers sent to people'), s('Owner Draw', 'Money taken out of a business by its owner'),
  ] },
  { name: 'Shopping', description: 'Retail, clothing, electronics and online', subCategories: [
    s('General Merchandise', 'Department and discount stores'), s('Online Shopping', 'Online marketplaces'), s('Clothing', 'Apparel'),
    s('Electronics', 'Electronics and computers'), s('Memberships', 'Shopping memberships'),
  ] },
  { name: 'Entertainment', description: 'Streaming, gaming, events and hobbies', subCategories: [
    s('Streaming', 'Video streaming'), s('Music', 'Music streaming'), s('Gaming', 'Video games'), s('Movies', 'Cinemas'),
    s('Events', 'Tickets'), s('Recreation', 'Bowling, sports and leisure'), s('Digital Services', 'App stores and digital subscriptions'),
    s('Casino', 'Casinos'), s('Lottery', 'Lotteries'), s('Online Betting', 'Online casinos and poker'), s('Sports Betting', 'Sportsbooks'),
  ] },
  { name: 'Education', description: 'Tuition, books, courses and student loans', subCategories: [
    s('Tuition', 'Schools and courses'), s('Student Loan', 'Student loan repayments'),
  ] },
  { name: 'Transportation', description: 'Gas, parking, auto maintenance and rideshare', subCategories: [
    s('Gas', 'Fuel'), s('Parking', 'Parking'), s('Auto Maintenance', 'Repairs, tires and oil changes'), s('Rideshare', 'Uber, Lyft and taxis'),
  ] },
  { name: 'Financial', description: 'Bank fees, interest, loans and investment contributions', subCategories: [
    s('Bank Fees', 'Monthly plan and account fees'), s('Interest Charges', 'Interest on credit cards and lines of credit'),
    s('Overdraft Interest', 'Interest on overdrafts'), s('NSF Fees', 'Non-sufficient-funds charges'), s('Stop Payment Fees', 'Stop-payment charges'),
    s('Late Fees', 'Late payment charges'), s('Returned Items', 'Payments reversed (returned) by the bank'),
    s('Auto Loan', 'Car loan and lease payments'), s('Payday Loan', 'Micro-lender and payday loan payments'), s('Personal Loan', 'Instalment and other loans'),
    s('Business Loan', 'Business loan payments'), s('Loan Deposits', 'Loan proceeds received'), s('ATM Withdrawals', 'Cash withdrawals'),
    s('Taxes', 'Payments to the tax authority'), s('Investments', 'Investment contributions'),
  ] },
  { name: 'Personal', description: 'Personal care, gifts, donations and subscriptions', subCategories: [
    s('Donations', 'Charities'), s('Personal Care', 'Salons and personal care'),
  ] },
  { name: 'Business', description: 'Office supplies, professional services and advertising', subCategories: [
    s('Advertising', 'Online advertising'), s('Software', 'Software and cloud subscriptions'), s('Suppliers', 'Payments to suppliers and contractors'),
    s('Payroll Expense', 'Payroll services paying staff'), s('Office Supplies', 'Office supply stores'), s('Business Supplies', 'Wholesale and packaging supplies'),
    s('Merchant Fees', 'Card processing fees'),
  ] },
  { name: 'Other', description: 'Uncategorized or miscellaneous', subCategories: [s('Uncategorized', 'Nothing identified the transaction')] },
];

/** "Primary/Sub" keys of every category pair, for the model's class list. */
export function categoryKey(primary: string, sub: string): string {
  return `${primary}/${sub}`;
}

const KNOWN = new Set(TAXONOMY.flatMap((c) => c.subCategories.map((x) => categoryKey(c.name, x.name))));

export function isKnownCategory(primary: string, sub: string): boolean {
  return KNOWN.has(categoryKey(primary, sub));
}

/** The taxonomy of one country, as GET /BankingServices/Categories/{CountryCode} serves it. */
export function taxonomyFor(country: 'CA' | 'US'): CategoryInfo[] {
  return TAXONOMY.map((c) => ({ ...c, subCategories: c.subCategories.filter((x) => !x.country || x.country === country) }));
}
