/** Tests for core/alias. */
import { describe, expect, it } from 'vitest';
import type { AliasOp } from '../../../shared/plan.js';
import { aliasOp } from './alias.js';
import { opContract, runOp } from './testKit.js';

const op: AliasOp = {
  id: 'a1', op: 'core/alias', column: 'city', enabled: true,
  params: { mapping: { 'new york': 'New York', 'NY': 'New York', 'New York': 'New York', 'nyc': 'New York' }, confidence: { NY: 0.7 } },
};

opContract(aliasOp, {
  valid: [op, { ...op, params: { mapping: { a: 'b' } } }],
  columns: ['city'],
  bad: [
    { name: 'empty mapping', op: { ...op, params: { mapping: {} } }, paths: ['operations[2].params.mapping'] },
    {
      name: 'chains, non-string values and bad confidences',
      op: { ...op, params: { mapping: { a: 'b', b: 'c', d: 5 }, confidence: { a: 2, zz: 0.5 } } },
      paths: ['operations[2].params.mapping["a"]', 'operations[2].params.mapping["d"]', 'operations[2].params.confidence["a"]', 'operations[2].params.confidence["zz"]'],
    },
  ],
});

describe('core/alias', () => {
  it('maps exact variants with per-variant or default confidence', () => {
    const { out, rec } = runOp(op, ['new york', 'NY', 'New York', 'ny', null, 3, 'nyc']);
    expect(out).toEqual(['New York', 'New York', 'New York', 'ny', null, 3, 'New York']);
    expect(rec.cells).toEqual([[0, 'new york', 'New York', 0.9], [1, 'NY', 'New York', 0.7], [6, 'nyc', 'New York', 0.9]]);
  });

  it('treats keys such as __proto__ as plain data', () => {
    const o: AliasOp = { ...op, params: { mapping: JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string> } };
    expect(aliasOp.validate(o, ['city'], 0)).toEqual([]);
    expect(runOp(o, ['__proto__', 'constructor', 'toString']).out).toEqual(['x', 'y', 'toString']);
  });
});
