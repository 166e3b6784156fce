/**
 * Runs whose input or output is not a local file: `postgres://` tables and queries, `s3://` objects,
 * and a team catalog that keeps the audit trail and provenance. Turns locations into CleanOptions
 * hooks plus RunHooks, so the engine and runService stay unaware of where data lives.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, posix, relative, resolve, sep } from 'node:path';
import { EngineError } from '../engine/errors.js';
import { openSource } from '../engine/io/open.js';
import type { CleanOptions, CleanResult } from '../engine/run/clean.js';
import { defaultArtifactPaths } from '../engine/run/paths.js';
import type { ObjectStore } from './objectStore.js';
import type { RunStore } from './ports.js';
import { pgConnectionFor, type ResolvedConnections } from './profiles.js';
import type { RunHooks } from './runService.js';
import { recoverUploads, startJournal, type UploadJournal } from './uploadJournal.js';
import { isTeamStore, type TeamRunStore } from './teamPorts.js';
import { isPostgresUrl } from '../store/pg/connection.js';
import { isS3Url, parseS3Url } from '../store/s3/s3Config.js';

export interface RemoteLocations {
  /** Postgres input: a table (with optional schema) or a query. */
  table?: string;
  schema?: string;
  query?: string;
  /** Postgres output table (with optional schema). */
  outTable?: string;
  outSchema?: string;
  /** Where artifacts go when the output is a Postgres table. @default the current folder */
  artifactDir?: string;
  /**
   * Folder for the journal of S3 uploads (`journalDir(dataDir)`): with it, a run killed while uploading
   * is cleaned up by the next command (`recoverRemote`). @default no journal
   */
  journalDir?: string;
}

export interface PreparedRun {
  options: CleanOptions;
  hooks: RunHooks;
  /** Closes connections and removes temp files; call after the run, whatever happened. */
  cleanup(): Promise<void>;
}

/** Characters safe in a file name, for artifacts named after a table. */
function fileSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_') || 'table';
}

async function openS3(bucket: string, conn: ResolvedConnections): Promise<ObjectStore> {
  const { S3ObjectStore } = await import('../store/s3/S3ObjectStore.js');
  return S3ObjectStore.open(bucket, conn.s3);
}

/** This run's audit lines from a (possibly shared) local audit log. */
async function runAuditLines(path: string, runId: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => {
    if (!l) return false;
    try {
      return (JSON.parse(l) as { runId?: string }).runId === runId;
    } catch {
      return false;
    }
  });
}

/** Copies a finished run's audit entries and provenance into the team catalog. */
async function importIntoTeam(store: TeamRunStore, result: CleanResult, withProvenance: boolean): Promise<void> {
  await store.appendAudit(result.runId, await runAuditLines(result.paths.audit, result.runId));
  if (withProvenance) {
    const path = result.paths.provenance;
    await store.importProvenance(result.runId, () => openSource(path, { format: 'parquet' }).read());
  }
}

/**
 * Marks dead runs interrupted, then removes what runs killed while uploading left in object stores
 * (their objects, their unfinished multipart uploads). Returns the runs cleaned up.
 */
export async function recoverRemote(store: RunStore, conn: ResolvedConnections, dir: string): Promise<string[]> {
  await store.recoverInterrupted();
  return recoverUploads(dir, store, (bucket) => openS3(bucket, conn));
}

export async function prepareRun(store: RunStore, base: CleanOptions, loc: RemoteLocations, conn: ResolvedConnections): Promise<PreparedRun> {
  const runId = base.runId ?? randomUUID();
  const options: CleanOptions = { ...base, runId };
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  const hooks: RunHooks = {};
  const env = process.env;
  try {
    if (loc.journalDir !== undefined) await recoverRemote(store, conn, loc.journalDir);
    // Input.
    if (isPostgresUrl(base.input)) {
      if (loc.table === undefined && loc.query === undefined) throw new EngineError('INVALID_ARGUMENT', 'a postgres:// input needs --table <name> or --query <sql>');
      const { createPostgresSource } = await import('../store/pg/pgSource.js');
      const src = createPostgresSource({
        connection: pgConnectionFor(base.input, conn.postgres, env),
        ...(loc.table !== undefined ? { table: loc.table } : {}), ...(loc.schema !== undefined ? { schema: loc.schema } : {}),
        ...(loc.query !== undefined ? { query: loc.query } : {}),
      });
      cleanups.push(() => src.close());
      Object.assign(options, { source: src, input: src.label, inputSha256: src.sha256 });
    } else if (loc.table !== undefined || loc.query !== undefined) {
      throw new EngineError('INVALID_ARGUMENT', '--table and --query only apply to a postgres:// input');
    } else if (isS3Url(base.input)) {
      const { bucket, key } = parseS3Url(base.input);
      const objects = await openS3(bucket, conn);
      cleanups.push(() => objects.close());
      const dir = await mkdtemp(join(tmpdir(), 'ds-in-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      // Both passes must read the same bytes, so the object is streamed to disk once (hashing as it goes).
      const local = join(dir, basename(key) || 'input');
      const fetched = await objects.getFile(key, local, base.signal ? { signal: base.signal } : {});
      const src = openSource(local, {
        ...(base.inputFormat ? { format: base.inputFormat } : {}), ...(base.sheet !== undefined ? { sheet: base.sheet } : {}),
        ...(base.delimiter !== undefined ? { delimiter: base.delimiter } : {}), ...(base.encoding !== undefined ? { encoding: base.encoding } : {}),
      });
      Object.assign(options, { source: src, inputSha256: Promise.resolve(fetched.sha256) });
    }

    // Output.
    /** Whether this run's uploads are accounted for (all published, or all removed again). */
    let settled = false;
    let upload: { objects: ObjectStore; staging: string; prefix: string } | null = null;
    if (isPostgresUrl(base.out)) {
      if (!loc.outTable) throw new EngineError('INVALID_ARGUMENT', 'a postgres:// output needs --out-table <name>');
      const outTable = loc.outTable;
      const { createPostgresSink } = await import('../store/pg/pgSink.js');
      const connection = pgConnectionFor(base.out, conn.postgres, env);
      options.out = join(resolve(loc.artifactDir ?? '.'), fileSafe(outTable));
      options.openOutput = async ({ columns }) => {
        const sink = await createPostgresSink({ connection, table: outTable, columns, replace: base.force === true, ...(loc.outSchema !== undefined ? { schema: loc.outSchema } : {}) });
        return { sink, location: sink.location, checksum: () => sink.checksum() };
      };
    } else if (loc.outTable !== undefined || loc.outSchema !== undefined) {
      throw new EngineError('INVALID_ARGUMENT', '--out-table and --out-schema only apply to a postgres:// output');
    } else if (isS3Url(base.out)) {
      const { bucket, key } = parseS3Url(base.out);
      if (!key || key.endsWith('/')) throw new EngineError('INVALID_ARGUMENT', `${base.out}: name the output object, e.g. s3://${bucket}/cleaned/customers.parquet`);
      for (const [k, v] of Object.entries(base.artifacts ?? {})) {
        if (typeof v === 'string' && isS3Url(v)) throw new EngineError('INVALID_ARGUMENT', `--${k} takes a local path; with an s3:// output every artifact goes under the run's prefix`);
      }
      const objects = await openS3(bucket, conn);
      cleanups.push(() => objects.close());
      const staging = await mkdtemp(join(tmpdir(), 'ds-out-'));
      cleanups.push(() => rm(staging, { recursive: true, force: true }));
      const dir = posix.dirname(key);
      const prefix = `${dir === '.' ? '' : `${dir}/`}${runId}/`;
      upload = { objects, staging, prefix };
      options.out = join(staging, posix.basename(key));
      options.outputLocation = (p) => {
        const rel = relative(staging, resolve(p));
        return rel.startsWith('..') || rel === '' ? p : objects.url(prefix + rel.split(sep).join('/'));
      };
    }

    const team = isTeamStore(store) ? store : null;
    if (team) hooks.beforeStart = () => team.checkQuota();
    hooks.publish = async (result) => {
      const uploaded: string[] = [];
      let journal: UploadJournal | null = null;
      try {
        if (upload) {
          const { objects, staging, prefix } = upload;
          if (loc.journalDir !== undefined) {
            const j = (journal = await startJournal(loc.journalDir, runId, parseS3Url(base.out).bucket, prefix));
            // Forgotten once the run is recorded: until then a kill leaves the run for recoverRemote.
            cleanups.push(() => (settled ? j.remove() : Promise.resolve()));
          }
          const files = (await readdir(staging, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.endsWith('.tmp')).map((e) => e.name);
          // Data first, the report last: a report never names an object that is not there.
          files.sort((a, b) => Number(a === basename(result.paths.report)) - Number(b === basename(result.paths.report)) || (a < b ? -1 : 1));
          for (const f of files) {
            const j = journal;
            await objects.putFile(prefix + f, join(staging, f), {
              ...(base.signal ? { signal: base.signal } : {}),
              ...(j ? { onMultipart: (id: string) => j.addUpload(prefix + f, id) } : {}),
            });
            uploaded.push(prefix + f);
          }
        }
        if (team) await importIntoTeam(team, result, base.provenance !== false);
        settled = true;
      } catch (err) {
        if (upload && uploaded.length) await upload.objects.delete(uploaded).then(() => { settled = true; }, () => undefined);
        else settled = true;
        throw err;
      }
    };
    if (team) {
      hooks.afterFailure = async (id) => {
        const audit = defaultArtifactPaths(options.out, options.artifacts ?? {}).audit;
        await team.appendAudit(id, await runAuditLines(audit, id));
      };
    }
    return { options, hooks, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
