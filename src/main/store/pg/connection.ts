/** Postgres connections: URL parsing, TLS, pooling, statement timeouts and redaction; `pg` loads lazily. */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { EngineError } from '../../engine/errors.js';

export type PgTlsMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

export interface PgTlsOptions {
  /** disable: plain TCP; require: encrypted, certificate not checked; verify-ca: checked against `ca`; verify-full: also the host name. */
  mode: PgTlsMode;
  /** PEM text or a path to a PEM file: the CA that signed the server's certificate. @default the system roots */
  ca?: string;
  /** Client certificate and key (PEM text or paths) for certificate authentication. */
  cert?: string;
  key?: string;
}

export interface PgConnectionOptions {
  /** `postgres://user[:password]@host[:port]/database[?sslmode=…]`. */
  url: string;
  /** Used when the URL carries none; pg also honours PGPASSWORD and ~/.pgpass. */
  password?: string;
  /** Overrides the URL's sslmode. @default the URL's sslmode, else disable */
  tls?: PgTlsOptions;
  /** Limit for each catalog statement, in ms; bulk transfers lift it for their own transaction. @default 60000 */
  statementTimeoutMs?: number;
  /** @default 10000 */
  connectTimeoutMs?: number;
  /** Pool size. @default 8 */
  maxConnections?: number;
  /** @default 'data-sanitizer' */
  applicationName?: string;
}

const TLS_MODES: readonly PgTlsMode[] = ['disable', 'require', 'verify-ca', 'verify-full'];

interface ParsedUrl { host: string; port: number; user: string; password: string | null; database: string; sslmode: PgTlsMode | null }

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

function parseUrl(url: string): ParsedUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new EngineError('INVALID_ARGUMENT', `not a valid Postgres URL: ${redactUrl(url)}`);
  }
  if (!/^postgres(ql)?:$/i.test(u.protocol)) throw new EngineError('INVALID_ARGUMENT', `not a Postgres URL (postgres://…): ${redactUrl(url)}`);
  const ssl = u.searchParams.get('sslmode');
  let sslmode: PgTlsMode | null = null;
  if (ssl !== null) {
    // libpq's prefer/allow have no safe meaning without fallback, so they count as require.
    const m = ssl === 'prefer' || ssl === 'allow' ? 'require' : ssl;
    if (!(TLS_MODES as readonly string[]).includes(m)) throw new EngineError('INVALID_ARGUMENT', `unknown sslmode "${ssl}"; use ${TLS_MODES.join(', ')}`);
    sslmode = m as PgTlsMode;
  }
  const socketHost = u.searchParams.get('host');
  return {
    host: socketHost ?? (decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || 'localhost'),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : null,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')),
    sslmode,
  };
}

/** The URL without its password, for labels, logs and the catalog. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|token|key/i.test(k)) u.searchParams.set(k, '***');
    return u.toString().replace(/:@/, '@');
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1@');
  }
}

/** Whether a URL carries a password (the CLI warns: URLs end up in shell history). */
export function urlHasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

function pem(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (v.includes('-----BEGIN')) return v;
  try {
    return readFileSync(v, 'utf8');
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `cannot read TLS file ${v}: ${(err as Error).message}`);
  }
}

function tlsConfig(t: PgTlsOptions): false | ConnectionOptions {
  if (t.mode === 'disable') return false;
  const o: ConnectionOptions = { rejectUnauthorized: t.mode !== 'require' };
  const ca = pem(t.ca);
  const cert = pem(t.cert);
  const key = pem(t.key);
  if (ca) o.ca = ca;
  if (cert) o.cert = cert;
  if (key) o.key = key;
  if (t.mode === 'verify-ca') o.checkServerIdentity = () => undefined;
  return o;
}

/** pg's pool configuration for these options (exported for tests; holds the password, never log it). */
export function poolConfig(o: PgConnectionOptions): PoolConfig {
  const p = parseUrl(o.url);
  const tls = o.tls ?? { mode: p.sslmode ?? 'disable' };
  const cfg: PoolConfig = {
    host: p.host, port: p.port, database: p.database || undefined, user: p.user || undefined,
    ssl: tlsConfig(tls),
    max: o.maxConnections ?? 8,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: o.statementTimeoutMs ?? 60_000,
    application_name: o.applicationName ?? 'data-sanitizer',
    keepAlive: true,
  };
  const password = p.password ?? o.password;
  if (password !== undefined) cfg.password = password;
  return cfg;
}

type PgModule = typeof import('pg');
let pgModule: Promise<PgModule> | null = null;

/** Loads pg on first use, so users without a team store never pay for it. */
export async function loadPg(): Promise<PgModule> {
  pgModule ??= import('pg').then((m) => ((m as unknown as { default?: PgModule }).default ?? m));
  return pgModule;
}

/** A pool whose errors are turned into EngineErrors that name the server but never the password. */
export async function createPool(o: PgConnectionOptions): Promise<Pool> {
  const pg = await loadPg();
  const pool = new pg.Pool(poolConfig(o));
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A client kept checked out for long (a cursor's snapshot, a run's lock, a sink's transaction): a
 * dropped connection must surface on its next query, not crash the process as an unhandled 'error'.
 */
export async function holdClient(pool: Pool): Promise<PoolClient> {
  const c = await pool.connect();
  c.on('error', () => undefined);
  return c;
}

/** Quotes an identifier for SQL; rejects what Postgres cannot store rather than mangling it. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new EngineError('INVALID_ARGUMENT', 'an empty name cannot be a Postgres identifier');
  if (name.includes('\u0000')) throw new EngineError('INVALID_ARGUMENT', `the name ${JSON.stringify(name)} contains a NUL character, which Postgres identifiers cannot hold`);
  if (Buffer.byteLength(name, 'utf8') > 63) {
    throw new EngineError('INVALID_ARGUMENT', `the name ${JSON.stringify(name)} is longer than Postgres's 63-byte identifier limit; rename it first`);
  }
  return '"' + name.replace(/"/g, '""') + '"';
}

/** `"schema"."name"`, or just `"name"` without a schema. */
export function qualified(schema: string | undefined, name: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

const TRANSIENT_SQLSTATE = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const TRANSIENT_ERRNO = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** Serialization failures, deadlocks, restarts and dropped connections: worth another try. */
export function isTransient(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && (TRANSIENT_SQLSTATE.has(e.code) || TRANSIENT_ERRNO.has(e.code))) return true;
  return typeof e.message === 'string' && /Connection terminated|connection timeout|timeout expired/i.test(e.message);
}

export interface RetryOptions {
  /** @default 4 */
  attempts?: number;
  /** First delay; doubles each try. @default 100 */
  baseDelayMs?: number;
}

/** Retries `fn` on transient errors with exponential backoff; anything else fails at once. */
export async function withRetry<T>(fn: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const attempts = o.attempts ?? 4;
  let delay = o.baseDelayMs ?? 100;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isTransient(err)) throw err;
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}

/** Runs `fn` in one transaction on one client; a transient failure reruns the whole transaction. */
export async function inTransaction<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  return withRetry(async () => {
    const c = await pool.connect();
    let broken: Error | undefined;
    try {
      await c.query(begin);
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch((e: Error) => { broken = e; });
      throw err;
    } finally {
      c.release(broken);
    }
  });
}

/** Wraps a driver error as STORE_ERROR with a message that names the server, never the password. */
export function storeError(err: unknown, where: string): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as { message?: string; code?: string };
  const code = e?.code ? ` [${e.code}]` : '';
  return new EngineError('STORE_ERROR', `${where}: ${e?.message ?? String(err)}${code}`, { cause: err });
}
