/** flattenRecord: dotted paths, JSON types kept, arrays as JSON text, depth limit, and the flatten/unflatten round trip. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../table.js';
import { flattenRecord, MAX_JSON_DEPTH, unflattenRecord } from './flatten.js';

function flat(obj: Record<string, unknown>): Map<string, Cell> {
  const out = new Map<string, Cell>();
  flattenRecord(obj, out);
  return out;
}

function nest(depth: number): Record<string, unknown> {
  let o: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) o = { n: o };
  return o;
}

/** Leaves of a nested object (no arrays), as path → value. */
function leaves(obj: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
  );
}

describe('flattenRecord', () => {
  it('flattens nested objects to dotted columns and keeps JSON types', () => {
    const out = flat({ id: 1, name: 'Ann', ok: true, none: null, address: { city: 'Oslo', geo: { lat: 59.9 } }, tags: ['a', { b: 1 }], empty: {}, 'a.b': 'dotted' });
    expect([...out]).toEqual([
      ['id', 1], ['name', 'Ann'], ['ok', true], ['none', null], ['address.city', 'Oslo'], ['address.geo.lat', 59.9],
      ['tags', '["a",{"b":1}]'], ['empty', '{}'], ['a.b', 'dotted'],
    ]);
  });

  it('lets the later of two colliding paths win', () => {
    expect([...flat({ 'a.b': 1, a: { b: 2 } })]).toEqual([['a.b', 2]]);
  });

  it(`allows ${MAX_JSON_DEPTH} levels and rejects one more, in objects and in arrays`, () => {
    expect(flat(nest(MAX_JSON_DEPTH)).size).toBe(1);
    expect(() => flat(nest(MAX_JSON_DEPTH + 1))).toThrow(/nesting deeper than 1000/);
    let arr: unknown = [];
    for (let i = 0; i < MAX_JSON_DEPTH; i++) arr = [arr];
    expect(() => flat({ a: arr })).toThrow(/nesting deeper/);
    expect(() => flat({ a: JSON.parse('['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1)) })).not.toThrow();
  });
});

describe('flatten/unflatten property', () => {
  const key = fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !k.includes('.') && k !== '__proto__');
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  const { node } = fc.letrec((tie) => ({
    node: fc.dictionary(key, fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('node')), { minKeys: 1, maxKeys: 5 }),
  }));

  it('round-trips objects without dotted keys or arrays, and every leaf appears exactly once', () => {
    fc.assert(
      fc.property(node, (obj) => {
        const o = obj as Record<string, unknown>;
        const out = flat(o);
        expect(unflattenRecord(out)).toEqual(o);
        const ls = leaves(o);
        expect(out.size).toBe(ls.length);
        for (const [path, value] of ls) expect(Object.is(out.get(path), value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
