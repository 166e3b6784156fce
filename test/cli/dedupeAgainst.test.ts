/** Through the CLI: --dataset records a run's rows, --against removes rows earlier runs already had (exact and near) and keeps new ones. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { writeCsv, type EvalTable } from '../../scripts/evalLib.js';
import { syntheticPeople } from '../../scripts/synthPeople.js';
import { cli, duck, scratch } from './helpers.js';

let dir = '';
let first: EvalTable;
let firstReport: Report;
/** Rows of the second file: exact copies, near copies (one typo) of kept first-run rows, then new people. */
const exactFrom: number[] = [];
const nearFrom: number[] = [];
let newRows = 0;

async function report(stem: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, `${stem}.report.json`), 'utf8')) as Report;
}

/** A letter changed in the middle of the surname. */
function typo(s: string): string {
  const i = Math.floor(s.length / 2);
  return s.slice(0, i) + (s[i] === 'x' ? 'q' : 'x') + s.slice(i + 1);
}

beforeAll(async () => {
  dir = await scratch('ds-against-');
  first = syntheticPeople(1200, 'first');
  await writeCsv(first, join(dir, 'january.csv'));
  const r = await cli(['clean', 'january.csv', '--out', 'january.out.csv', '--duplicates', 'january.dups.csv', '--dataset', 'people', '--quiet', '--store', 'cat.db'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  firstReport = await report('january.out');
  const removed = new Set((await readFile(join(dir, 'january.dups.csv'), 'utf8')).trimEnd().split('\n').slice(1)
    .map((l) => l.split(',')).filter((c) => c[2] === 'false').map((c) => Number(c[0])));
  const keptRows = Array.from({ length: first.rows }, (_, i) => i + 1).filter((row) => !removed.has(row));
  const fresh = syntheticPeople(300, 'february-new');
  const second: EvalTable = { name: 'february', names: first.names, columns: first.names.map(() => []), rows: 0, truth: new Set() };
  const push = (values: (string | null)[]): void => {
    values.forEach((v, c) => second.columns[c]!.push(v));
    second.rows++;
  };
  const rowOf = (t: EvalTable, r: number): (string | null)[] => t.columns.map((c) => c[r - 1] ?? null);
  for (let i = 0; i < 40; i++) {
    const row = keptRows[i * 13] as number;
    exactFrom.push(row);
    push(rowOf(first, row));
  }
  for (let i = 0; i < 40; i++) {
    const row = keptRows[i * 17 + 5] as number;
    nearFrom.push(row);
    const v = rowOf(first, row);
    v[1] = typo(v[1] as string);
    push(v);
  }
  for (let r = 1; r <= fresh.rows; r++) push(rowOf(fresh, r));
  newRows = fresh.rows;
  await writeCsv(second, join(dir, 'february.csv'));
});

describe('clean --dataset / --against', () => {
  it('records the kept rows of a run', () => {
    expect(firstReport.duplicates.recorded).toEqual({ dataset: 'people', rows: firstReport.rows.out });
    expect(firstReport.duplicates.against).toBeUndefined();
  });

  it('removes exact and near repeats of earlier rows, pointing at the earlier run and row, and keeps new rows', async () => {
    const r = await cli(['clean', 'february.csv', '--out', 'february.out.csv', '--duplicates', 'february.dups.csv', '--against', 'people', '--store', 'cat.db'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seen in earlier runs of people: 80 (40 same key, 40 near)');
    const rep = await report('february.out');
    expect(rep.duplicates.against).toEqual({ dataset: 'people', earlierRuns: 1, exact: 40, near: 40, runs: [firstReport.runId] });
    expect(rep.rows.in).toBe(80 + newRows);
    expect(rep.rows.in).toBe(rep.rows.out + rep.rows.duplicates + rep.rows.quarantined);
    const prov = await duck<{ row: string; operation: string; survivor: string; confidence: number; reason: string }>(
      `SELECT row, operation, survivor, confidence, reason FROM read_parquet('${join(dir, 'february.out.provenance.parquet')}') WHERE kind = 'duplicate' ORDER BY row`);
    const against = prov.filter((p) => p.operation === 'dedupe/against');
    expect(against.map((p) => [Number(p.row), Number(p.survivor)])).toEqual([...exactFrom, ...nearFrom].map((from, i) => [i + 1, from]));
    for (const p of against) expect(p.reason).toContain(`run ${firstReport.runId}`);
    expect(against.slice(0, 40).every((p) => p.confidence === 1 && p.reason.endsWith('(same key)'))).toBe(true);
    expect(against.slice(40).every((p) => p.confidence >= 0.9 && !p.reason.endsWith('(same key)'))).toBe(true);
    // New people are only ever removed as duplicates of each other, never as seen before.
    const within = prov.filter((p) => p.operation !== 'dedupe/against');
    expect(within.every((p) => Number(p.row) > 80 && Number(p.survivor) > 80)).toBe(true);
    expect(rep.rows.out).toBe(newRows - within.length);
    expect(rep.duplicates.recorded).toEqual({ dataset: 'people', rows: rep.rows.out });
    // The --duplicates file lists clusters of this input only.
    const listed = (await readFile(join(dir, 'february.dups.csv'), 'utf8')).trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(listed.every((row) => row > 80)).toBe(true);
  });

  it('finds everything once a file was recorded itself', async () => {
    const r = await cli(['clean', 'february.csv', '--out', 'again.csv', '--against', 'people', '--quiet', '--store', 'cat.db'], { cwd: dir });
    expect(r.code).toBe(0);
    const rep = await report('again');
    expect(rep.rows.out).toBe(0);
    expect(rep.duplicates.against?.earlierRuns).toBe(2);
    expect(rep.duplicates.recorded).toEqual({ dataset: 'people', rows: 0 });
  });

  it('screens exact keys only with --dedupe exact, and names the dataset after the file by default', async () => {
    const r = await cli(['clean', 'february.csv', '--out', 'exact.csv', '--dedupe', 'exact', '--against', 'people', '--dataset', '--store', 'other.db'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no earlier runs of dataset "people" are recorded');
    const rep = await report('exact');
    expect(rep.duplicates.against).toMatchObject({ earlierRuns: 0, exact: 0, near: 0 });
    expect(rep.duplicates.recorded).toEqual({ dataset: 'february', rows: rep.rows.out });
    const e = await cli(['clean', 'february.csv', '--out', 'exact2.csv', '--dedupe', 'exact', '--against', 'people', '--quiet', '--store', 'cat.db'], { cwd: dir });
    expect(e.code).toBe(0);
    const rep2 = await report('exact2');
    expect(rep2.duplicates.against?.exact).toBeGreaterThanOrEqual(40);
    expect(rep2.duplicates.against?.near).toBe(0);
  });

  it('refuses --against without duplicate detection', async () => {
    const r = await cli(['clean', 'february.csv', '--out', 'off.csv', '--dedupe', 'off', '--against', 'people', '--store', 'cat.db'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--against people needs duplicate detection, but the dedupe mode is 'off'");
  });
});
