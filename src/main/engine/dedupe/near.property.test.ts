/** Property: whatever the rows, the finder's assignments form a valid partition with one survivor per cluster. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cell } from '../table.js';
import type { DedupeField, DuplicateAssignment } from './types.js';
import { createNearDuplicateFinder } from './near.js';

const FIELDS: DedupeField[] = [
  { name: 'name', type: 'text' },
  { name: 'city', type: 'categorical' },
  { name: 'age', type: 'integer' },
  { name: 'born', type: 'date' },
];

// Small vocabularies so random rows collide, repeat and nearly repeat.
const name = fc.constantFrom('anna smith', 'ana smith', 'anna smyth', 'bob jones', 'rob jones', 'carla diaz', 'karla diaz', 'dee');
const city = fc.constantFrom('york', 'yrok', 'leeds', 'bath');
const age = fc.constantFrom('30', '31', '45', '7');
const born = fc.constantFrom('1990-01-02', '1990-02-01', '1985-06-30', '2001-12-12');
const row = fc.tuple(fc.option(name, { freq: 6 }), fc.option(city, { freq: 4 }), fc.option(age, { freq: 4 }), fc.option(born, { freq: 4 }));

function checkPartition(out: DuplicateAssignment[], rowNumbers: number[]): void {
  const known = new Set(rowNumbers);
  const seen = new Set<number>();
  const byCluster = new Map<number, DuplicateAssignment[]>();
  for (const a of out) {
    expect(known.has(a.row)).toBe(true);
    expect(seen.has(a.row)).toBe(false);
    seen.add(a.row);
    expect(a.similarity).toBeGreaterThanOrEqual(0);
    expect(a.similarity).toBeLessThanOrEqual(1);
    const list = byCluster.get(a.cluster) ?? [];
    list.push(a);
    byCluster.set(a.cluster, list);
  }
  for (const [id, members] of byCluster) {
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(id).toBe(Math.min(...members.map((m) => m.row)));
    const kept = members.filter((m) => m.kept);
    expect(kept.length).toBe(1);
    const survivor = kept[0] as DuplicateAssignment;
    expect(survivor.survivor).toBe(survivor.row);
    expect(survivor.similarity).toBe(1);
    for (const m of members) expect(m.survivor).toBe(survivor.row);
  }
  // Sorted by row, as the --duplicates file expects.
  expect(out.map((a) => a.row)).toEqual([...out.map((a) => a.row)].sort((x, y) => x - y));
}

describe('near-duplicate assignments', () => {
  it('always form a valid partition', async () => {
    let clustered = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 0, maxLength: 50 }),
        fc.array(fc.nat(), { maxLength: 15 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('most-complete', 'first') as fc.Arbitrary<'most-complete' | 'first'>,
        async (base, copies, gap, survivor) => {
          // Repeats of earlier rows, interleaved, so every table has real duplicates to find.
          const rows = [...base];
          copies.forEach((c, i) => {
            if (base.length > 0) rows.splice((c + i) % (rows.length + 1), 0, base[c % base.length] as (typeof base)[number]);
          });
          const finder = createNearDuplicateFinder({ fields: FIELDS, salt: 'prop', survivor });
          // Row numbers with gaps, as after quarantined rows.
          const rowNumbers = rows.map((_, i) => 1 + i * gap);
          const columns: Cell[][] = FIELDS.map((_, f) => rows.map((r) => r[f] ?? null));
          finder.add({ columns, length: rows.length, rows: rowNumbers });
          const out = await finder.finish();
          clustered += out.length;
          checkPartition(out, rowNumbers);
          // Identical non-blank rows share one fate: together in a cluster, or both left out because
          // their group holds no distinctive value (then their exact copies would stay too).
          const key = (r: (typeof rows)[number]) => JSON.stringify(r);
          for (let i = 0; i < rows.length; i++) {
            for (let j = i + 1; j < rows.length; j++) {
              const ri = rows[i] as (typeof rows)[number];
              if (ri.every((v) => v === null) || key(ri) !== key(rows[j] as (typeof rows)[number])) continue;
              const ci = out.find((a) => a.row === rowNumbers[i])?.cluster;
              expect(out.find((a) => a.row === rowNumbers[j])?.cluster).toBe(ci);
              expect(finder.mergesCopiesOf(rowNumbers[i] as number)).toBe(ci !== undefined);
            }
          }
          const clusters = finder.clusters();
          expect(clusters.reduce((s, c) => s + c.rows.length, 0)).toBe(out.length);
          for (const c of clusters) {
            expect(c.confidence).toBeGreaterThan(0);
            expect(c.confidence).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 60, seed: 20240601 },
    );
    // The generated tables do contain duplicates, so the checks above were not vacuous.
    expect(clustered).toBeGreaterThan(100);
  });
});
