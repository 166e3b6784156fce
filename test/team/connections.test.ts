/** Connection profiles: the 0600 file, precedence of flags, profile and environment, `connections list/test`, and a profile-driven run. */
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles, resolveConnections, saveProfiles, type ProfilesFile } from '../../src/main/app/profiles.js';
import { S3ObjectStore } from '../../src/main/store/s3/S3ObjectStore.js';
import { cli, scratch } from '../cli/helpers.js';
import { startPostgres, type PgTestServer } from '../store/pgHarness.js';
import { startS3, type S3TestServer } from '../store/s3Harness.js';

let pg: PgTestServer;
let s3: S3TestServer;
let home: string;
let password: string;
let urlNoPassword: string;

beforeAll(async () => {
  [pg, s3] = await Promise.all([startPostgres(), startS3()]);
  const u = new URL(pg.url);
  password = decodeURIComponent(u.password);
  u.password = '';
  urlNoPassword = u.toString();
  home = await scratch();
  const file: ProfilesFile = {
    version: 1,
    profiles: {
      team: {
        postgres: { url: urlNoPassword, password: { env: 'TEAM_PG_PASSWORD' }, statementTimeoutMs: 20_000 },
        workspace: 'analytics',
        s3: { endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: { env: 'TEAM_S3_SECRET' }, bucket: s3.bucket },
      },
      broken: { postgres: { url: urlNoPassword, password: 'definitely-wrong-pw' } },
    },
  };
  await saveProfiles(join(home, 'connections.json'), file);
});
afterAll(async () => {
  await pg?.stop();
  await s3?.stop();
});

const env = () => ({ TEAM_PG_PASSWORD: password, TEAM_S3_SECRET: 'S3RVER', DATA_SANITIZER_HOME: home });

describe('connection profiles', () => {
  it('writes the file 0600 and refuses one that others can read', async () => {
    const path = join(home, 'connections.json');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const dir = await scratch();
    const loose = join(dir, 'connections.json');
    await writeFile(loose, JSON.stringify({ version: 1, profiles: {} }));
    await chmod(loose, 0o644);
    await expect(loadProfiles(loose)).rejects.toThrow(/other users can read it \(mode 644\); run: chmod 600/);
    expect(await loadProfiles(join(dir, 'missing.json'))).toBeNull();
  });

  it('resolves flags over the profile over the environment, with secrets from named variables', async () => {
    const e = { ...env(), DATA_SANITIZER_PG_URL: 'postgres://env@envhost/db', DATA_SANITIZER_WORKSPACE: 'from-env' };
    const fromProfile = await resolveConnections({ dataDir: home, env: e, profile: 'team' });
    expect(fromProfile.store).toMatchObject({ kind: 'postgres', schema: 'data_sanitizer', connection: { url: urlNoPassword, password, statementTimeoutMs: 20_000 } });
    expect(fromProfile.workspace).toBe('analytics');
    expect(fromProfile.s3).toEqual({ endpoint: s3.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const flags = await resolveConnections({ dataDir: home, env: e, profile: 'team', store: '/tmp/x.db', workspace: 'flag' });
    expect(flags.store).toEqual({ kind: 'sqlite', path: '/tmp/x.db' });
    expect(flags.workspace).toBe('flag');
    const envOnly = await resolveConnections({ dataDir: home, env: e });
    expect(envOnly.store).toMatchObject({ kind: 'postgres', connection: { url: 'postgres://env@envhost/db' } });
    expect(envOnly.workspace).toBe('from-env');
    const bare = await resolveConnections({ dataDir: home, env: {} });
    expect(bare.store).toEqual({ kind: 'sqlite', path: join(home, 'catalog.db') });
    await expect(resolveConnections({ dataDir: home, env: {}, profile: 'team' })).rejects.toThrow(/TEAM_PG_PASSWORD, which is not set/);
    await expect(resolveConnections({ dataDir: home, env: {}, profile: 'nope' })).rejects.toThrow(/no connection profile "nope" .*profiles: team, broken/);
  });

  it('lists profiles without secrets and tests every configured backend', async () => {
    const list = await cli(['connections', 'list'], { cwd: home, env: env() });
    expect(list.stdout).toContain(`team  catalog ${urlNoPassword}, workspace analytics, s3 ${s3.endpoint} bucket ${s3.bucket}`);
    expect(list.stdout).not.toContain('definitely-wrong-pw');
    const ok = await cli(['connections', 'test', 'team'], { cwd: home, env: env() });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^catalog +ok +\d+ ms +PostgreSQL \d+/m);
    expect(ok.stdout).toMatch(/^s3 +ok +\d+ ms +bucket ds-test-\w+ reachable/m);
    expect(ok.stdout).toMatch(/^milvus +not configured/m);
    const bad = await cli(['connections', 'test', 'broken'], { cwd: home, env: env() });
    expect(bad.code).toBe(74);
    expect(bad.stdout).toMatch(/^catalog +failed .*password authentication failed/m);
    expect(bad.stdout + bad.stderr).not.toContain('definitely-wrong-pw');
  });

  it('runs with --profile: input from the profile\'s S3, history in the profile\'s team workspace', async () => {
    const objects = await S3ObjectStore.open(s3.bucket, s3.options);
    const dir = await scratch();
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'p.csv'), 'a,b\n1,x\n2,y\n');
    await objects.putFile('profile/p.csv', join(dir, 'in', 'p.csv'));
    await objects.close();
    const r = await cli(['clean', `s3://${s3.bucket}/profile/p.csv`, '--out', join(dir, 'p_clean.csv'), '--profile', 'team', '-q'], { cwd: dir, env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const runs = await cli(['runs', '--profile', 'team', '--json'], { cwd: dir, env: env() });
    expect((JSON.parse(runs.stdout) as { input: string }[]).map((x) => x.input)).toEqual([`s3://${s3.bucket}/profile/p.csv`]);
    const [ws] = await pg.query<{ name: string; n: number }>(`SELECT w.name, count(r.id)::int AS n FROM data_sanitizer.workspaces w JOIN data_sanitizer.runs r ON r.workspace_id = w.id GROUP BY w.name`);
    expect(ws).toEqual({ name: 'analytics', n: 1 });
  });
});
