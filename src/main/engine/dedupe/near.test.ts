/** Near-duplicate finder on real generated tables: determinism, anti-chaining, missing values, survivorship, explain. */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../table.js';
import type { DedupeField, DuplicateAssignment } from './types.js';
import { createNearDuplicateFinder, type NearDedupeOptions, type NearDuplicateFinder } from './near.js';
import { EngineError, CancelledError } from '../errors.js';
import { syntheticPeople } from '../../../../scripts/synthPeople.js';
import { dedupeFields } from '../../../../scripts/evalLib.js';

interface Table {
  fields: DedupeField[];
  columns: Cell[][];
  rows: number;
}

/** A generated person table (about 20% duplicates) plus extra rows appended at the end. */
function peopleTable(n: number, salt: string, extra: (string | null)[][] = []): Table {
  const t = syntheticPeople(n, salt);
  for (const r of extra) t.columns.forEach((c, i) => c.push(r[i] ?? null));
  t.rows += extra.length;
  const { fields, columns } = dedupeFields(t);
  return { fields, columns, rows: t.rows };
}

async function run(t: Table, opts: Partial<NearDedupeOptions> = {}, batch = t.rows): Promise<{ finder: NearDuplicateFinder; out: DuplicateAssignment[] }> {
  const finder = createNearDuplicateFinder({ fields: t.fields, salt: 'test', ...opts });
  for (let start = 0; start < t.rows; start += batch) {
    const end = Math.min(t.rows, start + batch);
    finder.add({
      columns: t.columns.map((c) => c.slice(start, end)),
      length: end - start,
      rows: Array.from({ length: end - start }, (_, i) => start + i + 1),
    });
  }
  return { finder, out: await finder.finish() };
}

function clusterOf(out: DuplicateAssignment[], row: number): number | undefined {
  return out.find((a) => a.row === row)?.cluster;
}

// Fields of the generated table, in order.
const A = ['zoltan', 'quibberly', '17', 'harbourview parade', 'wattlebrook', '2911', 'act', '1971-04-23', '0299887766'];

describe('near-duplicate finder', () => {
  const table = peopleTable(1500, 'det');

  it('finds the generated duplicates', async () => {
    const { finder, out } = await run(table);
    expect(out.length).toBeGreaterThan(200);
    const stats = finder.stats();
    expect(stats.rows).toBe(1500);
    expect(stats.candidatePairs).toBeGreaterThan(0);
    expect(stats.fields.map((f) => f.field)).toContain('surname');
    expect(stats.model).toBe('em');
    // Reported numbers agree with a fresh field-by-field explanation.
    for (const a of out.slice(0, 200)) {
      const e = finder.explain(a.row, a.survivor);
      expect(a.similarity).toBeCloseTo(a.row === a.survivor ? 1 : e.probability, 12);
      expect(e.sameCluster).toBe(true);
    }
    for (const r of finder.reviewCandidates().slice(0, 50)) {
      const e = finder.explain(r.rowA, r.rowB);
      expect(r.probability).toBeCloseTo(e.probability, 12);
      expect(r.probability).toBeGreaterThanOrEqual(0.5);
      expect(e.sameCluster).toBe(false);
    }
  });

  it('merges nothing in a table without duplicates', async () => {
    // One row per generated person: EM still splits the candidates in two ("same suburb" and the
    // rest), which must be recognised as not describing duplicates.
    const t = syntheticPeople(6000, 'uniques');
    const later = new Set<number>();
    for (const pair of t.truth) later.add(Number(pair.split(',')[1]));
    const keep = Array.from({ length: t.rows }, (_, i) => i).filter((i) => !later.has(i + 1));
    const { fields, columns } = dedupeFields({ ...t, columns: t.columns.map((c) => keep.map((i) => c[i] ?? null)), rows: keep.length });
    const { finder, out } = await run({ fields, columns, rows: keep.length });
    expect(keep.length).toBeGreaterThan(4500);
    expect(out).toEqual([]);
    expect(finder.stats().model).toBe('prior');
    expect(finder.stats().candidatePairs).toBeGreaterThan(1000);
  });

  it('is deterministic for the same salt and for any batch split', async () => {
    const one = (await run(table)).out;
    const again = (await run(table)).out;
    const small = (await run(table, {}, 7)).out;
    const medium = (await run(table, {}, 256)).out;
    expect(again).toEqual(one);
    expect(small).toEqual(one);
    expect(medium).toEqual(one);
  });

  it('does not merge the ends of a chain A~B~C when A and C are unlike', async () => {
    const B = [...A.slice(0, 5), '7345', 'nsw', '1985-12-02', '0311223344'];
    const C = ['marguerite', 'fenwhistle', ...B.slice(2)];
    const t = peopleTable(1000, 'chain', [A, B, C]);
    const { finder, out } = await run(t);
    const [a, b, c] = [t.rows - 2, t.rows - 1, t.rows];
    // The chain is real: each link is above the threshold, the ends are far below it.
    expect(finder.explain(a, b).probability).toBeGreaterThanOrEqual(0.9);
    expect(finder.explain(b, c).probability).toBeGreaterThanOrEqual(0.9);
    expect(finder.explain(a, c).probability).toBeLessThan(0.5);
    const ca = clusterOf(out, a);
    const cc = clusterOf(out, c);
    expect(ca === undefined || ca !== cc).toBe(true);
    // B sits with the end it matches more strongly; the other end is offered for review as a split.
    expect(clusterOf(out, b)).toBe(b);
    expect(cc).toBe(b);
    expect(finder.reviewCandidates().some((r) => r.rowA === a && r.rowB === b && r.reason === 'split')).toBe(true);
  });

  it('leaves for review rows made only of values other rows share, and merges rows that hold a value of their own', async () => {
    // Sixty ordinary papers and a second listing of twenty of them (an author's name misspelt), then a
    // recurring column: "Editor's Notes" by one editor in several years, two of them identical, beside
    // another editor's notes and an ordinary paper by the same editor.
    const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pu'];
    const word = (i: number): string => `${syllables[i % 10]}${syllables[Math.floor(i / 10) % 10]}${syllables[(i * 7) % 10]}`;
    const rows: (string | null)[][] = [];
    for (let i = 0; i < 60; i++) rows.push([`${word(i)} indexing for ${word(i + 17)} queries`, `${word(i + 3)} ${word(i + 41)}`, String(1994 + (i % 10))]);
    for (let i = 0; i < 20; i++) rows.push([`${word(i * 3)} indexing for ${word(i * 3 + 17)} queries`, `${word(i * 3 + 3)} ${word(i * 3 + 41)}x`, String(1994 + ((i * 3) % 10))]);
    rows.push(['Distributed query caching', 'Ling Liu', '1999']);
    rows.push(["Editor's Notes", 'Jennifer Widom', '1996']);
    rows.push(["Editor's Notes", 'Ling Liu', '2001']);
    rows.push(["Editor's Notes", 'Ling Liu', '2002']);
    rows.push(["Editor's Notes", 'Ling Liu', '2002']);
    rows.push(["Editor's Notes", 'Ling Liu', '2003']);
    rows.push(['Adaptive query processing', 'Amol Deshpande', '2007']);
    rows.push(['Adaptive query processing', 'Amol Deshpande', '2007']);
    const t: Table = {
      fields: [{ name: 'title', type: 'text' }, { name: 'authors', type: 'text' }, { name: 'year', type: 'integer' }],
      columns: [0, 1, 2].map((c) => rows.map((r) => r[c] ?? null)),
      rows: rows.length,
    };
    const { finder, out } = await run(t);
    const [notesA, notesB, own] = [84, 85, 87];
    expect(finder.explain(notesA, notesB)).toMatchObject({ identical: true, probability: 1, sameCluster: false, lowInformation: true });
    for (const row of [82, 83, 84, 85, 86]) expect(clusterOf(out, row)).toBeUndefined();
    // The second listings are found.
    for (let i = 0; i < 20; i++) expect(clusterOf(out, 61 + i)).toBe(1 + i * 3);
    expect(finder.mergesCopiesOf(notesA)).toBe(false);
    expect(finder.reviewCandidates()).toContainEqual(expect.objectContaining({ rowA: notesA, rowB: notesB, probability: 1, reason: 'low-information' }));
    expect(finder.stats().lowInformationGroups).toBeGreaterThanOrEqual(1);
    // The identical pair whose title is theirs alone is merged, and so would its exact copies be.
    expect(clusterOf(out, own)).toBe(own);
    expect(clusterOf(out, own + 1)).toBe(own);
    expect(finder.mergesCopiesOf(own)).toBe(true);
    expect(finder.explain(own, own + 1).lowInformation).toBe(false);
  });

  it('counts a missing value neither for nor against a match', async () => {
    const same = [...A];
    const missing = [...A.slice(0, 7), null, A[8] as string];
    const different = [...A.slice(0, 7), '1950-08-30', A[8] as string];
    const t = peopleTable(1000, 'missing', [A, same.map((v, i) => (i === 0 ? 'zoltann' : v)), missing, different]);
    const { finder } = await run(t);
    const a = t.rows - 3;
    const eSame = finder.explain(a, a + 1);
    const eMissing = finder.explain(a, a + 2);
    const eDifferent = finder.explain(a, a + 3);
    const dob = (e: typeof eMissing) => e.fields.find((f) => f.field === 'date_of_birth');
    expect(dob(eMissing)).toMatchObject({ level: 'missing', weight: 0, similarity: null, m: null, u: null, valueB: null });
    expect(dob(eDifferent)?.weight).toBeLessThan(0);
    expect(dob(eSame)?.weight).toBeGreaterThan(0);
    // Same evidence elsewhere: missing sits strictly between agreeing and disagreeing.
    const rest = (e: typeof eMissing) => e.fields.filter((f) => f.field !== 'date_of_birth' && f.field !== 'given_name').reduce((s, f) => s + f.weight, 0);
    expect(rest(eMissing)).toBeCloseTo(rest(eDifferent), 9);
    expect(eMissing.totalWeight).toBeGreaterThan(eDifferent.totalWeight);
  });

  it('explains a pair field by field with consistent totals', async () => {
    const near = ['zoltan', 'quiberly', '17', 'harbourview parade', 'wattlebrook', '2911', 'act', '1971-04-23', '0299887766'];
    const t = peopleTable(1000, 'explain', [A, near]);
    const { finder, out } = await run(t);
    const e = finder.explain(t.rows - 1, t.rows);
    expect(e.rowA).toBe(t.rows - 1);
    expect(e.rowB).toBe(t.rows);
    expect(e.fields.map((f) => f.field)).toEqual(finder.stats().fields.map((f) => f.field));
    const surname = e.fields.find((f) => f.field === 'surname');
    expect(surname).toMatchObject({ valueA: 'quibberly', valueB: 'quiberly', level: 'high', kind: 'name' });
    expect(surname?.similarity).toBeGreaterThan(0.92);
    expect(surname?.similarity).toBeLessThan(1);
    for (const f of e.fields) {
      if (f.level === 'missing') continue;
      expect(f.weight).toBeCloseTo(Math.log2((f.m as number) / (f.u as number)), 9);
    }
    const total = e.priorWeight + e.fields.reduce((s, f) => s + f.weight, 0);
    expect(e.totalWeight).toBeCloseTo(total, 9);
    expect(e.probability).toBeCloseTo(1 / (1 + 2 ** -total), 12);
    expect(e.decision).toBe('merge');
    expect(e.sameCluster).toBe(true);
    expect(e.identical).toBe(false);
    expect(clusterOf(out, t.rows)).toBe(clusterOf(out, t.rows - 1));
    expect(() => finder.explain(1, t.rows + 5)).toThrow(EngineError);
  });

  it('keeps candidate pairs near-linear when most rows share their values', async () => {
    // 3000 rows identical except for a surname drawn from 40: LSH buckets hold hundreds of rows each.
    const n = 3000;
    const surnames = Array.from({ length: 40 }, (_, i) => `surname${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`);
    const rows: (string | null)[][] = Array.from({ length: n }, (_, i) => [A[0] as string, surnames[(i * 7) % 40] as string, ...A.slice(2)]);
    const t: Table = {
      fields: [{ name: 'given', type: 'text' }, { name: 'surname', type: 'text' }, { name: 'rest', type: 'text' }],
      columns: [rows.map((r) => r[0] ?? null), rows.map((r) => r[1] ?? null), rows.map((r) => r.slice(2).join(' '))],
      rows: n,
    };
    const { finder, out } = await run(t);
    // Identical rows fold into 40 records, so nothing explodes; every row has 74 identical copies.
    expect(finder.stats().records).toBe(40);
    expect(finder.stats().candidatePairs).toBeLessThanOrEqual((40 * 39) / 2);
    expect(out.length).toBe(n);
    // Now make every row distinct in a field: buckets are large and must be sub-blocked, not paired out.
    t.fields.push({ name: 'note', type: 'text' });
    t.columns.push(rows.map((_, i) => `note ${i % 1500} ${i % 7}`));
    const big = await run(t, { neighbourhoodFields: 0 });
    expect(big.finder.stats().records).toBe(n);
    expect(big.finder.stats().candidatePairs).toBeLessThan(n * 200);
    expect(big.finder.stats().candidatePairs).toBeGreaterThan(n);
  });

  it('leaves out a unique key-like field and reports it', async () => {
    const t = peopleTable(800, 'keys');
    t.fields.push({ name: 'account', type: 'integer' });
    t.columns.push(Array.from({ length: t.rows }, (_, i) => String(100000 + i)));
    const { finder } = await run(t);
    expect(finder.stats().excluded).toContainEqual({ field: 'account', reason: 'unique-key' });
    expect(finder.stats().fields.map((f) => f.field)).not.toContain('account');
  });
});

describe('survivorship', () => {
  // Three copies of one person: row +1 lacks phone and suburb, row +2 is complete, row +3 lacks postcode.
  const base = ['zoltan', 'quibberly', '17', 'harbourview parade', 'wattlebrook', '2911', 'act', '1971-04-23', '0299887766'];
  const rows = [
    [...base.slice(0, 4), null, ...base.slice(5, 8), null],
    [...base],
    [...base.slice(0, 5), null, ...base.slice(6)],
  ];
  const dates = ['2021-05-01', '2019-01-01', '2023-07-15'];

  async function survivorFor(opts: Partial<NearDedupeOptions>, withDates = false): Promise<{ survivor: number; first: number; out: DuplicateAssignment[] }> {
    const t = peopleTable(900, 'surv', rows);
    if (withDates) {
      t.fields.push({ name: 'updated', type: 'date' });
      t.columns.push([...new Array<Cell>(t.rows - 3).fill('2000-01-01'), ...dates]);
    }
    const { out } = await run(t, opts);
    const first = t.rows - 2;
    const member = out.find((a) => a.row === first);
    expect(member).toBeDefined();
    const cluster = out.filter((a) => a.cluster === member?.cluster);
    expect(cluster.map((a) => a.row)).toEqual([first, first + 1, first + 2]);
    return { survivor: member?.survivor as number, first, out: cluster };
  }

  it('keeps the most complete row by default', async () => {
    const { survivor, first, out } = await survivorFor({});
    expect(survivor).toBe(first + 1);
    expect(out.find((a) => a.row === first + 1)).toMatchObject({ kept: true, similarity: 1 });
  });

  it('keeps the first row', async () => {
    const { survivor, first } = await survivorFor({ survivor: 'first' });
    expect(survivor).toBe(first);
  });

  it('keeps the most recent row by a date field that is not compared', async () => {
    const { survivor, first } = await survivorFor({ survivor: 'most-recent', recencyField: 'updated', auxiliaryFields: ['updated'] }, true);
    expect(survivor).toBe(first + 2);
  });

  it('breaks ties to the smallest row', async () => {
    const t = peopleTable(900, 'ties', [base, base.map((v, i) => (i === 1 ? 'quiberly' : v))]);
    const { out } = await run(t);
    const pair = out.filter((a) => a.row >= t.rows - 1);
    expect(pair.map((a) => a.survivor)).toEqual([t.rows - 1, t.rows - 1]);
  });
});

describe('options and lifecycle', () => {
  const fields: DedupeField[] = [{ name: 'name', type: 'text' }];

  it('rejects invalid options with every problem listed', () => {
    expect(() => createNearDuplicateFinder({ fields, salt: 's', threshold: 1.5, survivor: 'most-recent' })).toThrow(/threshold must be in \(0, 1\].*most-recent/);
    expect(() => createNearDuplicateFinder({ fields, salt: 's', recencyField: 'nope' })).toThrow(EngineError);
  });

  it('rejects bad batches and calls out of order', async () => {
    const f = createNearDuplicateFinder({ fields, salt: 's' });
    expect(() => f.reviewCandidates()).toThrow(/finish\(\) first/);
    expect(() => f.add({ columns: [['a'], ['b']], length: 1, rows: [1] })).toThrow(/2 columns, expected 1/);
    f.add({ columns: [['a', 'b']], length: 2, rows: [1, 2] });
    expect(() => f.add({ columns: [['c']], length: 1, rows: [2] })).toThrow(/ascending/);
    expect(await f.finish()).toEqual([]);
    expect(() => f.add({ columns: [['c']], length: 1, rows: [3] })).toThrow(/after finish/);
  });

  it('stops with CancelledError when the signal fires', async () => {
    const t = peopleTable(3000, 'abort');
    const controller = new AbortController();
    const finder = createNearDuplicateFinder({ fields: t.fields, salt: 's', signal: controller.signal });
    finder.add({ columns: t.columns, length: t.rows, rows: Array.from({ length: t.rows }, (_, i) => i + 1) });
    const pending = finder.finish();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });
});
