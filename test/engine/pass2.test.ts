/** Pass 2 on generated dirty data: the same bytes for any worker count, and when exact keys spill to disk. */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../scripts/generator/run.js';
import type { DedupeMode } from '../../src/shared/plan.js';
import { openSource } from '../../src/main/engine/io/open.js';
import { openSink } from '../../src/main/engine/io/sinks.js';
import { proposePlan } from '../../src/main/engine/plan/propose.js';
import { PROVENANCE_COLUMNS, PROVENANCE_TYPES } from '../../src/main/engine/provenance/recorder.js';
import { profileSource } from '../../src/main/engine/run/pass1.js';
import { QUARANTINE_COLUMNS, runPass2, type Pass2Result } from '../../src/main/engine/run/pass2.js';
import { defaultNearFinder } from '../../src/main/engine/run/clean.js';

let dir = '';
let input = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ds-pass2-'));
  input = join(dir, 'dirty.csv');
  await generate({ rows: 20_000, format: 'csv', seed: 7, out: input, truth: null });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run { files: Record<string, Buffer>; result: Pass2Result; profile: string }

async function clean(name: string, mode: DedupeMode, opts: { workers: number; memoryMB?: number }): Promise<Run> {
  const source = openSource(input);
  const p1 = await profileSource(source, { salt: 's', workers: opts.workers });
  const plan = proposePlan(p1.profile, { salt: 's', dedupe: mode });
  const at = (f: string): string => join(dir, `${name}.${f}`);
  const out = await openSink(at('out.parquet'), { columns: p1.columns });
  const provenance = await openSink(at('prov.parquet'), { columns: [...PROVENANCE_COLUMNS], types: PROVENANCE_TYPES, format: 'parquet' });
  const quarantine = await openSink(at('quarantine.jsonl'), { columns: QUARANTINE_COLUMNS, format: 'jsonl' });
  const duplicates = await openSink(at('dups.csv'), { columns: ['row', 'cluster', 'kept', 'similarity'], format: 'csv' });
  const types = new Map(p1.profile.columns.map((c) => [c.name, c.inferred]));
  const result = await runPass2({
    source, columns: p1.columns, plan, out, provenance, quarantine, duplicates, totalBytes: 0, rowsHint: p1.rows,
    fields: p1.columns.map((name) => ({ name, type: types.get(name) ?? 'text' })),
    createNearFinder: (f) => defaultNearFinder(f, plan),
    workers: opts.workers, ...(opts.memoryMB !== undefined ? { memoryMB: opts.memoryMB } : {}),
  });
  for (const s of [out, provenance, quarantine, duplicates]) await s.commit();
  const files: Record<string, Buffer> = {};
  for (const f of ['out.parquet', 'prov.parquet', 'quarantine.jsonl', 'dups.csv']) files[f] = await readFile(at(f));
  return { files, result, profile: JSON.stringify(p1.profile) };
}

/** What must not depend on how the work was spread: every byte written and every count reported. */
function observable(r: Run): unknown {
  const { ms: _ms, workers: _w, spilled: _s, finder: _f, ...rest } = r.result;
  return { files: r.files, result: rest, profile: r.profile };
}

/** Each test cleans the 20k-row file several times; on a loaded 2-core machine that takes minutes. Not a speed check. */
const SLOW = { timeout: 300_000 };

describe('pass 2 with worker threads', () => {
  it('writes the same bytes and reports the same counts with 1, 2 and 4 workers (exact)', SLOW, async () => {
    const one = await clean('e1', 'exact', { workers: 1 });
    expect(one.result.workers).toBe(1);
    expect(one.result.duplicates).toBeGreaterThan(1000);
    expect(one.result.rowsIn).toBe(20_000);
    expect(one.files['dups.csv']!.length).toBeGreaterThan(1000);
    for (const w of [2, 4]) {
      const many = await clean(`e${w}`, 'exact', { workers: w });
      expect(many.result.workers).toBe(w);
      expect(observable(many)).toEqual(observable(one));
    }
  });

  it('writes the same bytes with 1 and 2 workers when near duplicates decide after pass 2 (near)', SLOW, async () => {
    const one = await clean('n1', 'near', { workers: 1 });
    const two = await clean('n2', 'near', { workers: 2 });
    expect(two.result.duplicates).toBeGreaterThan(one.result.duplicates - 1);
    expect(one.result.assignments.length).toBeGreaterThan(0);
    expect(observable(two)).toEqual(observable(one));
  });

  it('spills exact keys under a tiny memory budget and still writes the same bytes', SLOW, async () => {
    const roomy = await clean('m0', 'exact', { workers: 2 });
    const tiny = await clean('m1', 'exact', { workers: 2, memoryMB: 1 });
    expect(roomy.result.spilled).toBe(false);
    expect(tiny.result.spilled).toBe(true);
    expect(observable(tiny)).toEqual(observable(roomy));
  });
});
