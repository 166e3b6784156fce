/** The `data-sanitizer` command line: profile, clean, runs, verify. */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { DedupeMode } from '../../shared/plan.js';
import { explainRows, runClean } from '../app/runService.js';
import { formatPairVerdict } from '../engine/dedupe/explainText.js';
import { verifyAuditLog } from '../engine/audit/auditLog.js';
import { CancelledError, EngineError } from '../engine/errors.js';
import { atomicWriteFile } from '../engine/io/atomic.js';
import { openSource } from '../engine/io/open.js';
import type { InputFormat, OutputFormat } from '../engine/io/types.js';
import { parsePlan } from '../engine/plan/parse.js';
import { proposePlan } from '../engine/plan/propose.js';
import { renderReportFile } from '../engine/report/fromFile.js';
import { profileSource } from '../engine/run/pass1.js';
import { sha256File } from '../engine/run/fileHash.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { startServer } from '../server/index.js';
import { defaultCatalogPath, defaultDataDir } from './dataDir.js';
import { ProgressBar } from './progressBar.js';
import { renderProfile } from './profileTable.js';
import { formatChecks, openRunStore, openSignatureIndex, openTeamStore, testConnections } from '../app/connections.js';
import { listProfiles, resolveConnections, type ResolvedConnections } from '../app/profiles.js';
import { prepareRun, recoverRemote } from '../app/remoteRun.js';
import { journalDir } from '../app/uploadJournal.js';
import { isPostgresUrl, urlHasPassword } from '../store/pg/connection.js';
import { isS3Url, parseS3Url } from '../store/s3/s3Config.js';

const EXIT = { usage: 2, data: 65, noInput: 66, cantCreate: 73, io: 74, tampered: 3, cancelled: 130, internal: 70 } as const;

let debug = false;

function exitCodeFor(err: EngineError): number {
  switch (err.code) {
    case 'CANCELLED': return EXIT.cancelled;
    case 'NOT_FOUND': return EXIT.noInput;
    case 'BAD_INPUT': case 'UNSUPPORTED_FORMAT': case 'INVALID_PLAN': case 'LIMIT_EXCEEDED': return EXIT.data;
    case 'OUTPUT_EXISTS': return EXIT.cantCreate;
    case 'INVALID_ARGUMENT': return EXIT.usage;
    case 'IO_ERROR': case 'STORE_ERROR': return EXIT.io;
    case 'AUDIT_TAMPERED': return EXIT.tampered;
    case 'INTERNAL': return EXIT.internal;
  }
}

function fail(err: unknown): never {
  if (err instanceof EngineError) {
    process.stderr.write(`data-sanitizer: ${err.oneLine()}\n`);
    if (debug && err.stack) process.stderr.write(err.stack + '\n');
    process.exit(exitCodeFor(err));
  }
  const e = err as NodeJS.ErrnoException;
  if (e && (e.code === 'ENOSPC' || e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EISDIR' || e.code === 'ENOENT')) {
    process.stderr.write(`data-sanitizer: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(e.stack + '\n');
    process.exit(EXIT.io);
  }
  process.stderr.write(`data-sanitizer: internal error: ${e instanceof Error ? e.message : String(e)} (run with --debug for details)\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
  process.exit(EXIT.internal);
}

/** Ctrl-C aborts the work; the engine unwinds, removes temp files, then we exit 130. */
function cancellable(): AbortController {
  const ac = new AbortController();
  let hits = 0;
  process.on('SIGINT', () => {
    hits++;
    if (hits > 1) process.exit(EXIT.cancelled);
    process.stderr.write('\ndata-sanitizer: cancelling…\n');
    ac.abort(new CancelledError());
  });
  process.on('SIGTERM', () => ac.abort(new CancelledError()));
  return ac;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

function sheetArg(v: string): string | number {
  return /^\d+$/.test(v) ? Number(v) : v;
}

interface InputFlags { inputFormat?: InputFormat; sheet?: string | number; delimiter?: string; encoding?: string }

function addInputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--input-format <format>', 'input format (default: from the extension or content)').choices(['csv', 'tsv', 'json', 'jsonl', 'parquet', 'xlsx']))
    .option('--sheet <name|index>', 'XLSX sheet by name or 1-based index (default: first)', sheetArg)
    .option('--delimiter <char>', 'CSV delimiter (default: sniffed)')
    .option('--encoding <name>', 'text encoding: utf-8, utf-16le, utf-16be, windows-1252 (default: detected)')
    .option('--salt <salt>', 'salt for the deterministic sample and hashes')
    .option('-q, --quiet', 'no progress bar')
    .option('--debug', 'print stack traces on errors');
}

function sourceOpts(f: InputFlags): Parameters<typeof openSource>[1] {
  const o: Parameters<typeof openSource>[1] = {};
  if (f.inputFormat) o.format = f.inputFormat;
  if (f.sheet !== undefined) o.sheet = f.sheet;
  if (f.delimiter !== undefined) o.delimiter = f.delimiter;
  if (f.encoding !== undefined) o.encoding = f.encoding;
  return o;
}

async function readPlanFile(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new EngineError('NOT_FOUND', `cannot read plan ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new EngineError('INVALID_PLAN', `plan is not valid JSON: ${(err as Error).message}`, { location: { file: path } });
  }
  const { plan, issues } = parsePlan(json, path);
  if (issues.length) {
    throw new EngineError('INVALID_PLAN', `${path}: ${issues.length} problem(s):\n` + issues.map((i) => `  operations[${i.index}]${i.opId ? ` (${i.opId})` : ''} ${i.path}: ${i.message}`).join('\n'), { details: issues });
  }
  return plan;
}

const program = new Command('data-sanitizer')
  .description('Clean, deduplicate and audit messy tables (CSV/TSV, XLSX, JSON/JSONL, Parquet).')
  .version(ENGINE_VERSION)
  .showHelpAfterError()
  .configureOutput({ outputError: (str, write) => write(str) });

addInputOptions(program.command('profile <input>')
  .description('Pass 1 only: profile every column and propose a cleaning plan.'))
  .option('--json', 'print the profile as JSON instead of a table')
  .option('--plan-out <file>', 'write the proposed plan (JSON) to this file')
  .option('--sample-size <n>', 'rows in the deterministic sample (default 20000)', positiveInt)
  .addOption(new Option('--dedupe <mode>', 'duplicate detection in the proposed plan').choices(['near', 'exact', 'off']).default('near'))
  .option('--force', 'overwrite --plan-out if it exists')
  .action(async (input: string, o: InputFlags & { json?: boolean; planOut?: string; sampleSize?: number; salt?: string; quiet?: boolean; debug?: boolean; dedupe: DedupeMode; force?: boolean }) => {
    debug = o.debug === true;
    const ac = cancellable();
    const bar = ProgressBar.enabled(o.quiet === true) ? new ProgressBar() : null;
    const source = openSource(input, sourceOpts(o));
    const salt = o.salt ?? '';
    const res = await profileSource(source, {
      salt, sha256: sha256File(input), signal: ac.signal,
      ...(o.sampleSize ? { sampleSize: o.sampleSize } : {}),
      ...(bar ? { onProgress: bar.update } : {}),
    });
    bar?.done();
    if (o.planOut) {
      const plan = proposePlan(res.profile, { salt, dedupe: o.dedupe });
      await atomicWriteFile(o.planOut, JSON.stringify(plan, null, 2) + '\n', { overwrite: o.force === true });
      if (!o.json && !o.quiet) process.stderr.write(`plan with ${plan.operations.length} operations written to ${o.planOut}\n`);
    }
    process.stdout.write(o.json ? JSON.stringify(res.profile, null, 2) + '\n' : renderProfile(res.profile));
  });

interface ConnectionFlags { store?: string; profile?: string; workspace?: string }

function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('--store <path|url>', `run catalog: a SQLite file or a team postgres://… URL (default: the profile's, DATA_SANITIZER_PG_URL, else ${defaultCatalogPath()})`)
    .option('--profile <name>', 'connection profile from the connections file (default: DATA_SANITIZER_PROFILE)')
    .option('--workspace <name>', 'workspace in the team catalog (default: the profile\'s, DATA_SANITIZER_WORKSPACE, else "default")');
}

/** `urls`: other locations on the command line (input, output) that may also carry a password. */
async function connections(o: ConnectionFlags, urls: readonly string[] = []): Promise<ResolvedConnections> {
  if ([o.store, ...urls].some((u) => u !== undefined && isPostgresUrl(u) && urlHasPassword(u))) {
    process.stderr.write('data-sanitizer: warning: a password in a postgres:// URL ends up in shell history and process lists; prefer a profile or PGPASSWORD\n');
  }
  return resolveConnections({ dataDir: defaultDataDir(), ...(o.store ? { store: o.store } : {}), ...(o.profile ? { profile: o.profile } : {}), ...(o.workspace ? { workspace: o.workspace } : {}) });
}

/** The dataset name `--dataset` defaults to: the table, the object or the file name without extension. */
function defaultDataset(input: string, table: string | undefined): string {
  if (isPostgresUrl(input)) return table ?? 'query';
  const name = isS3Url(input) ? parseS3Url(input).key.split('/').pop() ?? input : input;
  return basename(name, extname(name));
}

interface CleanFlags extends InputFlags, ConnectionFlags {
  table?: string; schema?: string; query?: string; outTable?: string; outSchema?: string;
  out: string; format?: OutputFormat; plan?: string; planOut?: string; report?: string; reportHtml?: string; audit?: string; provenance?: string | false;
  quarantine?: string; duplicates?: string; salt?: string; dedupe?: DedupeMode; store?: string; force?: boolean; quiet?: boolean;
  debug?: boolean; workers?: number; memory?: number; sampleSize?: number; json?: boolean;
  review?: string; against?: string; dataset?: string | true;
}

function rowPair(v: string): [number, number] {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new InvalidArgumentError('must be two row numbers, like 3,17');
  if (m[1] === m[2]) throw new InvalidArgumentError('must name two different rows');
  return [Number(m[1]), Number(m[2])];
}

addConnectionOptions(addInputOptions(program.command('clean <input>')
  .description('Profile, plan and clean a table (a file, s3://bucket/key or postgres://…); write cleaned data, provenance, audit log and report.')))
  .requiredOption('-o, --out <file>', 'cleaned output (.csv, .parquet or .jsonl; s3://bucket/key.ext; or postgres://… with --out-table)')
  .addOption(new Option('--format <format>', 'output format (default: from --out extension)').choices(['csv', 'parquet', 'jsonl']))
  .option('--plan <file>', 'apply this plan instead of proposing one')
  .option('--plan-out <file>', 'save the plan that was applied')
  .option('--report <file>', 'report JSON (default: <out>.report.json)')
  .option('--report-html <file>', 'also write the self-contained HTML audit report (default: none)')
  .option('--audit <file>', 'append-only audit log (default: <out>.audit.jsonl)')
  .option('--provenance <file>', 'cell-level provenance Parquet (default: <out>.provenance.parquet)')
  .option('--no-provenance', 'do not write provenance')
  .option('--quarantine <file>', 'quarantined rows JSONL (default: <out>.quarantine.jsonl)')
  .option('--duplicates <file>', 'CSV listing every row in a duplicate cluster: row,cluster,kept,similarity')
  .option('--review <file>', 'JSON list of duplicate pairs left for a person (scored between the review threshold and the threshold), with both rows\' values, per-field similarities and weights; decisions go into the plan\'s dedupe.decisions')
  .option('--against <dataset>', 'remove rows an earlier run of this dataset already had (same key, or near duplicates checked field by field); this run is recorded under the dataset too unless --dataset names another')
  .option('--dataset [name]', 'record this run\'s rows (keys and signatures) in the catalog for later --against runs (default name: the input file name without extension)')
  .addOption(new Option('--dedupe <mode>', 'how duplicates are found (default: the plan\'s, else near)').choices(['near', 'exact', 'off']))
  .option('--workers <n>', 'worker threads (default: the cores)', positiveInt)
  .option('--memory <MB>', 'memory budget in MB (default 1024)', positiveInt)
  .option('--sample-size <n>', 'rows in the deterministic sample (default 20000)', positiveInt)
  .option('--table <name>', 'postgres:// input: the table to read')
  .option('--schema <name>', 'postgres:// input: the table\'s schema')
  .option('--query <sql>', 'postgres:// input: a read-only SELECT instead of a table (add ORDER BY for stable row numbers)')
  .option('--out-table <name>', 'postgres:// output: the table to create (replaced with --force)')
  .option('--out-schema <name>', 'postgres:// output: the table\'s schema')
  .option('--json', 'print the report summary as JSON')
  .option('-f, --force', 'overwrite existing outputs')
  .action(async (input: string, o: CleanFlags) => {
    debug = o.debug === true;
    const ac = cancellable();
    const bar = ProgressBar.enabled(o.quiet === true) ? new ProgressBar() : null;
    const plan = o.plan ? await readPlanFile(o.plan) : undefined;
    const conn = await connections(o, [input, o.out]);
    const store = await openRunStore(conn.store, conn.workspace);
    const dataset = o.dataset === true ? defaultDataset(input, o.table) : (o.dataset ?? o.against);
    const index = dataset === undefined ? null : await openSignatureIndex(conn, store);
    let cleanupRemote: (() => Promise<void>) | null = null;
    try {
      const artifacts: Record<string, string> = {};
      if (o.review) artifacts['review'] = o.review;
      if (o.report) artifacts['report'] = o.report;
      if (o.audit) artifacts['audit'] = o.audit;
      if (typeof o.provenance === 'string') artifacts['provenance'] = o.provenance;
      if (o.quarantine) artifacts['quarantine'] = o.quarantine;
      if (o.duplicates) artifacts['duplicates'] = o.duplicates;
      if (o.planOut) artifacts['planOut'] = o.planOut;
      if (o.reportHtml) artifacts['reportHtml'] = o.reportHtml;
      const prepared = await prepareRun(store, {
        input, out: o.out, artifacts,
        ...(o.inputFormat ? { inputFormat: o.inputFormat } : {}),
        ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
        ...(o.delimiter !== undefined ? { delimiter: o.delimiter } : {}),
        ...(o.encoding !== undefined ? { encoding: o.encoding } : {}),
        provenance: o.provenance !== false,
        force: o.force === true,
        signal: ac.signal,
        versions: { cli: ENGINE_VERSION },
        actor: { via: 'cli', user: process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown' },
        ...(plan ? { plan } : {}),
        ...(o.format ? { format: o.format } : {}),
        ...(o.salt !== undefined ? { salt: o.salt } : {}),
        ...(o.dedupe ? { dedupe: o.dedupe } : {}),
        ...(o.sampleSize ? { sampleSize: o.sampleSize } : {}),
        ...(o.workers !== undefined ? { workers: o.workers } : {}),
        ...(o.memory !== undefined ? { memoryMB: o.memory } : {}),
        ...(bar ? { onProgress: bar.update } : {}),
        ...(index && dataset !== undefined ? { signatureIndex: index, dataset } : {}),
        ...(o.against !== undefined ? { against: o.against } : {}),
      }, {
        ...(o.table !== undefined ? { table: o.table } : {}), ...(o.schema !== undefined ? { schema: o.schema } : {}),
        ...(o.query !== undefined ? { query: o.query } : {}), ...(o.outTable !== undefined ? { outTable: o.outTable } : {}),
        ...(o.outSchema !== undefined ? { outSchema: o.outSchema } : {}),
        journalDir: journalDir(defaultDataDir()),
      }, conn);
      cleanupRemote = prepared.cleanup;
      const result = await runClean(store, prepared.options, prepared.hooks);
      bar?.done();
      const r = result.report;
      const d = r.duplicates;
      if (d.against && d.against.earlierRuns === 0 && !o.quiet) process.stderr.write(`data-sanitizer: note: no earlier runs of dataset "${d.against.dataset}" are recorded, so --against removed nothing\n`);
      const skipped = (d.decisions ?? []).filter((x) => x.status === 'skipped');
      if (skipped.length && !o.quiet) process.stderr.write(`data-sanitizer: note: ${skipped.length} review decision(s) skipped: ${skipped[0]!.detail}${skipped.length > 1 ? ' …' : ''}\n`);
      if (o.json) process.stdout.write(JSON.stringify({ runId: r.runId, rows: r.rows, outputs: r.outputs }, null, 2) + '\n');
      else if (!o.quiet) {
        process.stdout.write(
          `rows in ${r.rows.in}  out ${r.rows.out}  duplicates ${r.rows.duplicates}  quarantined ${r.rows.quarantined}  (${(r.timings['totalMs']! / 1000).toFixed(1)}s)\n` +
          (d.against ? `  seen in earlier runs of ${d.against.dataset}: ${d.against.exact + d.against.near} (${d.against.exact} same key, ${d.against.near} near)\n` : '') +
          (d.review?.pairs ? `  ${d.review.pairs} pair(s) left for review${o.review ? ` in ${o.review}` : ' (list them with --review <file>)'}\n` : '') +
          Object.entries(r.outputs).map(([k, v]) => `  ${k.padEnd(11)} ${v}`).join('\n') + '\n');
      }
    } finally {
      bar?.done();
      await cleanupRemote?.();
      await index?.close();
      await store.close();
    }
  });

addInputOptions(program.command('explain <input>')
  .description('Why two rows were or were not merged: per-field values, similarity, comparison level and weight, the total and probability, and the decision. Reruns pass 1, the plan and the duplicate finder over the input (nothing is written or recorded).'))
  .requiredOption('--rows <a,b>', 'the two 1-based data rows to compare, e.g. 3,17', rowPair)
  .option('--plan <file>', 'the plan the run used (default: the plan pass 1 proposes)')
  .option('--sample-size <n>', 'rows in the deterministic sample (default 20000)', positiveInt)
  .option('--json', 'print the verdict as JSON')
  .action(async (input: string, o: InputFlags & { rows: [number, number]; plan?: string; sampleSize?: number; salt?: string; json?: boolean; quiet?: boolean; debug?: boolean }) => {
    debug = o.debug === true;
    const ac = cancellable();
    const plan = o.plan ? await readPlanFile(o.plan) : undefined;
    const v = await explainRows({
      input, rows: o.rows, signal: ac.signal, ...sourceOpts(o),
      ...(plan ? { plan } : {}),
      ...(o.salt !== undefined ? { salt: o.salt } : {}),
      ...(o.sampleSize ? { sampleSize: o.sampleSize } : {}),
    });
    process.stdout.write(o.json ? JSON.stringify(v, null, 2) + '\n' : formatPairVerdict(v));
  });

addConnectionOptions(program.command('runs')
  .description('List runs recorded in the catalog.'))
  .option('--limit <n>', 'how many runs (default 20)', positiveInt)
  .option('--json', 'print JSON')
  .action(async (o: ConnectionFlags & { limit?: number; json?: boolean }) => {
    const conn = await connections(o);
    const store = await openRunStore(conn.store, conn.workspace);
    try {
      const cleaned = await recoverRemote(store, conn, journalDir(defaultDataDir()));
      if (cleaned.length && !o.json) process.stderr.write(`data-sanitizer: removed the partial uploads of ${cleaned.length} interrupted run(s): ${cleaned.join(', ')}\n`);
      const runs = await store.listRuns({ limit: o.limit ?? 20 });
      if (o.json) {
        process.stdout.write(JSON.stringify(runs, null, 2) + '\n');
        return;
      }
      if (runs.length === 0) {
        process.stdout.write('no runs recorded yet\n');
        return;
      }
      const rows = runs.map((r) => [r.startedAt.replace('T', ' ').slice(0, 19), r.id.slice(0, 8), r.status, String(r.rowsIn ?? ''), String(r.rowsOut ?? ''), String(r.duplicates ?? ''), String(r.quarantined ?? ''), r.input + (r.error ? `  (${r.error})` : '')]);
      const header = ['started', 'run', 'status', 'in', 'out', 'dups', 'quar', 'input'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const fmt = (c: string[]): string => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ');
      process.stdout.write([fmt(header), ...rows.map(fmt)].join('\n') + '\n');
    } finally {
      await store.close();
    }
  });

program.command('report <report>')
  .description('Render an existing report.json as a self-contained HTML audit report (plan and audit log are found where the run wrote them, or beside the report).')
  .requiredOption('--html <file>', 'the HTML file to write')
  .option('-f, --force', 'overwrite the HTML file if it exists')
  .option('--debug', 'print stack traces on errors')
  .action(async (path: string, o: { html: string; force?: boolean; debug?: boolean }) => {
    debug = o.debug === true;
    const r = await renderReportFile(path);
    await atomicWriteFile(o.html, r.html, { overwrite: o.force === true });
    const missing = [r.plan ? '' : 'plan (no descriptions)', r.audit ? '' : 'audit log (no chain head)'].filter(Boolean);
    process.stdout.write(`report of run ${r.report.runId} written to ${o.html}${missing.length ? `; not found: ${missing.join(', ')}` : ''}\n`);
  });

addConnectionOptions(program.command('verify [audit]')
  .description('Check an audit log\'s hash chain (a file, or without one the team catalog\'s trail of the workspace); exits non-zero if any entry was edited, deleted or reordered.'))
  .action(async (path: string | undefined, o: ConnectionFlags) => {
    if (path === undefined) {
      const team = await openTeamStore(await connections(o), 'verify without a file');
      try {
        const t = await team.verifyAudit();
        if (!t.ok) {
          process.stderr.write(`data-sanitizer: team audit trail of workspace "${team.workspace}", entry ${t.seq}: ${t.error}\n`);
          process.exit(EXIT.tampered);
        }
        process.stdout.write(`ok: ${t.entries} entries in workspace "${team.workspace}", chain intact, head ${t.head}\n`);
      } finally {
        await team.close();
      }
      return;
    }
    const r = await verifyAuditLog(path).catch((err: unknown) => fail(err));
    if (r.ok) {
      process.stdout.write(`ok: ${r.entries} entries, chain intact, head ${r.head}\n`);
    } else {
      process.stderr.write(`data-sanitizer: ${path}, line ${r.line}: ${r.error}\n`);
      process.exit(EXIT.tampered);
    }
  });

const connectionsCmd = program.command('connections').description('Connection profiles for team backends (Postgres catalog, S3, Milvus).');
connectionsCmd.command('list')
  .description('List the profiles in the connections file (no secrets).')
  .action(async () => {
    const { path, names } = await listProfiles(defaultDataDir());
    process.stdout.write(names.length ? names.map((n) => `${n.name}  ${n.summary}`).join('\n') + '\n' : `no profiles in ${path}\n`);
  });
connectionsCmd.command('test [profile]')
  .description('Connect to every backend the profile (or the environment) configures and report what was found; exits non-zero if one fails.')
  .option('--store <path|url>', 'check this catalog instead of the profile\'s')
  .option('--workspace <name>', 'workspace to look up')
  .option('--json', 'print JSON')
  .action(async (profile: string | undefined, o: { store?: string; workspace?: string; json?: boolean }) => {
    const checks = await testConnections(await connections({ ...o, ...(profile ? { profile } : {}) }));
    process.stdout.write(o.json ? JSON.stringify(checks, null, 2) + '\n' : formatChecks(checks));
    if (checks.some((c) => c.status === 'failed')) process.exit(EXIT.io);
  });

addConnectionOptions(program.command('workspace')
  .description('Show the team workspace\'s usage and quota, or set its row quota.'))
  .option('--quota <rows|none>', 'set the row quota (input rows of succeeded runs); "none" removes it', (v) => {
    if (v === 'none') return null;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of rows, or none');
    return n;
  })
  .option('--json', 'print JSON')
  .action(async (o: ConnectionFlags & { quota?: number | null; json?: boolean }) => {
    const team = await openTeamStore(await connections(o), 'workspace');
    try {
      if (o.quota !== undefined) await team.setRowQuota(o.quota);
      const u = await team.usage();
      process.stdout.write(o.json ? JSON.stringify(u, null, 2) + '\n'
        : `workspace ${u.name}: ${u.runs} run(s), ${u.rowsUsed} row(s) cleaned${u.rowQuota === null ? ', no quota' : ` of a ${u.rowQuota}-row quota`}\n`);
    } finally {
      await team.close();
    }
  });

program.command('serve')
  .description('Serve the API and the app\'s UI over HTTP (loopback and a random access token by default).')
  .option('--host <host>', 'interface to bind (default 127.0.0.1; anything else exposes the API to the network)', '127.0.0.1')
  .option('--port <port>', 'port (default 8787; 0 picks a free one)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
    return n;
  }, 8787)
  .option('--token <token>', 'access token (default: random, printed at start; at least 16 characters)')
  .option('--store <path>', `run catalog (SQLite) (default: ${defaultCatalogPath()})`)
  .option('--debug', 'print stack traces on errors')
  .action(async (o: { host: string; port: number; token?: string; store?: string; debug?: boolean }) => {
    debug = o.debug === true;
    const token = o.token ?? process.env['DATA_SANITIZER_TOKEN'];
    const s = await startServer({
      dataDir: defaultDataDir(), host: o.host, port: o.port,
      ...(token ? { token } : {}), ...(o.store ? { storePath: o.store } : {}),
    });
    process.stdout.write(`data-sanitizer serving on ${s.url}\n  open ${s.url}/?token=${s.token}\n  API: POST ${s.url}/api/<method> with "Authorization: Bearer <token>"; OpenAPI at ${s.url}/openapi.json\n`);
    const stop = (): void => { void s.close().then(() => process.exit(0)); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program.parseAsync(process.argv).catch(fail);
