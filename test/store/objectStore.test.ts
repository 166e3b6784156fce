/** The ObjectStore contract on local disk and on S3 (s3rver), and S3's all-or-nothing uploads under failure. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore } from '../../src/main/store/LocalObjectStore.js';
import { S3ObjectStore } from '../../src/main/store/s3/S3ObjectStore.js';
import { objectStoreContract, tempFile } from './objectStore.contract.js';
import { startFaultyProxy, startS3, type S3TestServer } from './s3Harness.js';

let s3: S3TestServer;
beforeAll(async () => { s3 = await startS3(); });
afterAll(async () => { await s3?.stop(); });

const MiB = 1024 * 1024;

objectStoreContract('LocalObjectStore', async () => new LocalObjectStore(await mkdtemp(join(tmpdir(), 'ds-local-'))));
objectStoreContract('S3ObjectStore', () => S3ObjectStore.open(s3.bucket, { ...s3.options, partSize: 5 * MiB }));

describe('S3ObjectStore failures', () => {
  it('aborts a multipart upload whose part fails mid-transfer: no object appears', async () => {
    const proxy = await startFaultyProxy(s3.endpoint, (req) => req.method === 'PUT' && /[?&]partNumber=2(&|$)/.test(req.url ?? ''));
    const store = await S3ObjectStore.open(s3.bucket, { ...s3.options, endpoint: proxy.endpoint, partSize: 5 * MiB, maxAttempts: 2 });
    const f = await tempFile(11 * MiB, 7);
    const err = await store.putFile('fail/big.bin', f.path).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'IO_ERROR', message: expect.stringMatching(/multipart upload aborted/) });
    expect(proxy.seen.filter((r) => /partNumber=2/.test(r))).toHaveLength(2);
    // The abort was sent (s3rver itself does not implement AbortMultipartUpload; real S3 and MinIO do).
    expect(proxy.seen.some((r) => r.startsWith('DELETE ') && /uploadId=/.test(r))).toBe(true);
    await proxy.close();
    const direct = await S3ObjectStore.open(s3.bucket, s3.options);
    expect(await direct.exists('fail/big.bin')).toBe(false);
    expect(await direct.list('fail/')).toEqual([]);
    await direct.close();
    await store.close();
  });

  it('stops an upload when cancelled, leaving no object', async () => {
    const store = await S3ObjectStore.open(s3.bucket, { ...s3.options, partSize: 5 * MiB });
    const f = await tempFile(16 * MiB, 8);
    const ac = new AbortController();
    ac.abort();
    await expect(store.putFile('cancel/big.bin', f.path, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await store.exists('cancel/big.bin')).toBe(false);
    await store.close();
  });

  it('names the object, not the keys, when the credentials are wrong', async () => {
    const store = await S3ObjectStore.open(s3.bucket, { ...s3.options, credentials: { accessKeyId: 'WRONGKEY', secretAccessKey: 'wrong-secret-value' }, maxAttempts: 1 });
    const f = await tempFile(10, 9);
    const err = (await store.putFile('x.bin', f.path).catch((e: Error) => e)) as Error;
    expect(err.message).toContain(`s3://${s3.bucket}/x.bin`);
    expect(err.message).not.toContain('wrong-secret-value');
    await store.close();
  });
});
