/** Person-name vocabulary: formal first names with their nicknames, surnames and email domains. */

/** A formal first name and the nicknames people actually enter instead (Robert → Bob, Rob). */
export interface FirstName {
  readonly name: string;
  readonly nicknames: readonly string[];
}

const WITH_NICKNAMES: ReadonlyArray<readonly [string, string]> = [
  ['Robert', 'Bob Rob Bobby'], ['William', 'Bill Will Billy'], ['Richard', 'Rick Dick Rich'],
  ['James', 'Jim Jimmy Jamie'], ['John', 'Jack Johnny'], ['Michael', 'Mike Mikey'],
  ['Elizabeth', 'Liz Beth Betty Eliza'], ['Katherine', 'Kate Kathy Katie'], ['Margaret', 'Peggy Maggie Meg'],
  ['Jennifer', 'Jen Jenny'], ['Christopher', 'Chris'], ['Daniel', 'Dan Danny'], ['Matthew', 'Matt'],
  ['Anthony', 'Tony'], ['Joseph', 'Joe Joey'], ['Thomas', 'Tom Tommy'], ['Charles', 'Charlie Chuck'],
  ['Edward', 'Ed Eddie Ted'], ['Patricia', 'Pat Patty Trish'], ['Susan', 'Sue Susie'], ['Deborah', 'Deb Debbie'],
  ['Rebecca', 'Becky Becca'], ['Alexander', 'Alex Xander'], ['Nicholas', 'Nick Nicky'], ['Samantha', 'Sam Sammy'],
  ['Steven', 'Steve'], ['Andrew', 'Andy Drew'], ['Jonathan', 'Jon'], ['Timothy', 'Tim Timmy'], ['Benjamin', 'Ben Benny'],
  ['Victoria', 'Vicky Tori'], ['Jessica', 'Jess Jessie'], ['Abigail', 'Abby'], ['Gregory', 'Greg'], ['Kenneth', 'Ken Kenny'],
  ['Ronald', 'Ron Ronnie'], ['Donald', 'Don Donnie'], ['Raymond', 'Ray'], ['Lawrence', 'Larry'], ['Gerald', 'Jerry'],
  ['Theodore', 'Ted Teddy Theo'], ['Frederick', 'Fred Freddie'], ['Harold', 'Harry Hal'], ['Henry', 'Hank Harry'],
  ['Zachary', 'Zach Zack'], ['Jacob', 'Jake'], ['Joshua', 'Josh'], ['Samuel', 'Sam Sammy'], ['Natalie', 'Nat'],
  ['Alexandra', 'Alex Lexi Sandra'], ['Cynthia', 'Cindy'], ['Dorothy', 'Dot Dottie'], ['Barbara', 'Barb Barbie'],
  ['Pamela', 'Pam'], ['Kimberly', 'Kim'], ['Stephanie', 'Steph'], ['Christina', 'Tina Chris'], ['Jacqueline', 'Jackie'],
  ['Madeline', 'Maddie'], ['Allison', 'Ally Allie'], ['Francisco', 'Paco Frank'], ['Guillermo', 'Memo'],
  ['Alejandro', 'Alex Ale'], ['Margarita', 'Rita'], ['Giuseppe', 'Beppe'], ['Aleksandr', 'Sasha'],
];

const WITHOUT_NICKNAMES = [
  'Maria', 'José', 'Zoë', 'Aaliyah', 'Wei', 'Priya', 'Mohammed', 'Fatima', 'Olivia', 'Emma', 'Liam', 'Noah', 'Sophia',
  'Mia', 'Ethan', 'Ava', 'Lucas', 'Chloé', 'Hiroshi', 'Yuki', 'Sean', 'Siobhán', 'Björn', 'Anaïs', 'Mateo', 'Camila',
  'Diego', 'Lucía', 'Aisha', 'Omar', 'Ngozi', 'Kwame', 'Mei', 'Arjun', 'Ananya', 'Ji-woo', 'Min-jun', 'Thanh', 'Linh',
  'Isabella', 'Grace', 'Hannah', 'Emily', 'Sarah', 'Laura', 'Rachel', 'Megan', 'Lauren', 'Brian', 'Kevin', 'Jason',
  'Eric', 'Mark', 'Paul', 'Scott', 'Adam', 'Ryan', 'Tyler', 'Brandon', 'Dylan', 'Logan', 'Chelsea', 'Heather',
  'Amanda', 'Nicole', 'Brittany', 'Monique', 'DeShawn', 'Jamal', 'Imani', 'Keisha', 'Gabriel', 'Rafael', 'Valentina',
  'Santiago', 'Ximena', 'Élodie', 'François', 'Søren', 'Ingrid', 'Dmitri', 'Olga', 'Tariq', 'Layla', 'Yusuf', 'Noor',
];

export const FIRST_NAMES: readonly FirstName[] = [
  ...WITH_NICKNAMES.map(([name, nicks]) => ({ name, nicknames: nicks.split(' ') })),
  ...WITHOUT_NICKNAMES.map((name) => ({ name, nicknames: [] })),
];

/** Nickname or formal name → the formal entry it belongs to (first match wins for shared nicknames). */
export const FORMAL_OF: ReadonlyMap<string, FirstName> = (() => {
  const m = new Map<string, FirstName>();
  for (const f of FIRST_NAMES) {
    for (const n of f.nicknames) if (!m.has(n)) m.set(n, f);
  }
  return m;
})();

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera',
  'Campbell', 'Mitchell', 'Carter', 'Roberts', "O'Brien", "O'Connor", 'McDonald', 'MacLeod', 'Smith-Jones', 'García',
  'Müller', 'Schmidt', 'van der Berg', 'De La Cruz', 'St. John', 'Kowalski', 'Nowak', 'Novák', 'Dubois', 'Tremblay',
  'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Singh', 'Patel', 'Kim', 'Park', 'Chen', 'Wang', 'Li', 'Zhang', 'Liu',
  'Yamamoto', 'Tanaka', 'Okafor', 'Mensah', 'Haddad', 'Cohen', 'Levi', 'Rossi', 'Russo', 'Ferrari', 'Ivanov', 'Petrov',
  'Andersson', 'Johansson', 'Nielsen', 'Hansen', 'Murphy', 'Kelly', 'Sullivan', 'Walsh', 'Byrne', 'Ryan', 'Fischer',
  'Weber', 'Becker', 'Hoffmann', 'Schneider', 'Santos', 'Oliveira', 'Pereira', 'Costa', 'Almeida', 'Kaur', 'Sharma',
  'Gupta', 'Khan', 'Ali', 'Hussain', 'Ahmed', 'Rahman', 'Tran', 'Pham', 'Hoang', 'Vu', 'Brooks', 'Reed', 'Cook',
  'Morgan', 'Bell', 'Murphy-Diaz', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross', 'Henderson', 'Coleman', 'Jenkins',
];

/** Consumer mail providers weighted by rough market share, then a few company domains. */
export const EMAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'yahoo.com',
  'outlook.com', 'outlook.com', 'hotmail.com', 'hotmail.com', 'icloud.com', 'aol.com', 'comcast.net', 'proton.me',
  'acmecorp.com', 'globex.com', 'initech.com', 'umbrella.co', 'hooli.com', 'example.org',
];

export const EMAIL_DOMAINS_CA: readonly string[] = [
  'gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.ca', 'rogers.com', 'shaw.ca',
  'sympatico.ca', 'videotron.ca',
];

/** Domain misspellings seen in real sign-up forms, used by near-duplicate edits. */
export const DOMAIN_TYPOS: ReadonlyMap<string, readonly string[]> = new Map([
  ['gmail.com', ['gmial.com', 'gmail.co', 'gmai.com', 'gmail.con', 'gnail.com']],
  ['yahoo.com', ['yaho.com', 'yahoo.co', 'yahooo.com']],
  ['hotmail.com', ['hotmial.com', 'hotmail.co', 'hotmal.com']],
  ['outlook.com', ['outlok.com', 'outlook.co']],
  ['icloud.com', ['iclod.com', 'icloud.co']],
]);
