/**
 * A deterministic messy customer table for the end-to-end specs: stray spaces, city spellings, thousands separators,
 * empty amounts, an outlier, exact duplicates and near duplicates with typos.
 */

const FIRST = ['Alice', 'Bob', 'Carol', 'Dan', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj'];
const LAST = ['Smith', 'Jones', 'White', 'Brown', 'Black', 'Green', 'Hall', 'King', 'Lee', 'Moore'];
const CITY = ['New York', 'new york', 'New York', 'Boston', 'boston', 'Chicago', 'Chicago', 'chicago', 'Seattle'];

function csvField(s: string): string {
  return /[",\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** 1234567 → '1,234,567'. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Drops the third letter of the first name: 'Mallory Lee' → 'Malory Lee'. */
function typo(name: string): string {
  const s = name.trim();
  return s.slice(0, 2) + s.slice(3);
}

/**
 * `rows` data rows. Every 25th row repeats the row before it exactly; every 40th (from row 13) repeats it with a typo
 * in the name and the city in lower case: a near duplicate.
 */
export function messyCustomers(rows: number): string {
  const lines = ['id,name,email,city,amount,joined'];
  let prev: string[] = [];
  for (let i = 1; i <= rows; i++) {
    if (i % 25 === 0 && prev.length) {
      lines.push([String(i), ...prev.slice(1)].map(csvField).join(','));
      continue;
    }
    if (i % 40 === 13 && prev.length) {
      const [, name = '', email = '', city = '', amount = '', joined = ''] = prev;
      lines.push([String(i), typo(name), email, city.toLowerCase(), amount, joined].map(csvField).join(','));
      continue;
    }
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const name = i % 5 === 1 ? `  ${first} ${last} ` : `${first} ${last}`;
    const email = `${first}.${last}${i}@example.com`.toLowerCase();
    const city = CITY[(i * 5) % CITY.length]!;
    const cents = String((i * 17) % 100).padStart(2, '0');
    const amount = i % 9 === 0 ? '' : i === 111 ? '9,999,999.00' : `${grouped(((i * 131) % 1800) + 20)}.${cents}`;
    const joined = `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    prev = [String(i), name, email, city, amount, joined];
    lines.push(prev.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
