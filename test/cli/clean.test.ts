/** End to end through the CLI: every input and output format, the report invariant, the audit chain. */
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { FEBRL2_CSV } from '../fixtures/datasets/paths.js';
import { cli, duck, ROOT, scratch } from './helpers.js';
import { writeAllFormats } from './fixtures.js';

let dir = '';
let inputs: Record<string, string> = {};

beforeAll(async () => {
  dir = await scratch();
  inputs = await writeAllFormats(dir);
});

describe('clean: every input format to every output format', () => {
  for (const inFmt of ['csv', 'tsv', 'json', 'jsonl', 'parquet', 'xlsx']) {
    for (const outFmt of ['csv', 'parquet', 'jsonl']) {
      it(`${inFmt} → ${outFmt}`, async () => {
        const stem = `out-${inFmt}-${outFmt}`;
        const out = join(dir, `${stem}.${outFmt}`);
        const r = await cli(['clean', inputs[inFmt]!, '--out', out, '--quiet', '--store', join(dir, 'cat.db')], { cwd: dir });
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const report = JSON.parse(await readFile(join(dir, `${stem}.report.json`), 'utf8')) as Report;
        expect(report.rows.in).toBe(8);
        expect(report.rows.in).toBe(report.rows.out + report.rows.duplicates + report.rows.quarantined);
        expect(report.invariantHolds).toBe(true);
        // Row 4 repeats row 1 exactly (apart from its id, an identifier column).
        expect(report.rows.duplicates).toBeGreaterThanOrEqual(1);
        expect(existsSync(out)).toBe(true);
        const v = await cli(['verify', join(dir, `${stem}.audit.jsonl`)]);
        expect(v.code).toBe(0);
      });
    }
  }
});

describe('clean: the bundled sample', () => {
  it('writes typed Parquet, provenance, report and a verifiable audit log', async () => {
    const d = await scratch();
    const r = await cli(['clean', join(ROOT, 'resources/samples/customers.csv'), '--out', 'cleaned.parquet', '--duplicates', 'dups.csv', '--quiet', '--store', 'cat.db'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(join(d, 'cleaned.report.json'), 'utf8')) as Report;
    expect(report.rows.in).toBe(report.rows.out + report.rows.duplicates + report.rows.quarantined);
    expect(report.rows.duplicates).toBeGreaterThan(0);
    expect(report.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.planHash).toMatch(/^[0-9a-f]{64}$/);
    const count = await duck<{ n: string }>(`SELECT count(*) AS n FROM read_parquet('${join(d, 'cleaned.parquet')}')`);
    expect(Number(count[0]!.n)).toBe(report.rows.out);
    const types = await duck<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${join(d, 'cleaned.parquet')}')`);
    expect(types.some((t) => t.column_type === 'DATE')).toBe(true);
    expect(types.some((t) => t.column_type === 'BIGINT' || t.column_type === 'DOUBLE')).toBe(true);
    const prov = await duck<{ kind: string; n: string }>(`SELECT kind, count(*) AS n FROM read_parquet('${join(d, 'cleaned.provenance.parquet')}') GROUP BY kind`);
    const kinds = Object.fromEntries(prov.map((p) => [p.kind, Number(p.n)]));
    expect(kinds['cell']).toBeGreaterThan(0);
    expect(kinds['duplicate']).toBe(report.rows.duplicates);
    const dups = (await readFile(join(d, 'dups.csv'), 'utf8')).trimEnd().split('\n');
    expect(dups[0]).toBe('row,cluster,kept,similarity');
    expect(dups.slice(1).filter((l) => l.split(',')[2] === 'false')).toHaveLength(report.rows.duplicates);

    // A tampered copy of the audit log is rejected.
    const audit = await readFile(join(d, 'cleaned.audit.jsonl'), 'utf8');
    await writeFile(join(d, 'tampered.jsonl'), audit.replace('"status":"succeeded"', '"status":"failed"'));
    const t = await cli(['verify', join(d, 'tampered.jsonl')]);
    expect(t.code).toBe(3);
    expect(t.stderr).toMatch(/line \d+: hash chain broken/);

    const runs = await cli(['runs', '--store', 'cat.db'], { cwd: d });
    expect(runs.stdout).toMatch(/succeeded/);
  });
});

describe('determinism and idempotence', () => {
  it('same input + plan + salt gives byte-identical cleaned output and provenance', async () => {
    const d = await scratch();
    const args = (n: string): string[] => ['clean', inputs['csv']!, '--out', `${n}.parquet`, '--salt', 'pepper', '--quiet', '--store', 'cat.db'];
    expect((await cli(args('a'), { cwd: d })).code).toBe(0);
    expect((await cli(args('b'), { cwd: d })).code).toBe(0);
    expect(await readFile(join(d, 'a.parquet'))).toEqual(await readFile(join(d, 'b.parquet')));
    expect(await readFile(join(d, 'a.provenance.parquet'))).toEqual(await readFile(join(d, 'b.provenance.parquet')));
    expect(await readFile(join(d, 'a.quarantine.jsonl'))).toEqual(await readFile(join(d, 'b.quarantine.jsonl')));
  });

  it('cleaning a cleaned file with the same plan changes nothing', async () => {
    const d = await scratch();
    expect((await cli(['clean', inputs['csv']!, '--out', 'once.csv', '--plan-out', 'plan.json', '--quiet', '--store', 'cat.db'], { cwd: d })).code).toBe(0);
    const r = await cli(['clean', 'once.csv', '--out', 'twice.csv', '--plan', 'plan.json', '--quiet', '--store', 'cat.db'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(await readFile(join(d, 'twice.csv'), 'utf8')).toBe(await readFile(join(d, 'once.csv'), 'utf8'));
    const changed = await duck<{ n: string }>(`SELECT count(*) AS n FROM read_parquet('${join(d, 'twice.provenance.parquet')}') WHERE kind IN ('cell', 'duplicate', 'quarantine')`);
    expect(Number(changed[0]!.n)).toBe(0);
  });
});

describe('errors a user can cause', () => {
  it('names file, line and column for an unclosed quote, without a stack trace', async () => {
    const d = await scratch();
    await writeFile(join(d, 'bad.csv'), 'a,b\n1,2\n3,"oops\n4,5\n');
    const r = await cli(['clean', 'bad.csv', '--out', 'x.csv', '--store', 'cat.db'], { cwd: d });
    expect(r.code).toBe(65);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.csv.*line 3.*column/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(await readdir(d)).not.toContain('x.csv');
  });

  it('quarantines ragged rows with their line numbers', async () => {
    const d = await scratch();
    await writeFile(join(d, 'ragged.csv'), 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    const r = await cli(['clean', 'ragged.csv', '--out', 'x.csv', '--quiet', '--store', 'cat.db'], { cwd: d });
    expect(r.code).toBe(0);
    const q = (await readFile(join(d, 'x.quarantine.jsonl'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { row: number; line: number; raw: string });
    expect(q.map((x) => [x.row, x.line])).toEqual([[2, 3], [3, 4]]);
    expect(q[1]!.raw).toBe('6,7,8,9');
    const report = JSON.parse(await readFile(join(d, 'x.report.json'), 'utf8')) as Report;
    expect(report.rows).toEqual({ in: 4, out: 2, duplicates: 0, quarantined: 2 });
  });

  it('reports a missing input and refuses to overwrite without --force', async () => {
    const d = await scratch();
    const missing = await cli(['clean', 'nope.csv', '--out', 'x.csv', '--store', 'cat.db'], { cwd: d });
    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(/nope\.csv/);
    await writeFile(join(d, 'x.csv'), 'keep me');
    const exists = await cli(['clean', inputs['csv']!, '--out', 'x.csv', '--store', 'cat.db'], { cwd: d });
    expect(exists.code).toBe(73);
    expect(await readFile(join(d, 'x.csv'), 'utf8')).toBe('keep me');
    const forced = await cli(['clean', inputs['csv']!, '--out', 'x.csv', '--force', '--quiet', '--store', 'cat.db'], { cwd: d });
    expect(forced.code).toBe(0);
  });

  it('lists every plan error by operation index', async () => {
    const d = await scratch();
    await writeFile(join(d, 'plan.json'), JSON.stringify({
      version: 1, salt: '', dedupe: { mode: 'exact', columns: [] },
      operations: [
        { id: 'a', op: 'core/trim', column: 'name', params: { collapse: true } },
        { id: 'b', op: 'core/trim', column: 'no_such_column', params: { collapse: true } },
        { id: 'c', op: 'core/rule', column: 'city', params: { rule: { kind: 'pattern', pattern: '([' }, action: 'flag' } },
      ],
    }));
    const r = await cli(['clean', inputs['csv']!, '--out', 'x.csv', '--plan', 'plan.json', '--store', 'cat.db'], { cwd: d });
    expect(r.code).toBe(65);
    expect(r.stderr).toMatch(/operations\[1\]/);
    expect(r.stderr).toMatch(/operations\[2\]/);
    expect(r.stderr).not.toMatch(/operations\[0\]/);
  });
});

describe('profile', () => {
  const febrl2 = FEBRL2_CSV;
  it.skipIf(!existsSync(febrl2))('gives a sensible profile of FEBRL2', async () => {
    const r = await cli(['profile', febrl2, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as { rows: number; columns: { name: string; inferred: string; dateFormats?: string[] }[] };
    expect(p.rows).toBe(5000);
    const col = (n: string) => p.columns.find((c) => c.name === n)!;
    expect(col('rec_id').inferred).toBe('identifier');
    expect(col('date_of_birth').inferred).toBe('date');
    expect(col('given_name').inferred).not.toBe('identifier');
  });
});
