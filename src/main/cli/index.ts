/** The `data-sanitizer` command line: profile, clean, runs, verify. */
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { DedupeMode } from '../../shared/plan.js';
import { runClean } from '../app/runService.js';
import { verifyAuditLog } from '../engine/audit/auditLog.js';
import { CancelledError, EngineError } from '../engine/errors.js';
import { atomicWriteFile } from '../engine/io/atomic.js';
import { openSource } from '../engine/io/open.js';
import type { InputFormat, OutputFormat } from '../engine/io/types.js';
import { parsePlan } from '../engine/plan/parse.js';
import { proposePlan } from '../engine/plan/propose.js';
import { profileSource } from '../engine/run/pass1.js';
import { sha256File } from '../engine/run/fileHash.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { SqliteRunStore } from '../store/SqliteRunStore.js';
import { startServer } from '../server/index.js';
import { defaultCatalogPath, defaultDataDir } from './dataDir.js';
import { ProgressBar } from './progressBar.js';
import { renderProfile } from './profileTable.js';

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

interface CleanFlags extends InputFlags {
  out: string; format?: OutputFormat; plan?: string; planOut?: string; report?: string; audit?: string; provenance?: string | false;
  quarantine?: string; duplicates?: string; salt?: string; dedupe?: DedupeMode; store?: string; force?: boolean; quiet?: boolean;
  debug?: boolean; workers?: number; memory?: number; sampleSize?: number; json?: boolean;
}

addInputOptions(program.command('clean <input>')
  .description('Profile, plan and clean a table; write cleaned data, provenance, audit log and report.'))
  .requiredOption('-o, --out <file>', 'cleaned output (.csv, .parquet or .jsonl)')
  .addOption(new Option('--format <format>', 'output format (default: from --out extension)').choices(['csv', 'parquet', 'jsonl']))
  .option('--plan <file>', 'apply this plan instead of proposing one')
  .option('--plan-out <file>', 'save the plan that was applied')
  .option('--report <file>', 'report JSON (default: <out>.report.json)')
  .option('--audit <file>', 'append-only audit log (default: <out>.audit.jsonl)')
  .option('--provenance <file>', 'cell-level provenance Parquet (default: <out>.provenance.parquet)')
  .option('--no-provenance', 'do not write provenance')
  .option('--quarantine <file>', 'quarantined rows JSONL (default: <out>.quarantine.jsonl)')
  .option('--duplicates <file>', 'CSV listing every row in a duplicate cluster: row,cluster,kept,similarity')
  .addOption(new Option('--dedupe <mode>', 'how duplicates are found (default: the plan\'s, else near)').choices(['near', 'exact', 'off']))
  .option('--workers <n>', 'worker threads (default: the cores)', positiveInt)
  .option('--memory <MB>', 'memory budget in MB (default 1024)', positiveInt)
  .option('--sample-size <n>', 'rows in the deterministic sample (default 20000)', positiveInt)
  .option('--store <path>', `run catalog (SQLite) (default: ${defaultCatalogPath()})`)
  .option('--json', 'print the report summary as JSON')
  .option('-f, --force', 'overwrite existing outputs')
  .action(async (input: string, o: CleanFlags) => {
    debug = o.debug === true;
    const ac = cancellable();
    const bar = ProgressBar.enabled(o.quiet === true) ? new ProgressBar() : null;
    const plan = o.plan ? await readPlanFile(o.plan) : undefined;
    const store = new SqliteRunStore(o.store ?? defaultCatalogPath());
    try {
      const artifacts: Record<string, string> = {};
      if (o.report) artifacts['report'] = o.report;
      if (o.audit) artifacts['audit'] = o.audit;
      if (typeof o.provenance === 'string') artifacts['provenance'] = o.provenance;
      if (o.quarantine) artifacts['quarantine'] = o.quarantine;
      if (o.duplicates) artifacts['duplicates'] = o.duplicates;
      if (o.planOut) artifacts['planOut'] = o.planOut;
      const result = await runClean(store, {
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
        ...(bar ? { onProgress: bar.update } : {}),
      });
      bar?.done();
      const r = result.report;
      if (o.json) process.stdout.write(JSON.stringify({ runId: r.runId, rows: r.rows, outputs: r.outputs }, null, 2) + '\n');
      else if (!o.quiet) {
        process.stdout.write(
          `rows in ${r.rows.in}  out ${r.rows.out}  duplicates ${r.rows.duplicates}  quarantined ${r.rows.quarantined}  (${(r.timings['totalMs']! / 1000).toFixed(1)}s)\n` +
          Object.entries(r.outputs).map(([k, v]) => `  ${k.padEnd(11)} ${v}`).join('\n') + '\n');
      }
    } finally {
      bar?.done();
      await store.close();
    }
  });

program.command('runs')
  .description('List runs recorded in the catalog.')
  .option('--store <path>', `run catalog (SQLite) (default: ${defaultCatalogPath()})`)
  .option('--limit <n>', 'how many runs (default 20)', positiveInt)
  .option('--json', 'print JSON')
  .action(async (o: { store?: string; limit?: number; json?: boolean }) => {
    const store = new SqliteRunStore(o.store ?? defaultCatalogPath());
    try {
      await store.recoverInterrupted();
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

program.command('verify <audit>')
  .description('Check an audit log\'s hash chain; exits non-zero if any entry was edited, deleted or reordered.')
  .action(async (path: string) => {
    const r = await verifyAuditLog(path).catch((err: unknown) => fail(err));
    if (r.ok) {
      process.stdout.write(`ok: ${r.entries} entries, chain intact, head ${r.head}\n`);
    } else {
      process.stderr.write(`data-sanitizer: ${path}, line ${r.line}: ${r.error}\n`);
      process.exit(EXIT.tampered);
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
