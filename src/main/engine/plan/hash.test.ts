/** Tests for canonical JSON and the plan hash. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../shared/plan.js';
import { canonicalJson, planHash } from './hash.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 2, x: 1 }, u: undefined }, '{"z":{"x":1,"y":2}}'],
    [[undefined, Number.NaN, -0, 1e21], '[null,null,0,1e+21]'],
    ['é"\n', '"é\\"\\n"'],
    [{ d: new Date(0) }, '{"d":"1970-01-01T00:00:00.000Z"}'],
  ])('%j', (v, want) => {
    expect(canonicalJson(v)).toBe(want);
  });

  it('equals JSON.stringify after sorting keys, and parses back to the same value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = canonicalJson(v);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      expect(text).not.toMatch(/^\s|\s$/);
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    }));
  });
});

describe('planHash', () => {
  const plan: Plan = {
    version: 1, salt: 's',
    operations: [{ id: 'a', op: 'core/trim', column: 'n', params: { collapse: true } }],
    dedupe: { mode: 'exact', columns: [] },
  };
  it('is a sha256 hex digest independent of key order and of a defaulted enabled flag', () => {
    const h = planHash(plan);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse('{"dedupe":{"columns":[],"mode":"exact"},"operations":[{"params":{"collapse":true},"column":"n","op":"core/trim","id":"a","enabled":true}],"salt":"s","version":1}') as Plan;
    expect(planHash(reordered)).toBe(h);
  });
  it('changes when anything meaningful changes', () => {
    const h = planHash(plan);
    expect(planHash({ ...plan, salt: 't' })).not.toBe(h);
    expect(planHash({ ...plan, operations: [{ id: 'a', op: 'core/trim', column: 'n', params: { collapse: false } }] })).not.toBe(h);
    expect(planHash({ ...plan, operations: [{ id: 'a', op: 'core/trim', column: 'n', enabled: false, params: { collapse: true } }] })).not.toBe(h);
  });
});
