/**
 * Crash safety: kill -9 the CLI at chosen and at seeded random points of a run (pass 1, pass 2,
 * near-dedupe, output commit, between commit and report), then check that nothing incomplete sits
 * under a final name, temp files are only hidden `.*.tmp` beside the outputs, the catalog says
 * 'interrupted', the audit log still verifies, the input is untouched (and only ever opened
 * read-only), and a re-run succeeds with the same output and sweeps the orphans (their names
 * carry the dead writer's pid). Linux only: the kill points are found through /proc.
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, readFileSync, statSync, watch } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { writeLongCsv } from '../fixtures/bad/make-bad.js';
import { BIN, cli, scratch } from './helpers.js';

const ROWS = 120_000;
let dir = '';
let input = '';
let inputSha = '';
let inputMtime = 0;
/** `readingMs`: from the moment the run first opened its input to its exit. */
let reference: { rows: Report['rows']; digest: Digest; readingMs: number } | null = null;
const figures = { kills: 0, survived: 0, bytesLost: 0, strayTemp: 0, strayTmpDir: 0, tmpKinds: new Set<string>(), where: [] as string[] };

interface Digest { n: number; h: string }

async function digest(parquet: string): Promise<Digest> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    const r = await con.runAndReadAll(`SELECT count(*) AS n, md5(string_agg(CAST(t AS VARCHAR), '|' ORDER BY t.id)) AS h FROM read_parquet('${parquet.replaceAll("'", "''")}') t`);
    const row = r.getRowObjectsJson()[0] as { n: string; h: string | null };
    return { n: Number(row.n), h: row.h ?? '' };
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Files the process has open, with their open flags (from /proc). */
function openFiles(pid: number): { path: string; flags: number }[] {
  const out: { path: string; flags: number }[] = [];
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      const path = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const m = /^flags:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      out.push({ path, flags: m ? parseInt(m[1]!, 8) : -1 });
    } catch {
      // The fd closed while we looked.
    }
  }
  return out;
}

interface Scenario {
  name: string;
  dedupe: 'exact' | 'near';
  /** Kill at this fraction of the reference run's wall time instead of asking `when`. */
  fraction?: number;
  /** Decides, from what the run has on disk and open, that now is the moment to kill it. */
  when: (s: { pid: number; outDir: string; elapsed: number; sinceOpen: number; inputOpen: boolean }) => boolean;
}

const hiddenTemp = /^\.out\..+\.tmp$/;
const tempIn = (d: string): string[] => readdirSync(d).filter((f) => hiddenTemp.test(f));

/** Starts a clean, kills it with SIGKILL when `when` says so; returns whether the kill happened before the run ended. */
async function runAndKill(outDir: string, sc: Scenario, tmp: string): Promise<{ killed: boolean; code: number | null; readingMs: number }> {
  const child = spawn(process.execPath, [BIN, 'clean', input, '--out', join(outDir, 'out.parquet'), '--dedupe', sc.dedupe, '--quiet', '--store', join(outDir, 'cat.db')], {
    cwd: outDir, env: { ...process.env, TMPDIR: tmp, DATA_SANITIZER_HOME: outDir }, stdio: 'ignore',
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  let over = false;
  void exited.then(() => { over = true; });
  const started = performance.now();
  let openedAt = -1;
  let killed = false;
  const watcher = watch(outDir, () => check());
  function check(): void {
    if (killed || over || !child.pid) return;
    const files = openFiles(child.pid);
    const mine = files.filter((f) => f.path === input);
    // The input is only ever opened read-only (O_ACCMODE bits are 0).
    for (const f of mine) expect(f.flags & 3).toBe(0);
    const now = performance.now();
    if (openedAt < 0 && mine.length > 0) openedAt = now;
    if (sc.when({ pid: child.pid, outDir, elapsed: now - started, sinceOpen: openedAt < 0 ? -1 : now - openedAt, inputOpen: mine.length > 0 })) {
      killed = true;
      child.kill('SIGKILL');
    }
  }
  const timer = setInterval(check, 5);
  const code = await exited;
  clearInterval(timer);
  watcher.close();
  return { killed, code, readingMs: openedAt < 0 ? 0 : performance.now() - openedAt };
}

/** Everything that must hold after a kill; returns where the kill landed. */
async function verifyAfterKill(outDir: string, tmp: string): Promise<string> {
  const ref = reference!;
  const files = readdirSync(outDir);
  const out = join(outDir, 'out.parquet');
  const landed = existsSync(out) ? 'after the output was committed' : files.some((f) => hiddenTemp.test(f) && statSync(join(outDir, f)).size > 0) ? 'while outputs were being written'
    : existsSync(join(outDir, 'out.audit.jsonl')) ? 'in pass 2' : 'in pass 1';
  // Under its final name an output is complete: the Parquet reads back whole, the report parses.
  if (existsSync(out)) {
    const d = await digest(out).catch(() => ({ n: -1, h: '' }));
    if (d.n !== ref.rows.out || d.h !== ref.digest.h) figures.bytesLost += statSync(out).size;
    expect(d).toEqual(ref.digest);
  }
  if (existsSync(join(outDir, 'out.report.json'))) expect((JSON.parse(await readFile(join(outDir, 'out.report.json'), 'utf8')) as Report).rows).toEqual(ref.rows);
  if (existsSync(join(outDir, 'out.provenance.parquet'))) await digest(join(outDir, 'out.provenance.parquet')).catch(() => expect.fail('provenance under its final name is unreadable'));
  // Nothing else half-written: final names, the catalog, the audit log, and hidden temp files only.
  const allowed = /^(out\.(parquet|provenance\.parquet|quarantine\.jsonl|report\.json|audit\.jsonl)|cat\.db(-wal|-shm|-journal)?)$/;
  expect(files.filter((f) => !allowed.test(f) && !hiddenTemp.test(f))).toEqual([]);
  figures.strayTemp += tempIn(outDir).length;
  figures.strayTmpDir += readdirSync(tmp).length;
  for (const n of readdirSync(tmp)) figures.tmpKinds.add(n.replace(/[-_.]?[A-Za-z0-9]{6}$/, '*'));
  // The catalog marks the dead run interrupted.
  const runs = await cli(['runs', '--store', join(outDir, 'cat.db'), '--json'], { cwd: outDir });
  expect(runs.code).toBe(0);
  expect((JSON.parse(runs.stdout) as { status: string }[]).map((r) => r.status)).toEqual(['interrupted']);
  // The append-only audit log still verifies (a killed run simply has no run.finished entry).
  if (existsSync(join(outDir, 'out.audit.jsonl'))) expect((await cli(['verify', join(outDir, 'out.audit.jsonl')])).code).toBe(0);
  // A re-run succeeds, gives the same data, and sweeps what the killed run left (its pid is dead).
  const again = await cli(['clean', input, '--out', out, '--dedupe', 'exact', '--quiet', '--force', '--store', join(outDir, 'cat.db')], { cwd: outDir, env: { TMPDIR: tmp } });
  expect(again.stderr).toBe('');
  expect(again.code).toBe(0);
  expect((JSON.parse(await readFile(join(outDir, 'out.report.json'), 'utf8')) as Report).rows).toEqual(ref.rows);
  expect(await digest(out)).toEqual(ref.digest);
  expect(tempIn(outDir)).toEqual([]);
  expect(readdirSync(tmp)).toEqual([]);
  const after = await cli(['runs', '--store', join(outDir, 'cat.db'), '--json'], { cwd: outDir });
  expect((JSON.parse(after.stdout) as { status: string }[]).map((r) => r.status).sort()).toEqual(['interrupted', 'succeeded']);
  return landed;
}

/** Deterministic pseudo-random fractions (mulberry32), so "random" kill points replay exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const linux = process.platform === 'linux';

describe.skipIf(!linux)('kill -9 during a run', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    dir = await scratch('ds-crash-');
    input = join(dir, 'long.csv');
    await writeLongCsv(input, ROWS);
    inputSha = sha(input);
    inputMtime = statSync(input).mtimeMs;
    // A complete run to compare against, timed from its first read of the input to its exit.
    const refDir = join(dir, 'reference');
    const refTmp = join(dir, 'reference.tmp');
    await mkdir(refDir, { recursive: true });
    await mkdir(refTmp, { recursive: true });
    const r = await runAndKill(refDir, { name: 'reference', dedupe: 'exact', when: () => false }, refTmp);
    expect(r).toMatchObject({ killed: false, code: 0 });
    const report = JSON.parse(await readFile(join(refDir, 'out.report.json'), 'utf8')) as Report;
    expect(report.rows).toEqual({ in: ROWS, out: ROWS, duplicates: 0, quarantined: 0 });
    expect(readdirSync(refTmp)).toEqual([]);
    reference = { rows: report.rows, digest: await digest(join(refDir, 'out.parquet')), readingMs: r.readingMs };
    expect(reference.digest.n).toBe(ROWS);
  }, 600_000);

  afterAll(async () => {
    console.log(`crash: ${figures.kills} kills, ${figures.survived} survived (${figures.where.join('; ')}), bytes lost ${figures.bytesLost}, orphans the kills left and the re-runs swept: ${figures.strayTemp} hidden .tmp files beside outputs, ${figures.strayTmpDir} entries in TMPDIR (${[...figures.tmpKinds].join(', ')})`);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const outExists = (d: string): boolean => existsSync(join(d, 'out.parquet'));
  const auditExists = (d: string): boolean => existsSync(join(d, 'out.audit.jsonl'));
  const writing = (d: string): boolean => tempIn(d).some((f) => {
    try {
      return statSync(join(d, f)).size > 0;
    } catch {
      return false;
    }
  });
  const rand = seeded(7);
  const scenarios: Scenario[] = [
    { name: 'pass 1 (profiling)', dedupe: 'exact', when: (s) => s.inputOpen && !auditExists(s.outDir) && s.elapsed > 300 },
    { name: 'pass 2 (cleaning)', dedupe: 'exact', when: (s) => s.inputOpen && auditExists(s.outDir) && tempIn(s.outDir).length > 0 },
    { name: 'near-duplicate search', dedupe: 'near', when: (s) => !s.inputOpen && auditExists(s.outDir) && !writing(s.outDir) && !outExists(s.outDir) && tempIn(s.outDir).length > 0 },
    { name: 'output commit (Parquet being written)', dedupe: 'exact', when: (s) => writing(s.outDir) },
    { name: 'between output rename and report', dedupe: 'exact', when: (s) => outExists(s.outDir) },
    // Seeded points between 5% and 75% of the reference run's time from opening its input to exiting.
    ...[0, 1, 2].map((i): Scenario => ({ name: `random point #${i + 1}`, dedupe: 'exact', fraction: 0.05 + 0.7 * rand(), when: () => false })),
  ];

  for (const sc of scenarios) {
    it(`killed at ${sc.name}: no partial output, catalog 'interrupted', re-run succeeds`, async () => {
      const outDir = join(dir, sc.name.replace(/\W+/g, '-'));
      const tmp = join(outDir, '..', `${sc.name.replace(/\W+/g, '-')}.tmp`);
      await mkdir(outDir, { recursive: true });
      await mkdir(tmp, { recursive: true });
      // Random points are relative to the reference run, known only now.
      const at = sc.fraction === undefined ? 0 : sc.fraction * reference!.readingMs;
      // On a machine busier than during the reference run the point may come late: the output
      // commit, the last moment a kill can still hurt, is then the point.
      const run = await runAndKill(outDir, sc.fraction === undefined ? sc : { ...sc, when: (s) => s.sinceOpen >= at || writing(s.outDir) }, tmp);
      expect({ killed: run.killed, code: run.code }).toEqual({ killed: true, code: null });
      figures.kills++;
      const landed = await verifyAfterKill(outDir, tmp);
      figures.survived++;
      figures.where.push(`${sc.name}: ${landed}`);
      expect(sha(input)).toBe(inputSha);
      expect(statSync(input).mtimeMs).toBe(inputMtime);
    });
  }
});
