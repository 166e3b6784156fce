/** PII end to end: profile flags personal data per column; core/mask and core/hash hand the data on without it. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetProfile } from '../../src/shared/profile.js';
import type { Report } from '../../src/shared/report.js';
import { cli, scratch } from './helpers.js';

let dir = '';
const CSV = [
  'name,email,phone,card,ssn,iban,note',
  'Ann Lee,ann@example.com,+1 (555) 123-4567,4111 1111 1111 1111,123-45-6789,GB82 WEST 1234 5698 7654 32,call after 5',
  'Bob Ray,bob@example.org,+44 20 7946 0958,5555 5555 5555 4444,078-05-1120,DE89 3704 0044 0532 0130 00,mail bob@example.org',
  'Cy Wu,cy@example.net,020 7946 0959,3782 822463 10005,219-09-9999,NL91ABNA0417164300,none',
  'Di Ko,di@example.com,+49 30 1234567,6011 1111 1111 1117,457-55-5462,FR14 2004 1010 0505 0001 3M02 606,-',
].join('\n') + '\n';

beforeAll(async () => {
  dir = await scratch('ds-pii-');
  await writeFile(join(dir, 'people.csv'), CSV);
});

describe('PII', () => {
  it('profile flags each column with its kind of personal data, in JSON and in the table', async () => {
    const r = await cli(['profile', 'people.csv', '--json', '--quiet'], { cwd: dir });
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as DatasetProfile;
    const pii = Object.fromEntries(p.columns.map((c) => [c.name, c.pii ?? []]));
    expect(pii).toEqual({
      name: [],
      email: [{ kind: 'email', share: 1 }],
      phone: [{ kind: 'phone', share: 1 }],
      card: [{ kind: 'credit-card', share: 1 }],
      ssn: [{ kind: 'national-id', share: 1 }],
      iban: [{ kind: 'iban', share: 1 }],
      note: [{ kind: 'email', share: 0.25 }],
    });
    const table = await cli(['profile', 'people.csv', '--quiet'], { cwd: dir });
    const lines = table.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('column'))!;
    expect(header).toMatch(/\bpii\b/);
    const at = header.indexOf('pii');
    const cell = (col: string): string => lines.find((l) => l.startsWith(`${col} `))!.slice(at).split(/\s{2,}/)[0]!;
    expect(cell('card')).toBe('credit-card 100.0%');
    expect(cell('ssn')).toBe('national-id 100.0%');
    expect(cell('note')).toBe('email 25.0%');
  });

  it('mask and hash remove it: the cleaned profile no longer flags those columns', async () => {
    const plan = {
      version: 1, salt: 'team-secret-2f9c',
      operations: [
        { id: 'm-card', op: 'core/mask', column: 'card', params: { keepLast: 4 } },
        { id: 'm-ssn', op: 'core/mask', column: 'ssn', params: { keepLast: 0, keepSeparators: true } },
        { id: 'h-email', op: 'core/hash', column: 'email', params: { length: 16 } },
        { id: 'h-iban', op: 'core/hash', column: 'iban' },
      ],
      dedupe: { mode: 'off', columns: [] },
    };
    await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
    const r = await cli(['clean', 'people.csv', '--plan', 'plan.json', '--out', 'out.csv', '--quiet', '--store', 'cat.db'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = (await readFile(join(dir, 'out.csv'), 'utf8')).trim().split('\n').map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '')));
    expect(rows[1]!.slice(3, 5)).toEqual(['**** **** **** 1111', '***-**-****']);
    expect(rows[1]![1]).toMatch(/^h:[0-9a-f]{16}$/);
    expect(rows[1]![5]).toMatch(/^h:[0-9a-f]{16}$/);
    const report = JSON.parse(await readFile(join(dir, 'out.report.json'), 'utf8')) as Report;
    const after = Object.fromEntries(report.columns.map((c) => [c.name, c.after?.pii ?? []]));
    expect(after['card']).toEqual([]);
    expect(after['ssn']).toEqual([]);
    expect(after['email']).toEqual([]);
    expect(after['iban']).toEqual([]);
    expect(after['phone']).toEqual([{ kind: 'phone', share: 1 }]);
    expect(report.operations.map((o) => [o.id, o.changed])).toEqual([['m-card', 4], ['m-ssn', 4], ['h-email', 4], ['h-iban', 4]]);
    // Same salt, same digests: a re-run (or another file) joins on them.
    const again = await cli(['clean', 'people.csv', '--plan', 'plan.json', '--out', 'again.csv', '--quiet', '--store', 'cat.db'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(await readFile(join(dir, 'again.csv'), 'utf8')).toBe(await readFile(join(dir, 'out.csv'), 'utf8'));
  });

  it('refuses to hash without a salt', async () => {
    await writeFile(join(dir, 'nosalt.json'), JSON.stringify({ version: 1, salt: '', operations: [{ id: 'h', op: 'core/hash', column: 'email' }], dedupe: { mode: 'off', columns: [] } }));
    const r = await cli(['clean', 'people.csv', '--plan', 'nosalt.json', '--out', 'nosalt.csv', '--quiet', '--store', 'cat.db'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr.trim()).toBe('data-sanitizer: core/hash on "email" needs a salt: set the plan\'s salt (or pass --salt); unsalted hashes of short values can be reversed by trying them all');
  });
});
