/** Opens the run catalog a resolved profile names, and tests every configured backend (`connections test`). */
import { existsSync } from 'node:fs';
import { EngineError } from '../engine/errors.js';
import type { SignatureIndex } from '../engine/dedupe/ports.js';
import { SqliteRunStore } from '../store/SqliteRunStore.js';
import { SqliteSignatureIndex } from '../store/SqliteSignatureIndex.js';
import type { RunStore } from './ports.js';
import type { ResolvedConnections, StoreTarget } from './profiles.js';
import { isTeamStore, type TeamRunStore } from './teamPorts.js';

/** SQLite by default; the Postgres adapter (and pg) load only for a team store. */
export async function openRunStore(target: StoreTarget, workspace: string): Promise<RunStore> {
  if (target.kind === 'sqlite') return new SqliteRunStore(target.path);
  const { PostgresRunStore } = await import('../store/PostgresRunStore.js');
  return PostgresRunStore.connect({ connection: target.connection, schema: target.schema, workspace });
}

/**
 * Where `--against` and `--dataset` keep row signatures: Milvus when configured, else the team catalog's
 * LSH tables, else the SQLite catalog file.
 */
export async function openSignatureIndex(c: ResolvedConnections, store: RunStore): Promise<SignatureIndex & { close(): Promise<void> }> {
  if (c.milvus) {
    const { MilvusSignatureIndex } = await import('../store/milvus/MilvusSignatureIndex.js');
    return MilvusSignatureIndex.open(c.milvus, c.workspace);
  }
  if (isTeamStore(store)) return store.signatureIndex();
  if (c.store.kind !== 'sqlite') throw new EngineError('INTERNAL', 'a Postgres catalog that is not a team store');
  return new SqliteSignatureIndex(c.store.path);
}

/** The team catalog, or a clear error saying that the command needs one. */
export async function openTeamStore(c: ResolvedConnections, command: string): Promise<TeamRunStore> {
  if (c.store.kind !== 'postgres') {
    throw new EngineError('INVALID_ARGUMENT', `${command} needs a team catalog: pass --store postgres://…, --profile <name>, or set DATA_SANITIZER_PG_URL`);
  }
  return (await openRunStore(c.store, c.workspace)) as TeamRunStore;
}

export interface ConnectionCheck {
  service: 'catalog' | 's3' | 'milvus';
  status: 'ok' | 'failed' | 'not configured';
  /** What was found (versions, schema, workspace) or why it failed; never a secret. */
  detail: string;
  ms: number;
}

async function timed(service: ConnectionCheck['service'], fn: () => Promise<string>): Promise<ConnectionCheck> {
  const t0 = performance.now();
  try {
    const detail = await fn();
    return { service, status: 'ok', detail, ms: Math.round(performance.now() - t0) };
  } catch (err) {
    const detail = err instanceof EngineError ? err.oneLine() : err instanceof Error ? err.message : String(err);
    return { service, status: 'failed', detail, ms: Math.round(performance.now() - t0) };
  }
}

/**
 * Checks each backend of a profile without changing anything: the catalog (SQLite file or Postgres
 * server, schema version, workspace), the S3 bucket, the Milvus server.
 */
export async function testConnections(c: ResolvedConnections): Promise<ConnectionCheck[]> {
  const out: ConnectionCheck[] = [];
  const s3Bucket = c.s3Bucket;
  const store = c.store;
  if (store.kind === 'postgres') {
    out.push(await timed('catalog', async () => {
      const { probePostgres } = await import('../store/pg/probe.js');
      return probePostgres(store.connection, store.schema, c.workspace);
    }));
  } else {
    out.push(await timed('catalog', async () => {
      if (!existsSync(store.path)) return `SQLite ${store.path}: no catalog yet (created on first run)`;
      const s = new SqliteRunStore(store.path);
      try {
        return `SQLite ${store.path}: ${(await s.listRuns({ limit: 1_000_000 })).length} run(s)`;
      } finally {
        await s.close();
      }
    }));
  }
  if (s3Bucket || c.s3.endpoint || c.s3.credentials) {
    out.push(await timed('s3', async () => {
      if (!s3Bucket) throw new EngineError('INVALID_ARGUMENT', 'no bucket to check: set s3.bucket in the profile');
      const { S3ObjectStore } = await import('../store/s3/S3ObjectStore.js');
      const s = await S3ObjectStore.open(s3Bucket, c.s3);
      try {
        await s.ping();
        return `bucket ${s3Bucket} reachable${c.s3.endpoint ? ` at ${c.s3.endpoint}` : ''}`;
      } finally {
        await s.close();
      }
    }));
  } else {
    out.push({ service: 's3', status: 'not configured', detail: 'no S3 settings in this profile', ms: 0 });
  }
  const milvus = c.milvus;
  if (milvus) {
    out.push(await timed('milvus', async () => {
      const { probeMilvus } = await import('../store/milvus/client.js');
      return probeMilvus(milvus);
    }));
  } else {
    out.push({ service: 'milvus', status: 'not configured', detail: 'no Milvus address in this profile', ms: 0 });
  }
  return out;
}

/** One line per backend: service, status, time and what was found. */
export function formatChecks(checks: readonly ConnectionCheck[]): string {
  return checks.map((c) => `${c.service.padEnd(8)} ${c.status.padEnd(14)} ${c.status === 'not configured' ? '' : `${String(c.ms).padStart(5)} ms  `}${c.detail}`).join('\n') + '\n';
}
