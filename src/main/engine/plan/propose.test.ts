import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DatasetProfile } from '../../../shared/profile.js';
import type { Operation, Plan } from '../../../shared/plan.js';
import { prepareOperation, validateOperation } from '../ops/registry.js';
import type { OpRecorder } from '../ops/types.js';
import { profileBatches } from '../profile/profiler.js';
import { FEBRL2, readFebrl, toBatches } from '../profile/testData.js';
import type { Cell } from '../table.js';
import { proposePlan } from './propose.js';

const input: DatasetProfile['input'] = { path: 'mem', format: 'csv', sha256: '', bytes: 0 };
const quiet: OpRecorder = { cell() {}, flag() {}, quarantine() {} };

function profileOf(names: string[], rows: Cell[][]): DatasetProfile {
  return profileBatches(toBatches(names, rows, 256), { salt: 's' }, input, 0);
}

/** Runs the plan's operations over a row-major table, column by column, as pass 2 would. */
function apply(plan: Plan, names: string[], rows: Cell[][]): Cell[][] {
  const cols = names.map((_, c) => rows.map((r) => r[c] ?? null));
  for (const op of plan.operations) prepareOperation(op).apply(cols[names.indexOf(op.column)] as Cell[], rows.length, quiet);
  return rows.map((_, r) => cols.map((c) => c[r] ?? null));
}

const names = ['id', 'city', 'price', 'joined', 'active', 'email', 'score', 'notes', 'postcode'];
const CITY = ['New York', 'New York', 'New York', 'Boston', 'Boston', 'Chicago', 'Chicago', 'Denver', 'Austin', 'Seattle'];
function messyRow(i: number): Cell[] {
  let city: string | null = CITY[i % CITY.length] as string;
  if (i % 50 === 1) city = 'new york';
  if (i % 50 === 2) city = 'New  York ';
  if (i % 97 === 3) city = 'Chicgo';
  if (i % 61 === 0) city = null;
  const price = i % 83 === 0 ? 'N/A' : `$${1 + (i % 5)},${String((i * 37) % 1000).padStart(3, '0')}.50`;
  const joined = i % 4 === 0 ? `${String(13 + (i % 15))}/0${1 + (i % 9)}/2020` : `2020-0${1 + (i % 9)}-${String(10 + (i % 18))}`;
  const active = i % 41 === 0 ? null : i % 5 === 0 ? 'no' : i % 7 === 0 ? 'Y' : 'yes';
  const email = i % 3 === 0 ? `User${i}@Example.COM` : `user${i}@example.com`;
  const score = i === 500 ? '9999' : i % 29 === 0 ? null : String(40 + ((i * 13) % 21));
  const notes = i % 10 === 0 ? `note\u200b ${i}` : `note number ${i} about the order`;
  const postcode = i % 37 === 0 ? null : String((i * 7) % 900).padStart(4, '0');
  return [String(i + 1), city, price, joined, active, email, score, notes, postcode];
}
const rows = Array.from({ length: 2000 }, (_, i) => messyRow(i));

describe('proposePlan on a messy table', () => {
  const profile = profileOf(names, rows);
  const plan = proposePlan(profile, { salt: 's' });
  const ops = (name: Operation['op']) => plan.operations.filter((o) => o.op === name);

  it('proposes evidence-backed operations in stage order with sequential ids', () => {
    expect(plan.operations.map((o) => `${o.id} ${o.op} ${o.column}`)).toEqual([
      'op-001 core/unicode notes',
      'op-002 core/trim city',
      'op-003 core/nullify price',
      'op-004 core/case city',
      'op-005 core/alias city',
      'op-006 core/parse-number price',
      'op-007 core/parse-date joined',
      'op-008 core/parse-boolean active',
      'op-009 core/email email',
      'op-010 core/parse-number score',
      'op-011 core/impute active',
      'op-012 core/impute score',
      'op-013 core/outlier score',
    ]);
    for (const o of plan.operations) expect(o.reason?.length).toBeGreaterThan(20);
    expect(plan).toMatchObject({ version: 1, salt: 's', dedupe: { mode: 'near' } });
    expect(plan.dedupe.columns).toEqual(names.filter((n) => n !== 'id'));
  });

  it('fills parameters from the evidence', () => {
    expect(ops('core/trim')[0]).toMatchObject({ params: { collapse: true } });
    expect(ops('core/trim')[0]?.reason).toMatch(/^\d+ of \d+ \(\d+(\.\d)?%\) text values have leading or trailing whitespace/);
    expect(ops('core/case')[0]).toMatchObject({ params: { mode: 'title' } });
    expect(ops('core/alias')[0]).toMatchObject({ params: { mapping: { 'Chicgo': 'Chicago' }, confidence: { 'Chicgo': 0.7 } } });
    expect(ops('core/parse-number')[0]).toMatchObject({ params: { decimal: '.', percent: 'keep', onError: 'set-null' } });
    expect(ops('core/parse-date')[0]).toMatchObject({ params: { formats: ['YYYY-MM-DD', 'DD/MM/YYYY'], output: 'date', onError: 'set-null' } });
    expect(ops('core/parse-date')[0]?.reason).toMatch(/2 date formats in the sample: YYYY-MM-DD \(1500\), DD\/MM\/YYYY \(500\)/);
    // No fill for city: 'New York' holds under half of the present values.
    expect(ops('core/impute').map((o) => [o.column, o.params])).toEqual([
      ['active', { strategy: 'mode', value: true }],
      ['score', { strategy: 'median', value: 50 }],
    ]);
    expect(ops('core/parse-number')[1]).toMatchObject({ column: 'score', params: { decimal: '.', integer: true, onError: 'set-null' } });
    expect(ops('core/outlier')[0]).toMatchObject({ params: { method: 'iqr', action: 'flag' } });
    expect(ops('core/unicode')[0]).toMatchObject({ params: { form: 'NFC', stripControl: true } });
  });

  it('never imputes codes, free text, email or dates', () => {
    const imputed = new Set(ops('core/impute').map((o) => o.column));
    for (const c of ['id', 'postcode', 'notes', 'email', 'joined']) expect(imputed.has(c)).toBe(false);
  });

  it('produces operations that validate, and a second pass proposes no more text or parse fixes', () => {
    plan.operations.forEach((o, i) => expect(validateOperation(o, names, i)).toEqual([]));
    const cleaned = apply(plan, names, rows);
    const again = proposePlan(profileOf(names, cleaned), { salt: 's' });
    // Only what the first pass made visible: 'N/A' prices became nulls, which may now be filled.
    expect(again.operations.filter((o) => o.op !== 'core/outlier').map((o) => `${o.op} ${o.column}`)).toEqual(['core/impute price']);
  });

  it('is deterministic and honours the dedupe option', () => {
    expect(proposePlan(profile, { salt: 's' })).toEqual(plan);
    expect(proposePlan(profile, { salt: 's', dedupe: 'exact' }).dedupe.mode).toBe('exact');
  });
});

describe.skipIf(!existsSync(FEBRL2))('proposePlan on FEBRL dataset 2', () => {
  const { names: febNames, rows: febRows } = readFebrl(FEBRL2);
  const plan = proposePlan(profileOf(febNames, febRows), { salt: 's' });

  it('parses date_of_birth as YYYYMMDD and leaves codes alone', () => {
    const date = plan.operations.find((o) => o.op === 'core/parse-date');
    expect(date).toMatchObject({ column: 'date_of_birth', params: { formats: ['YYYYMMDD'], output: 'date' } });
    const touched = new Set(plan.operations.map((o) => o.column));
    for (const c of ['rec_id', 'postcode', 'soc_sec_id', 'street_number']) expect(touched.has(c)).toBe(false);
    // 'nsw' holds a third of the states: filling gaps with it would be wrong two times in three.
    expect(plan.operations.some((o) => o.op === 'core/impute')).toBe(false);
  });

  it('maps spacing typos in free text but not near spellings of other names', () => {
    const given = plan.operations.find((o) => o.op === 'core/alias' && o.column === 'given_name');
    expect(given?.op === 'core/alias' && given.params.mapping).toMatchObject({ 'benj amin': 'benjamin' });
    expect(given?.op === 'core/alias' && Object.hasOwn(given.params.mapping, 'isabelle')).toBe(false);
  });

  it('dedupes on everything but the row key', () => {
    expect(plan.dedupe).toEqual({ mode: 'near', columns: febNames.filter((n) => n !== 'rec_id') });
  });
});
