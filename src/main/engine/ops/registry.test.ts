/** Tests for the operation registry. */
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../shared/plan.js';
import { EngineError } from '../errors.js';
import {
  describeOperation, getOpModule, normalizeOpName, OP_MODULES, OP_NAMES, operationReads, operationWrites, prepareOperation, renameOperation, validateOperation,
} from './registry.js';
import { runOp } from './testKit.js';

describe('registry', () => {
  it('has a module for every op name, keyed by its own name', () => {
    expect(OP_NAMES).toHaveLength(15);
    for (const name of OP_NAMES) expect(OP_MODULES[name].op).toBe(name);
  });

  it('finds modules with or without the core/ prefix', () => {
    expect(normalizeOpName('trim')).toBe('core/trim');
    expect(normalizeOpName('acme/x')).toBe('acme/x');
    expect(getOpModule('parse-date')?.op).toBe('core/parse-date');
    expect(getOpModule('core/rule')?.op).toBe('core/rule');
    expect(getOpModule('toString')).toBeUndefined();
    expect(getOpModule('core/nope')).toBeUndefined();
  });

  it('dispatches prepare, describe, reads/writes and rename', () => {
    const op: Operation = { id: 'x', op: 'core/case', column: 'c', enabled: true, params: { mode: 'upper' } };
    expect(runOp(op, ['ab']).out).toEqual(['AB']);
    expect(describeOperation(op)).toBe('Convert "c" to upper case');
    expect(operationReads(op)).toEqual(['c']);
    expect(operationWrites(op)).toEqual(['c']);
    expect(renameOperation(op, 'c', 'd').column).toBe('d');
    expect(validateOperation(op, ['c'], 0)).toEqual([]);
  });

  it('reports and refuses unknown operations', () => {
    const bad = { id: 'x', op: 'core/nope', column: 'c', params: {} } as unknown as Operation;
    expect(validateOperation(bad, ['c'], 3)).toEqual([expect.objectContaining({ index: 3, opId: 'x', path: 'operations[3].op' })]);
    expect(() => prepareOperation(bad)).toThrow(EngineError);
  });
});
