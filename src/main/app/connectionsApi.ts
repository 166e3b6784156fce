/**
 * The Connections screen's side of the typed API: list, save, delete and test connection profiles,
 * and choose the one the app uses. Secrets never come back out; typed ones are encrypted with the
 * OS keychain (a SecretBox the desktop app supplies) before they touch the file.
 */
import type {
  ConnectionProfileInput, ConnectionProfileView, ConnectionsState, Handlers, SecretInput, SecretState,
} from '../../shared/api.js';
import { EngineError } from '../engine/errors.js';
import { redactUrl, urlHasPassword } from '../store/pg/connection.js';
import { argObject, reqString } from './args.js';
import { testConnections } from './connections.js';
import {
  loadProfiles, profilesPath, resolveConnections, saveProfiles, type ConnectionProfile, type ProfilesFile, type ResolvedConnections, type Secret,
} from './profiles.js';

/** Encrypts a secret for the profiles file (Electron safeStorage); returns base64. */
export interface SecretBox {
  encrypt(plain: string): string;
}

export interface ConnectionsApiOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Absent (the HTTP server, a machine without a keychain): secrets can only be environment variables. */
  secretBox?: SecretBox | null;
  /** Switches the app's catalog to a profile's (null: the local one); throws if it cannot connect. */
  use(conn: ResolvedConnections | null): Promise<void>;
}

export type ConnectionHandlers = Pick<Handlers, 'connections.list' | 'connections.save' | 'connections.delete' | 'connections.test' | 'connections.use'>;

const NAME = /^[\p{L}\p{N}_. -]{1,64}$/u;

function secretState(s: Secret | undefined): SecretState {
  if (s === undefined) return { kind: 'none' };
  if (typeof s === 'object' && 'env' in s) return { kind: 'env', name: s.env };
  return { kind: 'stored' };
}

function view(name: string, p: ConnectionProfile): ConnectionProfileView {
  return {
    name,
    postgres: p.postgres ? {
      url: redactUrl(p.postgres.url), schema: p.postgres.schema ?? null, password: secretState(p.postgres.password),
      statementTimeoutMs: p.postgres.statementTimeoutMs ?? null,
    } : null,
    workspace: p.workspace ?? null,
    s3: p.s3 ? {
      endpoint: p.s3.endpoint ?? null, region: p.s3.region ?? null, forcePathStyle: p.s3.forcePathStyle ?? false, bucket: p.s3.bucket ?? null,
      accessKeyId: secretState(p.s3.accessKeyId), secretAccessKey: secretState(p.s3.secretAccessKey),
    } : null,
    milvus: p.milvus ? { address: p.milvus.address, token: secretState(p.milvus.token) } : null,
  };
}

function optText(v: unknown, what: string, max = 2000): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > max) throw new EngineError('INVALID_ARGUMENT', `${what} must be text of at most ${max} characters`);
  return v.trim() || undefined;
}

export function createConnectionsApi(o: ConnectionsApiOptions): ConnectionHandlers & { restore(): Promise<void>; active(): string | null } {
  const env = o.env ?? process.env;
  const path = profilesPath(o.dataDir, env);
  let active: string | null = null;
  let catalog = '';

  const read = async (): Promise<ProfilesFile> => (await loadProfiles(path)) ?? { version: 1, profiles: {} };

  function describe(c: ResolvedConnections): string {
    return c.store.kind === 'sqlite' ? `SQLite ${c.store.path}` : `${redactUrl(c.store.connection.url)} · workspace ${c.workspace}`;
  }

  async function state(file?: ProfilesFile): Promise<ConnectionsState> {
    const f = file ?? await read();
    if (!catalog) catalog = describe(await resolveConnections({ dataDir: o.dataDir, env: {} }));
    return {
      path, active, catalog, secretStorage: o.secretBox ? 'keychain' : 'unavailable',
      profiles: Object.entries(f.profiles).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, p]) => view(n, p)),
    };
  }

  /** A secret from the screen into the file's form; `{keep}` keeps what was there. */
  function secret(input: SecretInput | undefined, old: Secret | undefined, what: string): Secret | undefined {
    if (input === undefined || input === null) return undefined;
    if (typeof input !== 'object') throw new EngineError('INVALID_ARGUMENT', `${what}: expected {keep}, {value} or {env}`);
    if ('keep' in input) return old;
    if ('env' in input) {
      if (typeof input.env !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(input.env)) throw new EngineError('INVALID_ARGUMENT', `${what}: an environment variable name is letters, digits and _`);
      return { env: input.env };
    }
    if ('value' in input && typeof input.value === 'string') {
      if (!input.value) return undefined;
      if (!o.secretBox) throw new EngineError('INVALID_ARGUMENT', `${what}: this app has no OS keychain to keep it in; name an environment variable instead`);
      return { encrypted: o.secretBox.encrypt(input.value) };
    }
    throw new EngineError('INVALID_ARGUMENT', `${what}: expected {keep}, {value} or {env}`);
  }

  function profileFrom(input: ConnectionProfileInput, old: ConnectionProfile | undefined): ConnectionProfile {
    const p: ConnectionProfile = {};
    if (input.postgres) {
      const url = reqString(input.postgres as unknown as Record<string, unknown>, 'url', 2000);
      if (!/^postgres(ql)?:\/\//.test(url)) throw new EngineError('INVALID_ARGUMENT', 'the catalog URL must start with postgres://');
      if (urlHasPassword(url)) throw new EngineError('INVALID_ARGUMENT', 'put the password in the password field, not in the URL');
      const pw = secret(input.postgres.password, old?.postgres?.password, 'the Postgres password');
      const schema = optText(input.postgres.schema, 'the schema', 63);
      const timeout = input.postgres.statementTimeoutMs;
      if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1000 || timeout > 3_600_000)) throw new EngineError('INVALID_ARGUMENT', 'the statement timeout must be 1000–3600000 ms');
      p.postgres = { url, ...(pw !== undefined ? { password: pw } : {}), ...(schema ? { schema } : {}), ...(timeout !== undefined ? { statementTimeoutMs: timeout } : {}) };
    }
    const workspace = optText(input.workspace, 'the workspace', 200);
    if (workspace) p.workspace = workspace;
    if (input.s3) {
      const s = input.s3;
      const endpoint = optText(s.endpoint, 'the S3 endpoint');
      if (endpoint && !/^https?:\/\//.test(endpoint)) throw new EngineError('INVALID_ARGUMENT', 'the S3 endpoint must start with http:// or https://');
      const region = optText(s.region, 'the S3 region', 100);
      const bucket = optText(s.bucket, 'the S3 bucket', 63);
      const keyId = secret(s.accessKeyId, old?.s3?.accessKeyId, 'the S3 access key id');
      const key = secret(s.secretAccessKey, old?.s3?.secretAccessKey, 'the S3 secret access key');
      p.s3 = {
        ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), ...(bucket ? { bucket } : {}),
        ...(s.forcePathStyle !== undefined ? { forcePathStyle: s.forcePathStyle === true } : {}),
        ...(keyId !== undefined ? { accessKeyId: keyId } : {}), ...(key !== undefined ? { secretAccessKey: key } : {}),
      };
    }
    if (input.milvus) {
      const address = reqString(input.milvus as unknown as Record<string, unknown>, 'address', 500);
      const token = secret(input.milvus.token, old?.milvus?.token, 'the Milvus token');
      p.milvus = { address, ...(token !== undefined ? { token } : {}) };
    }
    return p;
  }

  async function resolve(name: string): Promise<ResolvedConnections> {
    return resolveConnections({ dataDir: o.dataDir, env, profile: name });
  }

  async function switchTo(name: string | null): Promise<void> {
    if (name === null) {
      await o.use(null);
      active = null;
      catalog = describe(await resolveConnections({ dataDir: o.dataDir, env: {} }));
      return;
    }
    const conn = await resolve(name);
    await o.use(conn);
    active = name;
    catalog = describe(conn);
  }

  return {
    active: () => active,

    /** Re-opens the profile the app used last; stays on the local catalog if that fails. */
    async restore() {
      const f = await loadProfiles(path).catch(() => null);
      const name = f?.desktopActive;
      if (name && f.profiles[name]) await switchTo(name).catch(() => undefined);
    },

    async 'connections.list'() {
      return state();
    },

    async 'connections.save'(arg) {
      const a = argObject(arg, 'connections.save') as unknown as ConnectionProfileInput;
      const name = reqString(a as unknown as Record<string, unknown>, 'name', 64).trim();
      if (!NAME.test(name)) throw new EngineError('INVALID_ARGUMENT', 'a profile name is 1–64 letters, digits, spaces, dots, dashes or underscores');
      const file = await read();
      file.profiles[name] = profileFrom(a, file.profiles[name]);
      await saveProfiles(path, file);
      return state(file);
    },

    async 'connections.delete'(arg) {
      const name = reqString(argObject(arg, 'connections.delete'), 'name', 64);
      const file = await read();
      if (!file.profiles[name]) throw new EngineError('NOT_FOUND', `no connection profile "${name}"`);
      if (active === name) await switchTo(null);
      delete file.profiles[name];
      if (file.desktopActive === name) delete file.desktopActive;
      await saveProfiles(path, file);
      return state(file);
    },

    async 'connections.test'(arg) {
      const name = reqString(argObject(arg, 'connections.test'), 'name', 64);
      let conn: ResolvedConnections;
      try {
        conn = await resolve(name);
      } catch (err) {
        // A secret that cannot be read (unset variable, another user's keychain) fails the test, not the call.
        if (!(err instanceof EngineError) || err.code !== 'INVALID_ARGUMENT') throw err;
        const p = (await read()).profiles[name] ?? {};
        const services = [p.postgres ? 'catalog' : null, p.s3 ? 's3' : null, p.milvus ? 'milvus' : null].filter((x): x is 'catalog' | 's3' | 'milvus' => x !== null);
        return services.map((service) => ({ service, status: 'failed' as const, detail: err.message, ms: 0 }));
      }
      return testConnections(conn);
    },

    async 'connections.use'(arg) {
      const a = argObject(arg, 'connections.use');
      const name = a['name'] === null ? null : reqString(a, 'name', 64);
      const file = await read();
      if (name !== null && !file.profiles[name]) throw new EngineError('NOT_FOUND', `no connection profile "${name}"`);
      await switchTo(name);
      if (name === null) delete file.desktopActive;
      else file.desktopActive = name;
      await saveProfiles(path, file);
      return state(file);
    },
  };
}
