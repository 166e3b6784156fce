/**
 * Properties of the near-duplicate finder beyond a valid partition: the clusters do not depend on the
 * order of the input rows (only which row is "first" — cluster id, survivor ties — may change), and the
 * same rows with the same salt give the same result.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cell } from '../table.js';
import type { DedupeField } from './types.js';
import { createNearDuplicateFinder } from './near.js';

const FIELDS: DedupeField[] = [
  { name: 'name', type: 'text' },
  { name: 'city', type: 'categorical' },
  { name: 'born', type: 'date' },
  { name: 'phone', type: 'text' },
];

const name = fc.constantFrom('anna smith', 'ana smith', 'anna smyth', 'bob jones', 'rob jones', 'carla diaz', 'karla diaz', 'dee okafor', 'li wei', 'lee wei');
const city = fc.constantFrom('york', 'yrok', 'leeds', 'bath');
const born = fc.constantFrom('1990-01-02', '1990-02-01', '1985-06-30', '2001-12-12', '1977-03-09');
const phone = fc.constantFrom('0299887766', '0299887767', '0311223344', '0455667788');
const row = fc.tuple(fc.option(name, { freq: 8 }), fc.option(city, { freq: 4 }), fc.option(born, { freq: 4 }), fc.option(phone, { freq: 3 }));
type Row = [string | null, string | null, string | null, string | null];

/** Clusters as sorted lists of the rows' original indices, in a canonical order. */
async function partition(rows: readonly Row[], order: readonly number[], salt: string): Promise<number[][]> {
  const finder = createNearDuplicateFinder({ fields: FIELDS, salt });
  const columns: Cell[][] = FIELDS.map((_, f) => order.map((i) => (rows[i] as Row)[f] ?? null));
  finder.add({ columns, length: order.length, rows: order.map((_, p) => p + 1) });
  const out = await finder.finish();
  const byCluster = new Map<number, number[]>();
  for (const a of out) byCluster.set(a.cluster, [...(byCluster.get(a.cluster) ?? []), order[a.row - 1] as number]);
  return [...byCluster.values()].map((c) => c.sort((x, y) => x - y)).sort((x, y) => (x[0] as number) - (y[0] as number));
}

/** The table with some rows repeated (exactly, or with the name dropped), so there is something to find. */
const table = fc.tuple(fc.array(row, { minLength: 2, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 12 }))
  .map(([base, copies]) => [...base, ...copies.map(([c, drop]) => {
    const r = [...(base[c % base.length] as Row)] as Row;
    if (drop) r[0] = null;
    return r;
  })]);

describe('near-duplicate clusters', () => {
  it('do not depend on the order of the input rows', async () => {
    let clustered = 0;
    await fc.assert(
      fc.asyncProperty(table, fc.infiniteStream(fc.nat()), async (rows, rand) => {
        const identity = rows.map((_, i) => i);
        // A seeded shuffle of the rows.
        const shuffled = [...identity];
        const it = rand[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
        }
        const a = await partition(rows, identity, 'order');
        clustered += a.length;
        expect(await partition(rows, shuffled, 'order')).toEqual(a);
        expect(await partition(rows, [...identity].reverse(), 'order')).toEqual(a);
      }),
      { numRuns: 40 },
    );
    expect(clustered).toBeGreaterThan(20);
  });

  it('are the same for the same rows and salt', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.string({ maxLength: 8 }), async (rows, salt) => {
        const order = rows.map((_, i) => i);
        expect(await partition(rows, order, salt)).toEqual(await partition(rows, order, salt));
      }),
      { numRuns: 25 },
    );
  });
});
