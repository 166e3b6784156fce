/**
 * Candidate-stage study: loads what the finder received in a real clean (bench/candidateDump.ts), runs
 * only candidate generation and prints candidates per row, candidate recall of the true pairs and time.
 * `node --import tsx bench/candidateStudy.ts <dumpDir> <truth.csv> ['{"option": value}']`
 * A true pair counts as found when both rows fold into one record or their records are a candidate pair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FieldColumn } from '../src/main/engine/dedupe/columns.js';
import { lookupPair } from '../src/main/engine/dedupe/cluster.js';
import { contentOrder, groupIdentical } from '../src/main/engine/dedupe/records.js';
import { PairBuffer, agreement, candidatePairs, lshCandidates, type CandidateStageOptions } from '../src/main/engine/dedupe/candidates.js';
import { computeBandKeys, lshParams } from '../src/main/engine/dedupe/minhash.js';
import { neighbourhoodCandidates, neighbourhoodFields } from '../src/main/engine/dedupe/neighbourhood.js';
import { seedFromSalt } from '../src/main/engine/hash.js';
import type { DedupeField } from '../src/main/engine/dedupe/types.js';
import { dedupeFields, loadDblpAcm, loadFebrl } from '../scripts/evalLib.js';

const [dir, truthPath, extra] = process.argv.slice(2);
if (!dir || !truthPath) throw new Error('usage: candidateStudy.ts <dumpDir|febrl1|febrl2|dblp_acm> <truth.csv|-> [optionsJson]');
const bench = dir === 'febrl1' || dir === 'febrl2' ? loadFebrl(dir) : dir === 'dblp_acm' ? loadDblpAcm() : null;
const given = bench ? dedupeFields(bench) : null;
const fields = given ? given.fields : (JSON.parse(readFileSync(join(dir, 'fields.json'), 'utf8')) as DedupeField[]);
const rows = bench ? Array.from({ length: bench.rows }, (_, i) => i + 1) : (JSON.parse(readFileSync(join(dir, 'rows.json'), 'utf8')) as number[]);
const n = rows.length;
const columns = fields.map((f, i) => {
  const c = new FieldColumn(f);
  const cells = given ? (given.columns[i] as (string | null)[]) : (JSON.parse(readFileSync(join(dir, `col${i}.json`), 'utf8')) as (string | null)[]);
  c.add(cells, cells.length);
  c.finalize();
  return c;
});
/** Truth as "row,entity" lines; a benchmark's pairs become entities by union-find. */
function truthLines(): string[] {
  if (!bench) return readFileSync(truthPath as string, 'utf8').split('\n').slice(1);
  const parent = Array.from({ length: n + 1 }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x] as number)));
  for (const key of bench.truth) {
    const [a, b] = key.split(',').map(Number);
    parent[find(a as number)] = find(b as number);
  }
  return rows.map((r) => `${r},${find(r)}`);
}
const compared = columns.filter((c) => c.kind !== null && c.nonMissing > 0 && !c.isUniqueKeyLike());
const records = groupIdentical(compared, n);
const nRec = records.firstRow.length;

const defaults: CandidateStageOptions = {
  lshThreshold: 0.4, maxHashes: 150, maxBucket: 8, window: 3, maxShingleShare: 0.02, neighbourhoodFields: 3, neighbourhoodWindow: 2,
};
const opts = { ...defaults, ...(extra ? (JSON.parse(extra) as Partial<CandidateStageOptions>) : {}) };

// Truth: entity per 1-based row; positions of the rows the finder saw.
const posOf = new Map<number, number>();
rows.forEach((r, p) => posOf.set(r, p));
const byEntity = new Map<string, number[]>();
for (const line of truthLines()) {
  if (!line) continue;
  const [row, entity] = line.split(',');
  const p = posOf.get(Number(row));
  if (p === undefined) continue;
  const list = byEntity.get(entity as string);
  if (list) list.push(p);
  else byEntity.set(entity as string, [p]);
}

if (process.env['ANALYZE']) {
  // Agreement histogram of raw candidates (no pruning), true vs false pairs, and of true pairs LSH never paired.
  const entity = new Int32Array(n).fill(-1);
  let e = 0;
  for (const members of byEntity.values()) {
    for (const p of members) entity[p] = e;
    e++;
  }
  const params = lshParams(opts.lshThreshold, opts.maxHashes);
  const k = params.bands * params.rows;
  const shingled = compared.filter((c) => c.kind !== 'boolean' && c.norm.length >= Math.sqrt(c.nonMissing));
  const bk = await computeBandKeys(shingled, records.firstRow, seedFromSalt(''), params, opts.maxShingleShare);
  const raw = new PairBuffer();
  await lshCandidates(bk, nRec, opts, raw);
  const lshCount = (raw.compact(), raw.length);
  await neighbourhoodCandidates(neighbourhoodFields(compared, opts.neighbourhoodFields), records, opts.neighbourhoodWindow, raw, undefined, contentOrder(compared, records));
  raw.compact();
  const hist = (): number[] => new Array<number>(21).fill(0);
  const tr = hist();
  const fa = hist();
  const rawSet = new Set<number>();
  for (const key of raw.view()) {
    const i = Math.floor(key / nRec);
    const j = key - i * nRec;
    const b = Math.round((agreement(bk, k, i, j) / k) * 20);
    const ei = entity[records.firstRow[i] as number] as number;
    const t = ei >= 0 && ei === entity[records.firstRow[j] as number];
    if (t) rawSet.add(key);
    const h = t ? tr : fa;
    h[b] = (h[b] as number) + 1;
  }
  const miss = hist();
  for (const members of byEntity.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const a = records.recordOf[members[x] as number] as number;
        const b = records.recordOf[members[y] as number] as number;
        if (a === b || rawSet.has(a < b ? a * nRec + b : b * nRec + a)) continue;
        const at = Math.round((agreement(bk, k, a, b) / k) * 20);
        miss[at] = (miss[at] as number) + 1;
      }
    }
  }
  console.log(`params ${JSON.stringify(params)} lsh ${lshCount} raw ${raw.length}`);
  for (let b = 0; b <= 20; b++) console.log(`${(b / 20).toFixed(2)}  true ${tr[b]}  false ${fa[b]}  missedTrue ${miss[b]}`);
  process.exit(0);
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const pairs = new PairBuffer();
await candidatePairs(compared, records, seedFromSalt(''), opts, pairs);
pairs.compact();
const keys = pairs.view();
const cpu = process.cpuUsage(cpu0);
const ms = performance.now() - t0;

const has = (key: number): boolean => lookupPair(keys, key) >= 0;
// Connected recall: true pairs joined by a path of true candidate pairs, which clustering completes.
const parent = Int32Array.from({ length: nRec }, (_, i) => i);
const find = (x: number): number => {
  while (parent[x] !== x) x = parent[x] = parent[parent[x] as number] as number;
  return x;
};
let showMissed = Number(process.env['SHOW_MISSED'] ?? 0);
let truePairs = 0;
let found = 0;
let sameRecord = 0;
for (const members of byEntity.values()) {
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      truePairs++;
      const a = records.recordOf[members[x] as number] as number;
      const b = records.recordOf[members[y] as number] as number;
      if (a === b) {
        found++;
        sameRecord++;
      } else if (has(a < b ? a * nRec + b : b * nRec + a)) {
        found++;
        parent[find(a)] = find(b);
      } else if (showMissed > 0) {
        showMissed--;
        const show = (p: number): string => compared.map((c) => c.norm[c.codes[p] as number] ?? '∅').join(' | ');
        console.log(`missed:\n  ${show(members[x] as number)}\n  ${show(members[y] as number)}`);
      }
    }
  }
}
let connected = 0;
for (const members of byEntity.values()) {
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) {
      if (find(records.recordOf[members[x] as number] as number) === find(records.recordOf[members[y] as number] as number)) connected++;
    }
  }
}
console.log(JSON.stringify({
  rows: n, records: nRec, compared: compared.map((c) => `${c.name}:${c.kind}:${c.norm.length}`).join(' '),
  options: extra ?? 'defaults', pairs: keys.length, perRow: +(keys.length / n).toFixed(3),
  truePairs, sameRecord, missed: truePairs - found, recall: +(found / truePairs).toFixed(5), connected: +(connected / truePairs).toFixed(5),
  wallS: +(ms / 1000).toFixed(2), cpuS: +((cpu.user + cpu.system) / 1e6).toFixed(2),
}));
