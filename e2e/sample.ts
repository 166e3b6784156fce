/** A deterministic messy customer table for the end-to-end specs: stray spaces, city spellings, thousands separators, duplicates. */

const FIRST = ['Alice', 'Bob', 'Carol', 'Dan', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj'];
const LAST = ['Smith', 'Jones', 'White', 'Brown', 'Black', 'Green', 'Hall', 'King', 'Lee', 'Moore'];
const CITY = ['New York', 'new york', 'New York', 'Boston', 'boston', 'Chicago', 'Chicago', 'chicago', 'Seattle'];

function csvField(s: string): string {
  return /[",\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `rows` data rows; every 25th row repeats the row before it exactly. */
export function messyCustomers(rows: number): string {
  const lines = ['id,name,email,city,amount,joined'];
  let prev: string[] = [];
  for (let i = 1; i <= rows; i++) {
    if (i % 25 === 0 && prev.length) {
      lines.push([String(i), ...prev.slice(1)].map(csvField).join(','));
      continue;
    }
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i * 7) % LAST.length]!;
    const name = i % 5 === 1 ? `  ${first} ${last} ` : `${first} ${last}`;
    const email = `${first}.${last}${i}@example.com`.toLowerCase();
    const city = CITY[(i * 5) % CITY.length]!;
    const amount = i % 4 === 0 ? `${(i * 37) % 9}.${String(i % 100).padStart(2, '0')}` : i % 9 === 0 ? '' : `${((i * 131) % 1800) + 1},${String((i * 17) % 1000).padStart(3, '0')}.50`;
    const joined = `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    prev = [String(i), name, email, city, amount, joined];
    lines.push(prev.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
