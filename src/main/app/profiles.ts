/**
 * Connection profiles: a 0600 JSON file in the data folder, environment variables and CLI flags,
 * resolved into the settings for the run catalog, Postgres data, S3 and Milvus. Secrets are either
 * in that file or named environment variables; nothing here ever writes one anywhere else.
 */
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../engine/errors.js';
import type { MilvusOptions } from '../store/milvus/options.js';
import { isPostgresUrl, redactUrl, type PgConnectionOptions, type PgTlsOptions } from '../store/pg/connection.js';
import type { S3Options } from '../store/s3/s3Config.js';

/**
 * A secret inline (the file is 0600), by environment variable name, or encrypted by the desktop app
 * with the OS keychain (Electron safeStorage; base64), which only that app can decrypt.
 */
export type Secret = string | { env: string } | { encrypted: string };

/** Decrypts `{ encrypted }` secrets; the desktop app installs one backed by the OS keychain. */
export type SecretDecryptor = (base64: string) => string;
let decryptor: SecretDecryptor | null = null;

export function setSecretDecryptor(fn: SecretDecryptor | null): void {
  decryptor = fn;
}

export interface PostgresProfile {
  /** Team catalog, and the defaults for `postgres://` inputs and outputs on the same server. No password here. */
  url: string;
  password?: Secret;
  tls?: PgTlsOptions;
  statementTimeoutMs?: number;
  maxConnections?: number;
  /** Schema of the catalog's tables. @default 'data_sanitizer' */
  schema?: string;
}

export interface S3Profile {
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  accessKeyId?: Secret;
  secretAccessKey?: Secret;
  sessionToken?: Secret;
  /** Bucket `connections test` checks. */
  bucket?: string;
}

export interface MilvusProfile {
  address: string;
  token?: Secret;
  username?: string;
  password?: Secret;
  ssl?: boolean;
  database?: string;
}

export interface ConnectionProfile {
  postgres?: PostgresProfile;
  workspace?: string;
  s3?: S3Profile;
  milvus?: MilvusProfile;
}

export interface ProfilesFile {
  version: 1;
  profiles: Record<string, ConnectionProfile>;
  /** The profile the desktop app uses (the CLI takes --profile or DATA_SANITIZER_PROFILE instead). */
  desktopActive?: string;
}

export type StoreTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connection: PgConnectionOptions; schema: string };

export interface ResolvedConnections {
  profile: string | null;
  store: StoreTarget;
  workspace: string;
  /** Defaults for `postgres://` URLs named as inputs or outputs (TLS, timeouts, the password for the profile's own server). */
  postgres: PostgresProfile | null;
  s3: S3Options;
  /** Bucket `connections test` checks. */
  s3Bucket: string | null;
  milvus: MilvusOptions | null;
}

export function profilesPath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env['DATA_SANITIZER_CONNECTIONS'] ?? join(dataDir, 'connections.json');
}

function bad(path: string, msg: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', `${path}: ${msg}`, { location: { file: path } });
}

/** Reads the profiles file; null when there is none. Refuses one that other users can read. */
export async function loadProfiles(path: string): Promise<ProfilesFile | null> {
  let text: string;
  try {
    const st = await stat(path);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw bad(path, `holds secrets but other users can read it (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (err instanceof EngineError) throw err;
    throw new EngineError('IO_ERROR', `cannot read ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw bad(path, `not valid JSON: ${(err as Error).message}`);
  }
  const o = raw as Partial<ProfilesFile> | null;
  if (!o || typeof o !== 'object' || o.version !== 1 || !o.profiles || typeof o.profiles !== 'object') {
    throw bad(path, 'expected {"version": 1, "profiles": {"<name>": {...}}}');
  }
  for (const [name, p] of Object.entries(o.profiles)) {
    if (!p || typeof p !== 'object') throw bad(path, `profile "${name}" is not an object`);
    if (p.postgres && (typeof p.postgres.url !== 'string' || !isPostgresUrl(p.postgres.url))) throw bad(path, `profile "${name}": postgres.url must be a postgres:// URL`);
    if (p.milvus && typeof p.milvus.address !== 'string') throw bad(path, `profile "${name}": milvus.address is required`);
  }
  return o as ProfilesFile;
}

/** Profile names with what each configures, for `connections list`; no secrets. */
export async function listProfiles(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; names: { name: string; summary: string }[] }> {
  const path = profilesPath(dataDir, env);
  const file = await loadProfiles(path);
  const names = Object.entries(file?.profiles ?? {}).map(([name, p]) => {
    const parts: string[] = [];
    if (p.postgres) parts.push(`catalog ${redactUrl(p.postgres.url)}`);
    if (p.workspace) parts.push(`workspace ${p.workspace}`);
    if (p.s3) parts.push(`s3${p.s3.endpoint ? ` ${p.s3.endpoint}` : ''}${p.s3.bucket ? ` bucket ${p.s3.bucket}` : ''}`);
    if (p.milvus) parts.push(`milvus ${p.milvus.address}`);
    return { name, summary: parts.join(', ') || '(empty)' };
  });
  return { path, names };
}

/** Writes the profiles file with mode 0600, atomically. */
export async function saveProfiles(path: string, file: ProfilesFile): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(file, null, 2) + '\n', 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new EngineError('IO_ERROR', `cannot write ${path}: ${(err as Error).message}`);
  }
}

export function resolveSecret(s: Secret | undefined, env: NodeJS.ProcessEnv, what: string): string | undefined {
  if (s === undefined) return undefined;
  if (typeof s === 'string') return s;
  if ('encrypted' in s) {
    if (!decryptor) throw new EngineError('INVALID_ARGUMENT', `${what} was saved by the desktop app, encrypted with the OS keychain, which only the app can read; for the CLI name an environment variable instead ({"env": "NAME"})`);
    try {
      return decryptor(s.encrypted);
    } catch {
      throw new EngineError('INVALID_ARGUMENT', `${what} cannot be decrypted with this user's keychain; enter it again in Connections`);
    }
  }
  const v = env[s.env];
  if (v === undefined) throw new EngineError('INVALID_ARGUMENT', `${what} comes from the environment variable ${s.env}, which is not set`);
  return v;
}

/** Connection options for a Postgres URL, with the profile's password when it is the profile's own server and user. */
export function pgConnectionFor(url: string, defaults: PostgresProfile | null, env: NodeJS.ProcessEnv): PgConnectionOptions {
  const c: PgConnectionOptions = { url };
  if (!defaults) return c;
  if (defaults.tls) c.tls = defaults.tls;
  if (defaults.statementTimeoutMs !== undefined) c.statementTimeoutMs = defaults.statementTimeoutMs;
  if (defaults.maxConnections !== undefined) c.maxConnections = defaults.maxConnections;
  const same = (a: string, b: string): boolean => {
    try {
      const x = new URL(a);
      const y = new URL(b);
      return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432') && x.username === y.username;
    } catch {
      return false;
    }
  };
  const password = same(url, defaults.url) ? resolveSecret(defaults.password, env, 'the Postgres password') : undefined;
  if (password !== undefined) c.password = password;
  return c;
}

export interface ResolveOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** --profile; else DATA_SANITIZER_PROFILE. */
  profile?: string;
  /** --store: a postgres:// URL or a SQLite path. */
  store?: string;
  /** --workspace; else the profile's, DATA_SANITIZER_WORKSPACE, 'default'. */
  workspace?: string;
}

/** Flags win over the chosen profile, the profile over plain environment variables, those over defaults. */
export async function resolveConnections(o: ResolveOptions): Promise<ResolvedConnections> {
  const env = o.env ?? process.env;
  const name = o.profile ?? env['DATA_SANITIZER_PROFILE'] ?? null;
  let profile: ConnectionProfile = {};
  if (name) {
    const path = profilesPath(o.dataDir, env);
    const file = await loadProfiles(path);
    const found = file?.profiles[name];
    if (!found) throw new EngineError('NOT_FOUND', `no connection profile "${name}" in ${path}${file ? ` (profiles: ${Object.keys(file.profiles).join(', ') || 'none'})` : ' (the file does not exist)'}`);
    profile = found;
  }
  const envPg = env['DATA_SANITIZER_PG_URL'];
  const pgProfile: PostgresProfile | null = profile.postgres
    ?? (envPg ? { url: envPg, ...(env['DATA_SANITIZER_PG_PASSWORD'] ? { password: { env: 'DATA_SANITIZER_PG_PASSWORD' } } : {}) } : null);

  let store: StoreTarget;
  const storeUrl = o.store ?? pgProfile?.url;
  if (storeUrl && isPostgresUrl(storeUrl)) {
    store = { kind: 'postgres', connection: pgConnectionFor(storeUrl, pgProfile, env), schema: pgProfile?.schema ?? env['DATA_SANITIZER_PG_SCHEMA'] ?? 'data_sanitizer' };
  } else {
    store = { kind: 'sqlite', path: o.store ?? join(o.dataDir, 'catalog.db') };
  }

  const s3p = profile.s3 ?? {};
  const s3: S3Options = {};
  const endpoint = s3p.endpoint ?? env['DATA_SANITIZER_S3_ENDPOINT'];
  if (endpoint) s3.endpoint = endpoint;
  const region = s3p.region ?? env['DATA_SANITIZER_S3_REGION'];
  if (region) s3.region = region;
  const pathStyle = s3p.forcePathStyle ?? (env['DATA_SANITIZER_S3_FORCE_PATH_STYLE'] !== undefined ? env['DATA_SANITIZER_S3_FORCE_PATH_STYLE'] === 'true' : undefined);
  if (pathStyle !== undefined) s3.forcePathStyle = pathStyle;
  const accessKeyId = resolveSecret(s3p.accessKeyId, env, 'the S3 access key id');
  const secretAccessKey = resolveSecret(s3p.secretAccessKey, env, 'the S3 secret access key');
  if (accessKeyId && secretAccessKey) {
    const sessionToken = resolveSecret(s3p.sessionToken, env, 'the S3 session token');
    s3.credentials = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  }

  let milvus: MilvusOptions | null = null;
  const mp = profile.milvus;
  const address = mp?.address ?? env['DATA_SANITIZER_MILVUS_ADDRESS'];
  if (address) {
    milvus = { address };
    const token = mp ? resolveSecret(mp.token, env, 'the Milvus token') : env['DATA_SANITIZER_MILVUS_TOKEN'];
    if (token) milvus.token = token;
    if (mp?.username) milvus.username = mp.username;
    const pw = mp ? resolveSecret(mp.password, env, 'the Milvus password') : undefined;
    if (pw) milvus.password = pw;
    if (mp?.ssl !== undefined) milvus.ssl = mp.ssl;
    if (mp?.database) milvus.database = mp.database;
  }

  return {
    profile: name, store, s3, milvus, postgres: pgProfile, s3Bucket: s3p.bucket ?? env['DATA_SANITIZER_S3_BUCKET'] ?? null,
    workspace: o.workspace ?? profile.workspace ?? env['DATA_SANITIZER_WORKSPACE'] ?? 'default',
  };
}
