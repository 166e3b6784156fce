/** Connects to Milvus with the SDK loaded on first use (gRPC and protobufs are heavy). */
import type { MilvusClient } from '@zilliz/milvus2-sdk-node';
import { EngineError } from '../../engine/errors.js';
import type { MilvusOptions } from './options.js';

type MilvusModule = typeof import('@zilliz/milvus2-sdk-node');
let milvusModule: Promise<MilvusModule> | null = null;

export async function loadMilvus(): Promise<MilvusModule> {
  milvusModule ??= import('@zilliz/milvus2-sdk-node');
  return milvusModule;
}

export async function connectMilvus(o: MilvusOptions): Promise<MilvusClient> {
  const { MilvusClient } = await loadMilvus();
  const client = new MilvusClient({
    address: o.address,
    ssl: o.ssl ?? o.address.startsWith('https://'),
    timeout: o.timeoutMs ?? 30_000,
    logLevel: 'error',
    ...(o.token ? { token: o.token } : {}),
    ...(o.username ? { username: o.username } : {}),
    ...(o.password ? { password: o.password } : {}),
    ...(o.database ? { database: o.database } : {}),
  });
  try {
    await client.connectPromise;
  } catch (err) {
    await client.closeConnection().catch(() => undefined);
    throw new EngineError('STORE_ERROR', `cannot reach Milvus at ${o.address}: ${(err as Error).message}`, { cause: err });
  }
  return client;
}

/** Server health and version, for `connections test`. */
export async function probeMilvus(o: MilvusOptions): Promise<string> {
  const client = await connectMilvus(o);
  try {
    const health = await client.checkHealth();
    if (!health.isHealthy) throw new EngineError('STORE_ERROR', `Milvus at ${o.address} reports unhealthy: ${health.reasons.join('; ')}`);
    const v = await client.getVersion();
    return `Milvus ${v.version}`;
  } finally {
    await client.closeConnection().catch(() => undefined);
  }
}
