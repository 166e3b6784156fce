/**
 * The Connections screen's API over a real Postgres: profiles saved 0600 with keychain-encrypted
 * secrets (never plain text, never returned), "test connection", and a team profile that switches
 * history, clean runs, the audit trail and "dedupe against team data" to the shared catalog.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiBridge, ArgOf, ConnectionProfileInput, Method, ResultOf, SecretInput } from '../../src/shared/api.js';
import { createApi, type ApiService } from '../../src/main/app/api.js';
import { inProcessBridge } from '../../src/main/app/inProcess.js';
import { setSecretDecryptor } from '../../src/main/app/profiles.js';
import { SqliteRunStore } from '../../src/main/store/SqliteRunStore.js';
import { startPostgres, type PgTestServer } from '../store/pgHarness.js';

/**
 * Stands in for Electron's safeStorage (which needs the Electron runtime and an OS keychain): a keyed
 * XOR, enough to show the app stores only what the box returns and reads secrets back through it.
 */
const KEY = Buffer.from('test-keychain-key');
const xor = (b: Buffer): Buffer => Buffer.from(b.map((x, i) => x ^ KEY[i % KEY.length]!));
const box = { encrypt: (plain: string) => xor(Buffer.from(plain, 'utf8')).toString('base64') };

let pg: PgTestServer;
let password: string;
let bareUrl: string;
let dir: string;
let store: SqliteRunStore;
let api: ApiService;
let bridge: ApiBridge;

async function call<K extends Method>(method: K, arg: ArgOf<K>): Promise<ResultOf<K>> {
  const r = await bridge.invoke(method, arg);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value;
}

/** Every file under a folder, as text. */
function allText(root: string): string {
  let out = '';
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += readFileSync(join(e.parentPath, e.name), 'latin1');
  }
  return out;
}

const team = (pw: SecretInput): ConnectionProfileInput => ({
  name: 'team', postgres: { url: bareUrl, password: pw, statementTimeoutMs: 20_000 }, workspace: 'desk', s3: null, milvus: null,
});

beforeAll(async () => {
  pg = await startPostgres();
  const u = new URL(pg.url);
  password = decodeURIComponent(u.password);
  u.password = '';
  bareUrl = u.toString();
  dir = mkdtempSync(join(tmpdir(), 'ds-conn-api-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'out'));
  const rows = Array.from({ length: 40 }, (_, i) => `${i},Person ${i} Name,person${i}@example.com,City ${i % 5}`);
  writeFileSync(join(dir, 'jan.csv'), 'id,name,email,city\n' + rows.slice(0, 30).join('\n') + '\n');
  writeFileSync(join(dir, 'feb.csv'), 'id,name,email,city\n' + rows.slice(20, 40).join('\n') + '\n');
  setSecretDecryptor((b64) => xor(Buffer.from(b64, 'base64')).toString('utf8'));
  store = new SqliteRunStore(join(dir, 'data', 'catalog.db'));
  api = createApi({ store, dataDir: join(dir, 'data'), jobs: 'inline', secretBox: box });
  bridge = inProcessBridge(api);
});

afterAll(async () => {
  setSecretDecryptor(null);
  await api?.close();
  await store?.close();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('connections API', () => {
  it('saves a profile 0600 with the password encrypted, and never returns a secret', async () => {
    expect(await call('connections.list', undefined)).toMatchObject({ active: null, profiles: [], secretStorage: 'keychain' });
    const state = await call('connections.save', team({ value: password }));
    const file = join(dir, 'data', 'connections.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(password);
    expect((JSON.parse(text) as { profiles: { team: { postgres: { password: unknown } } } }).profiles.team.postgres.password).toEqual({ encrypted: box.encrypt(password) });
    expect(state.profiles).toEqual([{
      name: 'team', workspace: 'desk', s3: null, milvus: null,
      postgres: { url: bareUrl, schema: null, password: { kind: 'stored' }, statementTimeoutMs: 20_000 },
    }]);
    expect(JSON.stringify(state)).not.toContain(password);
    // Saving again with {keep} keeps the stored secret.
    await call('connections.save', team({ keep: true }));
    expect(readFileSync(file, 'utf8')).toContain(box.encrypt(password));
  });

  it('refuses a password in the URL, and a typed secret where there is no keychain', async () => {
    await expect(call('connections.save', { ...team(null), postgres: { url: pg.url, password: null } })).rejects.toThrow(/password field, not in the URL/);
    const plain = createApi({ store, dataDir: join(dir, 'data'), jobs: 'inline' });
    const b = inProcessBridge(plain);
    const r = await b.invoke('connections.save', { ...team({ value: 'x' }), name: 'other' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/no OS keychain.*environment variable/);
    await plain.close();
  });

  it('tests a profile: the catalog answers with the stored password, and a wrong one fails without echoing it', async () => {
    const ok = await call('connections.test', { name: 'team' });
    expect(ok.find((c) => c.service === 'catalog')).toMatchObject({ status: 'ok' });
    expect(ok.filter((c) => c.service !== 'catalog').map((c) => c.status)).toEqual(['not configured', 'not configured']);
    await call('connections.save', { ...team({ value: 'not-the-password-123' }), name: 'wrong' });
    const bad = await call('connections.test', { name: 'wrong' });
    expect(bad[0]).toMatchObject({ service: 'catalog', status: 'failed' });
    expect(bad[0]!.detail).not.toContain('not-the-password-123');
    await call('connections.delete', { name: 'wrong' });
    // A secret that cannot be read fails the test of that backend, with the reason, rather than the call.
    await call('connections.save', { ...team({ env: 'DS_TEST_SURELY_UNSET_VARIABLE' }), name: 'unset' });
    expect(await call('connections.test', { name: 'unset' })).toEqual([
      { service: 'catalog', status: 'failed', ms: 0, detail: 'the Postgres password comes from the environment variable DS_TEST_SURELY_UNSET_VARIABLE, which is not set' },
    ]);
    await call('connections.delete', { name: 'unset' });
  });

  it('a team profile switches history, clean runs, the audit trail and dedupe against team data to Postgres', async () => {
    const local = await call('runs.list', {});
    const used = await call('connections.use', { name: 'team' });
    expect(used.active).toBe('team');
    expect(used.catalog).toBe(`${bareUrl} · workspace desk`);
    expect(await call('runs.list', {})).toEqual([]);

    const first = await call('clean.start', { path: join(dir, 'jan.csv'), outDir: join(dir, 'out'), name: 'jan.clean.csv', dedupe: 'exact', against: 'people' });
    expect((await api.jobs.wait(first.jobId)).state).toBe('succeeded');
    const second = await call('clean.start', { path: join(dir, 'feb.csv'), outDir: join(dir, 'out'), name: 'feb.clean.csv', dedupe: 'exact', against: 'people' });
    const done = await api.jobs.wait(second.jobId);
    expect(done.state).toBe('succeeded');
    if (done.outcome?.kind !== 'clean') throw new Error('no clean outcome');
    // Rows 20–29 were cleaned by the first run: the second keeps only the ten new ones.
    expect(done.outcome.report.rows).toEqual({ in: 20, out: 10, duplicates: 10, quarantined: 0 });
    expect(done.outcome.report.duplicates.against).toMatchObject({ dataset: 'people', earlierRuns: 1, exact: 10 });

    const runs = await call('runs.list', {});
    expect(runs.map((r) => r.id).sort()).toEqual([first.runId, second.runId].sort());
    const inPg = await pg.query<{ id: string }>(`SELECT r.id FROM data_sanitizer.runs r JOIN data_sanitizer.workspaces w ON w.id = r.workspace_id WHERE w.name = 'desk' ORDER BY r.started_at`);
    expect(inPg.map((r) => r.id)).toEqual([first.runId, second.runId]);
    const audit = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM data_sanitizer.audit WHERE run_id = ANY($1)`, [[first.runId, second.runId]]);
    expect(audit[0]!.n).toBeGreaterThan(2);
    expect(await call('audit.verify', { runId: second.runId })).toMatchObject({ ok: true });
    // The Audit screen reads the team trail, not a local file: delete the local logs and it still pages.
    for (const f of readdirSync(join(dir, 'out'))) if (f.endsWith('.audit.jsonl')) rmSync(join(dir, 'out', f));
    const page = await call('audit.entries', { runId: second.runId, offset: 0, limit: 100 });
    expect(page.total).toBeGreaterThan(1);
    expect(page.entries.every((e) => e.runId === second.runId)).toBe(true);
    expect(page.entries.map((e) => e.event)).toContain('run.finished');
    const finished = await call('audit.entries', { runId: second.runId, offset: 0, limit: 10, event: 'run.finished' });
    expect(finished.total).toBe(1);
    expect(finished.entries[0]?.event).toBe('run.finished');

    // Back to the local catalog: its history again, none of the team's runs.
    expect((await call('connections.use', { name: null })).active).toBe(null);
    expect(await call('runs.list', {})).toEqual(local);
    // The chosen profile is remembered for the next start; the password is nowhere in plain text.
    await call('connections.use', { name: 'team' });
    const again = createApi({ store, dataDir: join(dir, 'data'), jobs: 'inline', secretBox: box });
    await again.restoreConnections();
    expect((await again.handlers['runs.list']({})).map((r) => r.id).sort()).toEqual([first.runId, second.runId].sort());
    await again.close();
    expect(allText(dir)).not.toContain(password);
    const leaks = await pg.query<{ n: number }>(`SELECT (
        (SELECT count(*) FROM data_sanitizer.runs WHERE input LIKE $1 OR artifacts::text LIKE $1 OR coalesce(error, '') LIKE $1)
      + (SELECT count(*) FROM data_sanitizer.audit WHERE body LIKE $1))::int AS n`, [`%${password}%`]);
    expect(leaks[0]!.n).toBe(0);
  });
});
