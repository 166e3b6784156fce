/** run.duplicates over a catalogued run with a hand-written duplicates CSV: ranking when match scores tie, paging, field similarity. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { createApi, type ApiService } from '../../src/main/app/api.js';
import { fieldSimilarity } from '../../src/main/app/duplicateViews.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';

const CSV = [
  'id,name,email',
  '1,Ann Lee,ann@x.com',
  '2,Ann Lee,ann@x.com',
  '3,Jonathan Smith,jon@x.com',
  '4,Jonathon Smyth,jon@x.com',
  '5,Maria Garcia,maria@x.com',
  '6,Mario Garcia,mgarcia@y.org',
].join('\n') + '\n';

// Every score is 1, as a saturated match probability gives: only the fields can tell the clusters apart.
const DUPS = 'row,cluster,kept,similarity\n1,1,true,1\n2,1,false,1\n3,3,true,1\n4,3,false,1\n5,5,true,1\n6,5,false,1\n';

let dir: string;
let store: SqliteRunStore;
let api: ApiService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-dupviews-'));
  const input = join(dir, 'people.csv');
  writeFileSync(input, CSV);
  writeFileSync(join(dir, 'dups.csv'), DUPS);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify({ version: 1, salt: '', operations: [], dedupe: { mode: 'near', columns: ['name', 'email'] } }));
  const profile = (name: string, inferred: string) => ({ name, before: { name, inferred, sourceType: 'string', confidence: 1, count: 6, nulls: 0, blanks: 0, distinct: 6, topValues: [], patterns: [], issues: [] }, after: null });
  const report = {
    version: 1, runId: 'r1', input: { path: input, format: 'csv', sha256: createHash('sha256').update(readFileSync(input)).digest('hex'), bytes: CSV.length },
    planHash: 'p', salt: '', rows: { in: 6, out: 3, duplicates: 3, quarantined: 0 }, invariantHolds: true,
    columns: [profile('id', 'identifier'), profile('name', 'text'), profile('email', 'email')], operations: [],
    duplicates: {
      mode: 'near', clusters: 3, removed: 3,
      review: { pairs: 7, top: [{ rowA: 2, rowB: 6, probability: 0.62, reason: 'review-band', fields: [{ field: 'name', similarity: 0.71, level: 'else', weight: -3 }, { field: 'email', similarity: null, level: 'missing', weight: 0 }] }] },
    }, quarantine: { reasons: {} }, outputs: {}, timings: {}, versions: {}, startedAt: '', finishedAt: '',
  } as unknown as Report;
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
  store = new SqliteRunStore(join(dir, 'catalog.db'));
  await store.beginRun({ id: 'r1', command: 'clean', input, salt: '', startedAt: new Date().toISOString() });
  await store.finishRun('r1', {
    status: 'succeeded', finishedAt: new Date().toISOString(),
    artifacts: { report: join(dir, 'report.json'), duplicates: join(dir, 'dups.csv'), plan: join(dir, 'plan.json') },
  });
  api = createApi({ store, dataDir: join(dir, 'data') });
});

afterAll(async () => {
  await api.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('run.duplicates', () => {
  it('ranks tied clusters by how well their compared fields agree', async () => {
    const doubtful = await api.handlers['run.duplicates']({ runId: 'r1', offset: 0, limit: 10 });
    expect(doubtful.total).toBe(3);
    expect(doubtful.compared).toEqual(['name', 'email']);
    expect(doubtful.clusters.map((c) => c.cluster)).toEqual(['5', '3', '1']);
    const [maria, jon, ann] = doubtful.clusters;
    expect(ann!.fieldAgreement).toBe(1);
    expect(jon!.fieldAgreement!).toBeLessThan(1);
    expect(maria!.fieldAgreement!).toBeLessThan(jon!.fieldAgreement!);
    const confident = await api.handlers['run.duplicates']({ runId: 'r1', offset: 0, limit: 10, order: 'confident' });
    expect(confident.clusters.map((c) => c.cluster)).toEqual(['1', '3', '5']);
    const second = await api.handlers['run.duplicates']({ runId: 'r1', offset: 1, limit: 1 });
    expect(second.clusters.map((c) => c.cluster)).toEqual(['3']);
  });

  it('puts members side by side with per-field similarity to the survivor', async () => {
    const page = await api.handlers['run.duplicates']({ runId: 'r1', offset: 0, limit: 1 });
    const maria = page.clusters[0]!;
    expect(maria.survivor).toBe(5);
    expect(maria.members.map((m) => [m.row, m.kept])).toEqual([[5, true], [6, false]]);
    // Without provenance the cleaned values are the input's.
    expect(maria.members[1]!.cleaned).toEqual(['6', 'Mario Garcia', 'mgarcia@y.org']);
    const [id, name, email] = maria.members[1]!.fieldSimilarity;
    expect(id).toBeNull();
    expect(name!).toBeGreaterThan(0.9);
    expect(name!).toBeLessThan(1);
    expect(email!).toBeLessThan(name!);
    expect(maria.members[0]!.fieldSimilarity).toEqual([null, null, null]);
  });
});

describe('run.reviewPairs', () => {
  it('lists the report\'s pairs with both rows and the model\'s field similarities', async () => {
    const r = await api.handlers['run.reviewPairs']({ runId: 'r1' });
    expect(r.total).toBe(7);
    expect(r.columns).toEqual(['id', 'name', 'email']);
    expect(r.pairs).toEqual([{
      rowA: 2, rowB: 6, probability: 0.62, reason: 'review-band',
      a: ['2', 'Ann Lee', 'ann@x.com'], b: ['6', 'Mario Garcia', 'mgarcia@y.org'], fieldSimilarity: [null, 0.71, null],
    }]);
  });
});

describe('fieldSimilarity', () => {
  it('normalises per kind before comparing and ignores missing values', () => {
    expect(fieldSimilarity('name', 'ANN  Lee', 'ann lee')).toBe(1);
    expect(fieldSimilarity('phone', '(213) 310-0367', '213.310.0367')).toBe(1);
    expect(fieldSimilarity('name', 'Ann', null)).toBeNull();
    expect(fieldSimilarity('name', '  ', 'Ann')).toBeNull();
    expect(fieldSimilarity(null, 'a', 'a')).toBeNull();
    expect(fieldSimilarity('name', 'Martha', 'Marhta')).toBeCloseTo(0.961, 3);
  });
});
