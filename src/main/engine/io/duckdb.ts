/** Shared DuckDB session factory with engine-wide settings, plus safe SQL quoting. */
import { rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { EngineError } from '../errors.js';
import { makeTempDirSync } from './tempDirs.js';

type DuckDBModule = typeof import('@duckdb/node-api');
let duckdbModule: Promise<DuckDBModule> | undefined;

/** DuckDB's native binding, loaded on first use so commands that never touch it (`--version`, `runs`) start fast. */
export function loadDuckDB(): Promise<DuckDBModule> {
  return (duckdbModule ??= import('@duckdb/node-api'));
}

export interface DuckDBOptions {
  /** Worker threads DuckDB may use. @default min(4, available cores) */
  threads?: number;
  /** Memory DuckDB may use before spilling to `tempDirectory`, in MiB. @default 1024 */
  memoryLimitMB?: number;
  /** Parent directory for DuckDB's spill files; a private subdirectory is created in it. @default os.tmpdir() */
  tempDirectory?: string;
}

export interface DuckDBSession {
  readonly connection: DuckDBConnection;
  /** Closes the connection and the instance and removes the private spill directory. Idempotent. */
  close(): void;
}

/**
 * Opens an in-memory DuckDB instance fit for engine work. Extension auto-install is off so a
 * query can never reach the network, and insertion order is preserved so rows keep file order.
 */
export async function openDuckDB(opts: DuckDBOptions = {}): Promise<DuckDBSession> {
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  const memory = opts.memoryLimitMB ?? 1024;
  if (!Number.isInteger(threads) || threads < 1) throw new EngineError('INVALID_ARGUMENT', `DuckDB threads must be a positive integer, got ${threads}`);
  if (!Number.isFinite(memory) || memory < 16) throw new EngineError('INVALID_ARGUMENT', `DuckDB memory limit must be at least 16 MiB, got ${memory}`);
  const spillDir = makeTempDirSync(opts.tempDirectory ?? tmpdir(), 'ds-duckdb-');
  let instance: DuckDBInstance | undefined;
  try {
    const { DuckDBInstance: Instance } = await loadDuckDB();
    instance = await Instance.create(':memory:', {
      threads: String(threads),
      memory_limit: `${Math.floor(memory)}MiB`,
      temp_directory: spillDir,
      preserve_insertion_order: 'true',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    const inst = instance;
    let closed = false;
    return {
      connection,
      close() {
        if (closed) return;
        closed = true;
        connection.closeSync();
        inst.closeSync();
        rmSync(spillDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    instance?.closeSync();
    rmSync(spillDir, { recursive: true, force: true });
    throw new EngineError('INTERNAL', `Could not start DuckDB: ${duckdbMessage(err)}`, { cause: err });
  }
}

function rejectNul(value: string, what: string): void {
  if (value.includes('\0')) throw new EngineError('INVALID_ARGUMENT', `${what} contains a NUL character: ${JSON.stringify(value)}`);
}

/** Quotes an identifier for DuckDB SQL (double quotes, embedded quotes doubled). */
export function quoteIdent(name: string): string {
  rejectNul(name, 'Identifier');
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for DuckDB SQL (single quotes, embedded quotes doubled; backslash is not special). */
export function quoteLiteral(value: string): string {
  rejectNul(value, 'String literal');
  return `'${value.replaceAll("'", "''")}'`;
}

/** DuckDB's error text on one line, without the echoed SQL ("LINE 1: ...") or tuning tips that follow it. */
export function duckdbMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // Errors end with the echoed SQL or a list of tuning tips; the first paragraph is the message.
  const cut = text.search(/\n\s*\nLINE \d+:|\nLINE \d+:|\n\s*\n/);
  return (cut >= 0 ? text.slice(0, cut) : text).trim().replace(/\s*\n\s*/g, ' ');
}
