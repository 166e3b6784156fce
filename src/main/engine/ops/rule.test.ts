/** Tests for core/rule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleKind, RuleOp } from '../../../shared/plan.js';
import { prepareOperation } from './registry.js';
import { ruleOp } from './rule.js';
import { CollectingRecorder, opContract, runOp } from './testKit.js';

const op = (rule: RuleKind, action: RuleOp['params']['action'] = 'flag'): RuleOp => ({
  id: 'r1', op: 'core/rule', column: 'zip', enabled: true, params: { rule, action },
});
const kinds: RuleKind[] = [
  { kind: 'required' },
  { kind: 'range', min: 0, max: 10 },
  { kind: 'range', min: 5 },
  { kind: 'pattern', pattern: '\\d{5}' },
  { kind: 'pattern', pattern: '[a-z]+', flags: 'i' },
  { kind: 'allowed', values: ['S', 'M', 'L'] },
  { kind: 'unique' },
];

opContract(ruleOp, {
  valid: kinds.map((k, i) => op(k, i % 2 ? 'quarantine' : 'flag')),
  columns: ['zip'],
  bad: [
    { name: 'an invalid regex', op: op({ kind: 'pattern', pattern: '(' }), paths: ['operations[2].params.rule.pattern'] },
    { name: 'stateful regex flags', op: op({ kind: 'pattern', pattern: 'a', flags: 'g' }), paths: ['operations[2].params.rule.flags'] },
    { name: 'min above max', op: op({ kind: 'range', min: 5, max: 1 }), paths: ['operations[2].params.rule.min'] },
    { name: 'a range without bounds', op: op({ kind: 'range' }), paths: ['operations[2].params.rule'] },
    { name: 'empty allowed list and bad action', op: op({ kind: 'allowed', values: [] }, 'delete' as RuleOp['params']['action']), paths: ['operations[2].params.rule.values', 'operations[2].params.action'] },
    { name: 'an unknown kind', op: op({ kind: 'shiny' } as unknown as RuleKind), paths: ['operations[2].params.rule.kind'] },
    { name: 'no rule', op: { ...op({ kind: 'unique' }), params: { action: 'flag' } }, paths: ['operations[2].params.rule'] },
  ],
  idempotent: fc.tuple(fc.constantFrom(...kinds), fc.constantFrom<RuleOp['params']['action']>('flag', 'quarantine')).map(([k, a]) => op(k, a)),
});

describe('core/rule', () => {
  const input = ['12345', '', null, '1234', 12345, 'abcde', '12345'];
  it('required flags null and blank cells', () => {
    const { out, rec } = runOp(op({ kind: 'required' }), input);
    expect(out).toEqual(input);
    expect(rec.flags).toEqual([[1, '', 'rule required: "" in "zip" is empty', 1], [2, null, 'rule required: null in "zip" is empty', 1]]);
  });
  it('pattern is a full match and quarantines with the rule in the reason', () => {
    const { rec } = runOp(op({ kind: 'pattern', pattern: '\\d{5}' }, 'quarantine'), input);
    expect(rec.quarantined).toEqual([[3, 'rule pattern: "1234" in "zip" does not match /\\d{5}/'], [5, 'rule pattern: "abcde" in "zip" does not match /\\d{5}/']]);
    expect(rec.flags).toEqual([]);
  });
  it('range parses numeric text and reports non-numbers', () => {
    const { rec } = runOp(op({ kind: 'range', min: 0, max: 10 }), ['5', 11, '-1', 'x', true, '10', null]);
    expect(rec.flags.map(([i, , r]) => [i, r])).toEqual([
      [1, 'rule range: 11 in "zip" is outside [0, 10]'],
      [2, 'rule range: "-1" in "zip" is outside [0, 10]'],
      [3, 'rule range: "x" in "zip" is not a number'],
      [4, 'rule range: true in "zip" is not a number'],
    ]);
  });
  it('allowed compares the cell text exactly', () => {
    const { rec } = runOp(op({ kind: 'allowed', values: ['S', 'M', 'L'] }), ['S', 's', 'XL', 'M']);
    expect(rec.flags.map(([i, , r]) => [i, r])).toEqual([[1, 'rule allowed: "s" in "zip" is not one of "S", "M", "L"'], [2, 'rule allowed: "XL" in "zip" is not one of "S", "M", "L"']]);
  });
  it('unique remembers values across batches of one prepared op', () => {
    const prepared = prepareOperation(op({ kind: 'unique' }));
    const rec1 = new CollectingRecorder();
    prepared.apply(['a', 'b', 'a'], 3, rec1);
    const rec2 = new CollectingRecorder();
    prepared.apply(['b', 'c', 1, '1'], 4, rec2);
    expect(rec1.flags.map(([i]) => i)).toEqual([2]);
    expect(rec2.flags.map(([i, , r]) => [i, r])).toEqual([[0, 'rule unique: "b" in "zip" repeats an earlier row'], [3, 'rule unique: "1" in "zip" repeats an earlier row']]);
  });
  it('accepts shorthand rules in parse', () => {
    expect(ruleOp.parse({ id: 'a', column: 'c', params: { rule: 'required' } }, 0, [])?.params).toEqual({ rule: { kind: 'required' }, action: 'flag' });
    expect(ruleOp.parse({ id: 'a', column: 'c', params: { kind: 'range', min: 1, action: 'quarantine' } }, 0, [])?.params).toEqual({ rule: { kind: 'range', min: 1 }, action: 'quarantine' });
  });
});
