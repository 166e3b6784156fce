/** Through the CLI: the --review file, review decisions replayed from the plan, and the explain command. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/shared/plan.js';
import type { Report } from '../../src/shared/report.js';
import type { ReviewFile } from '../../src/main/engine/dedupe/review.js';
import type { PairVerdict } from '../../src/main/engine/dedupe/explainText.js';
import { clustersFromCsv, writeCsv } from '../../scripts/evalLib.js';
import { syntheticPeople } from '../../scripts/synthPeople.js';
import { cli, duck, scratch } from './helpers.js';

let dir = '';
let input = '';
let names: string[] = [];
let cells: (string | null)[][] = [];
let report: Report;
let review: ReviewFile;
let clusters: Map<number, number[]>;
let kept: Map<number, boolean>;

/**
 * A generated person table plus rows that share only some fields with one person and take others
 * from someone else (or leave them empty): the model scores those pairs between the thresholds.
 */
async function writeInput(path: string): Promise<void> {
  const t = syntheticPeople(1500, 'review');
  const mixes = [[[0], [4]], [[1], [7]], [[0, 6], [8]], [[1], [4, 6]], [[7], [6]], [[0, 7], [1, 3]]] as const;
  for (let i = 0; i < 36; i++) {
    const a = 1 + i * 7;
    const b = 900 + i * 13;
    const [same, other] = mixes[i % mixes.length]!;
    t.columns.forEach((c, f) => c.push((same as readonly number[]).includes(f) ? (c[a] ?? null) : (other as readonly number[]).includes(f) ? (c[b] ?? null) : null));
    t.rows++;
  }
  names = t.names;
  cells = t.columns;
  await writeCsv(t, path);
}

async function clean(args: string[], stem: string): Promise<{ code: number | null; stderr: string; report: Report; dups: string }> {
  const r = await cli(['clean', input, '--out', `${stem}.csv`, '--duplicates', `${stem}.dups.csv`, '--quiet', '--store', 'cat.db', ...args], { cwd: dir });
  if (r.code !== 0) return { code: r.code, stderr: r.stderr, report: undefined as unknown as Report, dups: '' };
  return {
    code: r.code, stderr: r.stderr,
    report: JSON.parse(await readFile(join(dir, `${stem}.report.json`), 'utf8')) as Report,
    dups: await readFile(join(dir, `${stem}.dups.csv`), 'utf8'),
  };
}

function keptMap(dups: string): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const line of dups.trimEnd().split('\n').slice(1)) {
    const [row, , k] = line.split(',');
    out.set(Number(row), k === 'true');
  }
  return out;
}

function clusterOf(cs: Map<number, number[]>, row: number): number | undefined {
  for (const [id, rows] of cs) if (rows.includes(row)) return id;
  return undefined;
}

beforeAll(async () => {
  dir = await scratch('ds-review-');
  input = join(dir, 'people.csv');
  await writeInput(input);
  const r = await clean(['--review', 'review.json', '--plan-out', 'plan.json'], 'base');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  report = r.report;
  review = JSON.parse(await readFile(join(dir, 'review.json'), 'utf8')) as ReviewFile;
  clusters = clustersFromCsv(r.dups);
  kept = keptMap(r.dups);
});

describe('clean --review', () => {
  it('lists the pairs left for a person, with both rows\' values and the evidence for each field', () => {
    expect(review.version).toBe(1);
    expect(review.input.sha256).toBe(report.input.sha256);
    expect([review.threshold, review.reviewThreshold]).toEqual([0.9, 0.5]);
    expect(review.pairs.length).toBeGreaterThanOrEqual(4);
    expect(report.duplicates.review?.pairs).toBe(review.pairs.length);
    expect(report.duplicates.review?.top.map((p) => [p.rowA, p.rowB])).toEqual(review.pairs.slice(0, 50).map((p) => [p.rowA, p.rowB]));
    const probs = review.pairs.map((p) => p.probability);
    expect(probs).toEqual([...probs].sort((a, b) => b - a));
    expect(review.pairs.some((p) => p.reason === 'review-band')).toBe(true);
    for (const p of review.pairs) {
      expect(p.probability).toBeGreaterThanOrEqual(0.5);
      expect(p.reason === 'review-band').toBe(p.probability < 0.9);
      // Not merged: the rows sit in different clusters (or none).
      const ca = clusterOf(clusters, p.rowA);
      expect(ca === undefined || ca !== clusterOf(clusters, p.rowB)).toBe(true);
      expect([p.clusterA, p.clusterB]).toEqual([clusterOf(clusters, p.rowA) ?? null, clusterOf(clusters, p.rowB) ?? null]);
      expect(p.fields.map((f) => f.field)).toEqual(names.filter((n) => n !== 'street_number' && n !== 'postcode' || p.fields.some((f) => f.field === n)));
      const sum = p.priorWeight + p.fields.reduce((s, f) => s + f.weight, 0);
      expect(p.totalWeight).toBeCloseTo(sum, 4);
      expect(p.probability).toBeCloseTo(1 / (1 + 2 ** -p.totalWeight), 4);
      for (const f of p.fields) {
        if (f.field === 'phone') continue;
        const c = names.indexOf(f.field);
        expect([f.valueA, f.valueB]).toEqual([cells[c]![p.rowA - 1] ?? null, cells[c]![p.rowB - 1] ?? null]);
        expect(f.level === 'missing').toBe(f.valueA === null || f.valueB === null);
        if (f.level === 'missing') expect([f.similarity, f.weight]).toEqual([null, 0]);
      }
      expect(p.accept).toEqual({ kind: 'accept', rows: [p.rowA, p.rowB] });
      expect(p.reject).toEqual({ kind: 'reject', rows: [p.rowA, p.rowB] });
    }
  });

  it('puts the fitted model in the report', () => {
    const m = report.duplicates.model!;
    expect(m.fit).toBe('em');
    expect(m.fields.map((f) => f.field)).toContain('surname');
    for (const f of m.fields) {
      expect(f.levels[0]!.level).toBe('exact');
      // m and u are rounded to 6 decimals in the report, so only levels with u well above that are checked.
      for (const l of f.levels) if (l.u >= 1e-3 && l.m >= 1e-3) expect(l.weight).toBeCloseTo(Math.log2(l.m / l.u), 2);
    }
    expect(m.lambda).toBeGreaterThan(0);
    expect(m.candidatePairs).toBeGreaterThan(0);
  });
});

describe('review decisions in the plan', () => {
  const pairs = (): { accept: [number, number]; reject: [number, number]; split: number; survivor: [number, number] } => {
    const band = review.pairs.find((p) => p.reason === 'review-band')!;
    const twos = [...clusters.values()].filter((rows) => rows.length === 2 && !rows.includes(band.rowA) && !rows.includes(band.rowB));
    const [r1, r2, r3] = twos as [number[], number[], number[]];
    const keptOf = (rows: number[]): number => rows.find((x) => kept.get(x))!;
    const other = (rows: number[]): number => rows.find((x) => !kept.get(x))!;
    return { accept: [band.rowA, band.rowB], reject: [keptOf(r1), other(r1)], split: other(r2), survivor: [keptOf(r3), other(r3)] };
  };

  it('replays accept, reject, split and survivor, records each in the audit log, and gives the same output every time', async () => {
    const p = pairs();
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;
    plan.dedupe.decisions = [
      { kind: 'survivor', rows: [p.survivor[1]] },
      { kind: 'accept', rows: p.accept },
      { kind: 'reject', rows: p.reject },
      { kind: 'split', rows: [p.split] },
    ];
    plan.dedupe.decisionsInput = report.input.sha256;
    await writeFile(join(dir, 'decided.json'), JSON.stringify(plan));
    const r = await clean(['--plan', 'decided.json', '--review', 'review2.json'], 'decided');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cs = clustersFromCsv(r.dups);
    const k = keptMap(r.dups);
    expect(clusterOf(cs, p.accept[0])).toBeDefined();
    expect(clusterOf(cs, p.accept[0])).toBe(clusterOf(cs, p.accept[1]));
    expect(clusterOf(cs, p.reject[1])).toBeUndefined();
    expect(clusterOf(cs, p.split)).toBeUndefined();
    expect([k.get(p.survivor[1]), k.get(p.survivor[0])]).toEqual([true, false]);
    expect(r.report.duplicates.decisions?.map((d) => [d.kind, d.status])).toEqual([['survivor', 'applied'], ['accept', 'applied'], ['reject', 'applied'], ['split', 'applied']]);
    // Accepting joins one more row; rejecting and splitting each give one back.
    expect(r.report.rows.duplicates).toBe(report.rows.duplicates + 1 - 2);
    expect([...k.values()].filter((x) => !x)).toHaveLength(r.report.rows.duplicates);
    const prov = await duck<{ row: string }>(`SELECT row FROM read_parquet('${join(dir, 'decided.provenance.parquet')}') WHERE kind = 'duplicate' ORDER BY row`);
    expect(prov.map((x) => Number(x.row))).toEqual([...k].filter(([, x]) => !x).map(([row]) => row).sort((a, b) => a - b));
    const audit = (await readFile(join(dir, 'decided.audit.jsonl'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const logged = audit.filter((e) => e['event'] === 'dedupe.decision');
    expect(logged.map((e) => [e['kind'], e['rows'], e['status']])).toEqual([
      ['survivor', [p.survivor[1]], 'applied'], ['accept', p.accept, 'applied'], ['reject', p.reject, 'applied'], ['split', [p.split], 'applied'],
    ]);
    const review2 = JSON.parse(await readFile(join(dir, 'review2.json'), 'utf8')) as ReviewFile;
    expect(review2.pairs.some((x) => x.rowA === p.accept[0] && x.rowB === p.accept[1])).toBe(false);
    expect(review2.pairs).toHaveLength(review.pairs.length - 1);

    const again = await clean(['--plan', 'decided.json'], 'again');
    expect(again.dups).toBe(r.dups);
    expect(await readFile(join(dir, 'again.csv'), 'utf8')).toBe(await readFile(join(dir, 'decided.csv'), 'utf8'));
  });

  it('skips decisions made on another input and says so', async () => {
    const p = pairs();
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Plan;
    plan.dedupe.decisions = [{ kind: 'accept', rows: p.accept }];
    plan.dedupe.decisionsInput = 'f'.repeat(64);
    await writeFile(join(dir, 'stale.json'), JSON.stringify(plan));
    const r = await cli(['clean', input, '--out', 'stale.csv', '--duplicates', 'stale.dups.csv', '--plan', 'stale.json', '--store', 'cat.db'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 review decision(s) skipped: made on another input');
    const rep = JSON.parse(await readFile(join(dir, 'stale.report.json'), 'utf8')) as Report;
    expect(rep.duplicates.decisions?.map((d) => d.status)).toEqual(['skipped']);
    expect(rep.rows.duplicates).toBe(report.rows.duplicates);
  });

  it('refuses malformed decisions, naming each', async () => {
    const plan = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    plan['dedupe']!['decisions'] = [{ kind: 'merge', rows: [1, 2] }, { kind: 'split', rows: [0] }, { kind: 'accept', rows: [4] }, { kind: 'reject', rows: ['7', 9] }, { kind: 'accept', rows: [9, 7] }];
    await writeFile(join(dir, 'bad.json'), JSON.stringify(plan));
    const r = await cli(['clean', input, '--out', 'bad.csv', '--plan', 'bad.json', '--store', 'cat.db'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('dedupe.decisions[0].kind: kind must be one of');
    expect(r.stderr).toContain('dedupe.decisions[1].rows[0]: rows must be positive whole numbers');
    expect(r.stderr).toContain("dedupe.decisions[2].rows: 'accept' needs two row numbers");
    expect(r.stderr).toContain('dedupe.decisions[4]: rows 7,9 are both accepted and rejected');
  });
});

describe('explain', () => {
  it('prints the per-field evidence and the decision for a review pair', async () => {
    const band = review.pairs.find((p) => p.reason === 'review-band')!;
    const r = await cli(['explain', input, '--rows', `${band.rowA},${band.rowB}`, '--quiet'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`rows ${band.rowA} and ${band.rowB}: review (not merged; probability in the review band)`);
    expect(lines[1]).toContain(`probability ${band.probability.toFixed(4)}`);
    expect(lines[3]).toMatch(/^field\s+kind\s+row \d+\s+row \d+\s+similarity\s+level\s+weight\s+m\s+u$/);
    for (const f of band.fields) expect(r.stdout).toMatch(new RegExp(`^${f.field}\\s+\\S+\\s.*\\s${f.level}\\s+[+-]${Math.abs(f.weight).toFixed(2)}`, 'm'));

    const j = await cli(['explain', input, '--rows', `${band.rowA},${band.rowB}`, '--json', '--quiet'], { cwd: dir });
    const v = JSON.parse(j.stdout) as PairVerdict;
    expect(v.decision).toBe('review');
    expect(v.candidate).toBe(true);
    expect(v.explanation.probability).toBeCloseTo(band.probability, 5);
    expect(v.explanation.fields.map((f) => [f.field, f.valueA, f.valueB, f.level])).toEqual(band.fields.map((f) => [f.field, f.valueA, f.valueB, f.level]));
  });

  it('says merged for rows of one cluster, follows the plan\'s decisions, and refuses rows outside the input', async () => {
    const [a, b] = [...clusters.values()].find((rows) => rows.length === 2)!;
    const merged = await cli(['explain', input, '--rows', `${b},${a}`, '--quiet'], { cwd: dir });
    expect(merged.stdout.split('\n')[0]).toBe(`rows ${b} and ${a}: merged (cluster ${Math.min(a!, b!)}, survivor row ${[a, b].find((x) => kept.get(x!))})`);

    const band = review.pairs.find((p) => p.reason === 'review-band')!;
    const accepted = await cli(['explain', input, '--rows', `${band.rowA},${band.rowB}`, '--plan', 'decided.json', '--json', '--quiet'], { cwd: dir });
    const v = JSON.parse(accepted.stdout) as PairVerdict;
    expect(v.decision).toBe('merged');
    expect(v.decisions.map((d) => [d.decision.kind, d.status])).toContainEqual(['accept', 'applied']);

    const out = await cli(['explain', input, '--rows', '3,999999', '--quiet'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('row 999999 is beyond the input\'s 1536 data rows');
    const same = await cli(['explain', input, '--rows', '3,3'], { cwd: dir });
    expect(same.code).not.toBe(0);
  });
});
