/** Tests for plan parsing (lenient) and validation (strict, every issue with its index). */
import { describe, expect, it } from 'vitest';
import { type Plan, PLAN_VERSION } from '../../../shared/plan.js';
import { EngineError } from '../errors.js';
import { assertValidPlan, formatPlanIssues, parsePlan, validatePlan } from './parse.js';

const COLUMNS = ['name', 'dob', 'email', 'age'];

describe('parsePlan', () => {
  it('fills defaults and accepts op names without core/', () => {
    const { plan, issues } = parsePlan({ operations: [{ id: 't', op: 'trim', column: 'name' }] });
    expect(issues).toEqual([]);
    expect(plan).toEqual({
      version: PLAN_VERSION,
      salt: '',
      operations: [{ id: 't', op: 'core/trim', column: 'name', enabled: true, params: { collapse: true } }],
      dedupe: { mode: 'exact', columns: [] },
    });
  });

  it('round-trips a full plan unchanged', () => {
    const full: Plan = {
      version: 1, salt: 's1',
      operations: [
        { id: 'a', op: 'core/parse-date', column: 'dob', enabled: false, reason: 'mixed formats', params: { formats: ['DD/MM/YYYY'], output: 'date', onError: 'quarantine' } },
        { id: 'b', op: 'core/rule', column: 'age', enabled: true, params: { rule: { kind: 'range', min: 0, max: 120 }, action: 'flag' } },
      ],
      dedupe: { mode: 'near', columns: ['name', 'email'], threshold: 0.9, reviewThreshold: 0.8, survivor: 'most-complete' },
    };
    const { plan, issues } = parsePlan(JSON.parse(JSON.stringify(full)));
    expect(issues).toEqual([]);
    expect(plan).toEqual(full);
    expect(validatePlan(plan, COLUMNS)).toEqual([]);
  });

  it('reports unknown ops, missing columns and duplicate ids with file indices', () => {
    const { plan, issues } = parsePlan({
      operations: [
        { id: 'a', op: 'core/trim', column: 'name' },
        { id: 'b', op: 'sparkle', column: 'name' },
        { id: 'c', op: 'case' },
        { id: 'a', op: 'email', column: 'email' },
        'nonsense',
      ],
    });
    expect(plan.operations.map((o) => o.id)).toEqual(['a', 'a']);
    expect(issues.map((i) => [i.index, i.path])).toEqual([
      [1, 'operations[1].op'],
      [2, 'operations[2].column'],
      [4, 'operations[4]'],
      [3, 'operations[3].id'],
    ]);
    expect(issues[0]?.message).toContain('unknown operation "sparkle"');
    expect(issues[3]?.message).toBe('duplicate id "a" (also operations[0]); ids must be unique');
  });

  it('refuses a plan from a newer version with a clear message', () => {
    expect(() => parsePlan({ version: PLAN_VERSION + 1, operations: [] }, 'plan.json')).toThrow(/plan version 2 is newer than this Data Sanitizer supports \(version 1\); upgrade/);
    try {
      parsePlan({ version: 99 }, 'plan.json');
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('INVALID_PLAN');
      expect((err as EngineError).location).toEqual({ file: 'plan.json' });
    }
  });

  it('reads plan text and locates syntax errors', () => {
    expect(parsePlan('{"operations": []}').plan.operations).toEqual([]);
    let caught: unknown;
    try {
      parsePlan('{\n  "operations": [,]\n}', 'p.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe('INVALID_PLAN');
    expect((caught as EngineError).message).toMatch(/^plan is not valid JSON: /);
    expect((caught as EngineError).location).toMatchObject({ file: 'p.json' });
    let located: unknown;
    try {
      parsePlan('{"operations": []}\n\n  x', 'q.json');
    } catch (err) {
      located = err;
    }
    expect((located as EngineError).location).toEqual({ file: 'q.json', line: 3, column: 3 });
  });

  it('throws for a value that is not an object and reports bad top-level fields', () => {
    expect(() => parsePlan([1, 2])).toThrow(EngineError);
    const { issues } = parsePlan({ version: 'one', salt: {}, operations: 'all', dedupe: 3 });
    expect(issues.map((i) => i.path)).toEqual(['version', 'salt', 'operations', 'dedupe']);
    expect(issues.every((i) => i.index === -1)).toBe(true);
  });
});

describe('validatePlan / assertValidPlan', () => {
  const broken = (): Plan => parsePlan({
    salt: 'x',
    operations: [
      { id: 'ok', op: 'trim', column: 'name' },
      { id: 'dates', op: 'parse-date', column: 'dob', params: { formats: ['YYYY-MM-DD', 'YYYY-QQ'], output: 'week' } },
      { id: 'rng', op: 'rule', column: 'age', params: { rule: { kind: 'range', min: 10, max: 1 } } },
      { id: 'mail', op: 'email', column: 'e-mail' },
      { id: 'rx', op: 'rule', column: 'name', params: { rule: { kind: 'pattern', pattern: '[' }, action: 'explode' } },
    ],
    dedupe: { mode: 'fuzzy', columns: ['name', 'phone'] },
  }).plan;

  it('collects every issue from every op with its index, id and path', () => {
    const issues = validatePlan(broken(), COLUMNS);
    expect(issues.map((i) => [i.index, i.opId, i.path])).toEqual([
      [1, 'dates', 'operations[1].params.formats[1]'],
      [1, 'dates', 'operations[1].params.output'],
      [2, 'rng', 'operations[2].params.rule.min'],
      [3, 'mail', 'operations[3].column'],
      [4, 'rx', 'operations[4].params.action'],
      [4, 'rx', 'operations[4].params.rule.pattern'],
      [-1, undefined, 'dedupe.mode'],
      [-1, undefined, 'dedupe.columns[1]'],
    ]);
  });

  it('throws INVALID_PLAN listing each issue on its own line', () => {
    let caught: unknown;
    try {
      assertValidPlan(broken(), COLUMNS, 'plan.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EngineError);
    const e = caught as EngineError;
    expect(e.code).toBe('INVALID_PLAN');
    expect(e.location).toEqual({ file: 'plan.json' });
    expect(e.details).toHaveLength(8);
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('the plan has 8 problems:');
    expect(lines[1]).toBe('operations[1] (dates): params.formats[1]: date format "YYYY-QQ": unknown token "Q" at position 6 (put literal text in [brackets])');
    expect(lines[4]).toMatch(/^operations\[3\] \(mail\): column: column "e-mail" not found; the input has "name", "dob", "email", "age"$/);
    expect(lines[7]).toBe('dedupe.mode: mode must be one of \'near\', \'exact\', \'off\', got "fuzzy"');
    expect(lines[8]).toBe('dedupe.columns[1]: column "phone" not found');
    expect(e.oneLine().startsWith('plan.json: the plan has 8 problems:')).toBe(true);
  });

  it('passes a valid plan', () => {
    const { plan } = parsePlan({ operations: [{ id: 'a', op: 'trim', column: 'name' }], dedupe: { mode: 'near', columns: ['name'] } });
    expect(() => assertValidPlan(plan, COLUMNS)).not.toThrow();
  });

  it('checks duplicate ids, version and dedupe settings on plans built in code', () => {
    const plan: Plan = {
      version: 7, salt: '',
      operations: [
        { id: 'x', op: 'core/trim', column: 'name', params: { collapse: true } },
        { id: 'x', op: 'core/case', column: 'name', params: { mode: 'lower' } },
      ],
      dedupe: { mode: 'near', columns: [], threshold: 0.7, reviewThreshold: 0.9, survivor: 'most-recent' },
    };
    expect(validatePlan(plan, COLUMNS).map((i) => i.path)).toEqual(['version', 'operations[1].id', 'dedupe.reviewThreshold', 'dedupe.recencyColumn']);
  });

  it('formats plan-level and op-level issues', () => {
    expect(formatPlanIssues([{ index: 0, path: 'operations[0]', message: 'bad' }, { index: -1, path: '', message: 'worse' }])).toBe('operations[0]: bad\nworse');
  });
});
