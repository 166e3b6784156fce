/** Place vocabulary: states/provinces with aliases, cities with zip prefixes and area codes, streets. */

export type CountryCode = 'US' | 'CA';

/** A state or province: the canonical code first, then the spellings people type for it. */
export interface Region {
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

export interface City {
  readonly name: string;
  /** Informal spellings (NYC, SF, Saint Louis) that a cleaner should map back to `name`. */
  readonly aliases: readonly string[];
  readonly region: Region;
  readonly country: CountryCode;
  /** US: first three zip digits. CA: first three postal-code characters (forward sortation area). */
  readonly postalPrefix: string;
  readonly areaCodes: readonly number[];
  /** Relative population weight. */
  readonly weight: number;
}

const REGIONS: Record<string, Region> = {};
function region(code: string, name: string, ...aliases: string[]): Region {
  const r = { code, name, aliases };
  REGIONS[code] = r;
  return r;
}

const NY = region('NY', 'New York', 'N.Y.', 'NewYork');
const CA = region('CA', 'California', 'Calif.', 'Cal.', 'Cali');
const IL = region('IL', 'Illinois', 'Ill.');
const TX = region('TX', 'Texas', 'Tex.', 'Tx.');
const AZ = region('AZ', 'Arizona', 'Ariz.');
const PA = region('PA', 'Pennsylvania', 'Penn.', 'Pa.');
const FL = region('FL', 'Florida', 'Fla.');
const OH = region('OH', 'Ohio', 'O.H.');
const NC = region('NC', 'North Carolina', 'N.C.', 'N. Carolina');
const IN = region('IN', 'Indiana', 'Ind.');
const WA = region('WA', 'Washington', 'Wash.');
const CO = region('CO', 'Colorado', 'Colo.');
const MA = region('MA', 'Massachusetts', 'Mass.');
const TN = region('TN', 'Tennessee', 'Tenn.');
const MI = region('MI', 'Michigan', 'Mich.');
const OR = region('OR', 'Oregon', 'Ore.');
const NV = region('NV', 'Nevada', 'Nev.');
const GA = region('GA', 'Georgia', 'Ga.');
const MN = region('MN', 'Minnesota', 'Minn.');
const MO = region('MO', 'Missouri', 'Mo.');
const LA = region('LA', 'Louisiana', 'La.');
const UT = region('UT', 'Utah', 'Ut.');
const NJ = region('NJ', 'New Jersey', 'N.J.');
const RI = region('RI', 'Rhode Island', 'R.I.');
const HI = region('HI', 'Hawaii', "Hawai'i");
const MD = region('MD', 'Maryland', 'Md.');
const WI = region('WI', 'Wisconsin', 'Wis.');
const ON = region('ON', 'Ontario', 'Ont.');
const QC = region('QC', 'Quebec', 'Québec', 'PQ', 'Que.');
const BC = region('BC', 'British Columbia', 'B.C.');
const AB = region('AB', 'Alberta', 'Alta.');
const MB = region('MB', 'Manitoba', 'Man.');
const NS = region('NS', 'Nova Scotia', 'N.S.');

function city(
  name: string, aliases: string[], r: Region, country: CountryCode, postalPrefix: string, areaCodes: number[], weight: number,
): City {
  return { name, aliases, region: r, country, postalPrefix, areaCodes, weight };
}

export const CITIES: readonly City[] = [
  city('New York', ['NYC', 'New York City', 'Manhattan'], NY, 'US', '100', [212, 646, 917], 90),
  city('Brooklyn', ['Bklyn'], NY, 'US', '112', [718, 347], 30),
  city('Los Angeles', ['LA', 'L.A.'], CA, 'US', '900', [213, 310, 323], 45),
  city('San Francisco', ['SF', 'San Fran'], CA, 'US', '941', [415, 628], 20),
  city('San Diego', [], CA, 'US', '921', [619, 858], 16),
  city('San Jose', [], CA, 'US', '951', [408, 669], 12),
  city('Chicago', ['Chi-town'], IL, 'US', '606', [312, 773, 872], 32),
  city('Houston', [], TX, 'US', '770', [713, 281, 832], 28),
  city('Dallas', [], TX, 'US', '752', [214, 469, 972], 16),
  city('Austin', [], TX, 'US', '787', [512, 737], 12),
  city('San Antonio', ['San Antonio TX'], TX, 'US', '782', [210, 726], 14),
  city('Phoenix', [], AZ, 'US', '850', [602, 480, 623], 18),
  city('Tucson', [], AZ, 'US', '857', [520], 6),
  city('Philadelphia', ['Philly', 'Phila.'], PA, 'US', '191', [215, 267], 18),
  city('Pittsburgh', ['Pittsburg'], PA, 'US', '152', [412], 6),
  city('Miami', [], FL, 'US', '331', [305, 786], 10),
  city('Jacksonville', [], FL, 'US', '322', [904], 9),
  city('Columbus', [], OH, 'US', '432', [614], 9),
  city('Cleveland', [], OH, 'US', '441', [216], 5),
  city('Charlotte', [], NC, 'US', '282', [704, 980], 9),
  city('Indianapolis', ['Indy'], IN, 'US', '462', [317], 9),
  city('Seattle', [], WA, 'US', '981', [206], 11),
  city('Denver', [], CO, 'US', '802', [303, 720], 11),
  city('Boston', [], MA, 'US', '021', [617, 857], 10),
  city('Nashville', ['Nashville-Davidson'], TN, 'US', '372', [615, 629], 7),
  city('Memphis', [], TN, 'US', '381', [901], 6),
  city('Detroit', [], MI, 'US', '482', [313], 6),
  city('Portland', [], OR, 'US', '972', [503, 971], 7),
  city('Las Vegas', ['Vegas'], NV, 'US', '891', [702, 725], 8),
  city('Atlanta', ['ATL'], GA, 'US', '303', [404, 678, 470], 8),
  city('Minneapolis', [], MN, 'US', '554', [612], 5),
  city('St. Louis', ['Saint Louis', 'St Louis'], MO, 'US', '631', [314], 4),
  city('New Orleans', ['NOLA'], LA, 'US', '701', [504], 4),
  city('Salt Lake City', ['SLC', 'Salt Lake'], UT, 'US', '841', [801, 385], 3),
  city('Newark', [], NJ, 'US', '071', [973, 862], 4),
  city('Providence', [], RI, 'US', '029', [401], 3),
  city('Honolulu', [], HI, 'US', '968', [808], 3),
  city('Baltimore', [], MD, 'US', '212', [410, 443], 6),
  city('Milwaukee', [], WI, 'US', '532', [414], 5),
  city('Toronto', ['TO', 'Tdot'], ON, 'CA', 'M5V', [416, 647], 14),
  city('Ottawa', [], ON, 'CA', 'K1P', [613, 343], 4),
  city('Montreal', ['Montréal', 'Montreal QC'], QC, 'CA', 'H2X', [514, 438], 8),
  city('Vancouver', ['Van'], BC, 'CA', 'V6B', [604, 778], 6),
  city('Calgary', [], AB, 'CA', 'T2P', [403, 587], 4),
  city('Edmonton', [], AB, 'CA', 'T5J', [780, 587], 3),
  city('Winnipeg', [], MB, 'CA', 'R3C', [204, 431], 2),
  city('Halifax', [], NS, 'CA', 'B3H', [902, 782], 1),
];

export const CITY_WEIGHTS: readonly number[] = CITIES.map((c) => c.weight);

/** Country spellings seen in customer tables; index 0 is canonical. 'CA' deliberately collides with California. */
export const COUNTRY_ALIASES: Record<CountryCode, readonly string[]> = {
  US: ['United States', 'USA', 'U.S.A.', 'us', 'US', 'U.S.', 'United States of America', 'usa', 'America', 'United states'],
  CA: ['Canada', 'CA', 'CAN', 'canada', 'CANADA', 'Can.'],
};

export const STREET_NAMES: readonly string[] = [
  'Main', 'Oak', 'Maple', 'Pine', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset', 'Lincoln', 'Jefferson',
  'Madison', 'Franklin', 'Highland', 'Church', 'Mill', 'River', 'Spring', 'Ridge', 'Forest', 'Meadow', 'Chestnut',
  'Walnut', 'Willow', '1st', '2nd', '3rd', '4th', '5th', '10th', '42nd', 'Market', 'Union', 'Center', 'King', 'Queen',
  'Victoria', 'Dundas', 'Yonge', 'Martin Luther King Jr', 'Broad', 'Cherry', 'Valley', 'Harbor', 'College', 'Mission',
];

/** Street types: the full word first, then the abbreviations (St./Street is the classic near-duplicate). */
export const STREET_TYPES: ReadonlyArray<readonly string[]> = [
  ['Street', 'St.', 'St', 'Str.'], ['Avenue', 'Ave.', 'Ave', 'Av.'], ['Road', 'Rd.', 'Rd'], ['Boulevard', 'Blvd.', 'Blvd'],
  ['Lane', 'Ln.', 'Ln'], ['Drive', 'Dr.', 'Dr'], ['Court', 'Ct.', 'Ct'], ['Place', 'Pl.', 'Pl'], ['Terrace', 'Ter.', 'Terr'],
  ['Parkway', 'Pkwy.', 'Pkwy'], ['Way', 'Wy'],
];
export const STREET_TYPE_WEIGHTS: readonly number[] = [40, 25, 12, 6, 5, 5, 2, 2, 1, 1, 1];

export const DIRECTIONS: ReadonlyArray<readonly string[]> = [
  ['North', 'N.', 'N'], ['South', 'S.', 'S'], ['East', 'E.', 'E'], ['West', 'W.', 'W'],
];

/** Unit designators: full, abbreviated, and the bare '#'. */
export const UNIT_TYPES: ReadonlyArray<readonly string[]> = [
  ['Apartment', 'Apt', 'Apt.', '#'], ['Suite', 'Ste', 'Ste.', '#'], ['Unit', 'Unit', '#'],
];
