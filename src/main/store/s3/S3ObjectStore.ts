/**
 * The ObjectStore on S3 or an S3-compatible server. Large files go up as multipart uploads whose
 * parts retry with backoff; any failure aborts the upload, so no partial object is ever visible.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CompletedPart, S3Client } from '@aws-sdk/client-s3';
import type { FetchedObject, ObjectStore, PutOptions } from '../../app/objectStore.js';
import { CancelledError, EngineError, throwIfAborted } from '../../engine/errors.js';
import { createS3Client, loadS3, s3Error, s3Url, type S3Options } from './s3Config.js';

const MiB = 1024 * 1024;
const PARALLEL_PARTS = 4;

export class S3ObjectStore implements ObjectStore {
  /** Multipart uploads that failed and could not be aborted either (the server refused); for reports and tests. */
  readonly unabortedUploads: { key: string; uploadId: string; error: string }[] = [];

  private constructor(private readonly client: S3Client, readonly bucket: string, private readonly partSize: number) {}

  static async open(bucket: string, o: S3Options = {}): Promise<S3ObjectStore> {
    const partSize = o.partSize ?? 8 * MiB;
    if (partSize < 5 * MiB) throw new EngineError('INVALID_ARGUMENT', 'S3 multipart parts must be at least 5 MiB');
    return new S3ObjectStore(await createS3Client(o), bucket, partSize);
  }

  url(key: string): string {
    return s3Url(this.bucket, key);
  }

  async putFile(key: string, path: string, opts: PutOptions = {}): Promise<void> {
    const size = (await stat(path)).size;
    if (size <= this.partSize) {
      const { PutObjectCommand } = await loadS3();
      const fh = await open(path, 'r');
      try {
        const body = await fh.readFile();
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ...(opts.contentType ? { ContentType: opts.contentType } : {}) }), opts.signal ? { abortSignal: opts.signal } : {});
      } catch (err) {
        throw s3Error(err, `cannot upload ${this.url(key)}`);
      } finally {
        await fh.close();
      }
      return;
    }
    await this.multipart(key, path, size, opts);
  }

  private async multipart(key: string, path: string, size: number, opts: PutOptions): Promise<void> {
    const s3 = await loadS3();
    const send = { ...(opts.signal ? { abortSignal: opts.signal } : {}) };
    let uploadId: string | undefined;
    const fh = await open(path, 'r');
    try {
      const created = await this.client.send(new s3.CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ...(opts.contentType ? { ContentType: opts.contentType } : {}) }), send);
      uploadId = created.UploadId;
      if (!uploadId) throw new EngineError('IO_ERROR', `the server returned no upload id for ${this.url(key)}`);
      await opts.onMultipart?.(uploadId);
      const count = Math.ceil(size / this.partSize);
      const parts: CompletedPart[] = new Array<CompletedPart>(count);
      let next = 0;
      // A few parts in flight: bounded memory (PARALLEL_PARTS × partSize) and a fuller pipe.
      const worker = async (): Promise<void> => {
        for (;;) {
          const i = next++;
          if (i >= count) return;
          throwIfAborted(opts.signal);
          const len = Math.min(this.partSize, size - i * this.partSize);
          const buf = Buffer.allocUnsafe(len);
          const { bytesRead } = await fh.read(buf, 0, len, i * this.partSize);
          if (bytesRead !== len) throw new EngineError('IO_ERROR', `${path} changed while it was uploaded`);
          const r = await this.client.send(new s3.UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: i + 1, Body: buf }), send);
          parts[i] = { PartNumber: i + 1, ETag: r.ETag ?? '' };
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, count) }, worker));
      await this.client.send(new s3.CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), send);
    } catch (err) {
      if (uploadId) {
        // Not cancellable itself: it must run even when the upload failed because of a cancel.
        await this.client.send(new s3.AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }))
          .catch((e: Error) => this.unabortedUploads.push({ key, uploadId: uploadId!, error: e.message }));
      }
      if (opts.signal?.aborted) throw new CancelledError();
      throw s3Error(err, `cannot upload ${this.url(key)} (multipart upload aborted)`);
    } finally {
      await fh.close();
    }
  }

  async getFile(key: string, path: string, opts: { signal?: AbortSignal } = {}): Promise<FetchedObject> {
    const { GetObjectCommand } = await loadS3();
    const h = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({ transform(chunk: Buffer, _e, cb) { h.update(chunk); bytes += chunk.length; cb(null, chunk); } });
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), opts.signal ? { abortSignal: opts.signal } : {});
      if (!r.Body) throw new EngineError('IO_ERROR', `${this.url(key)} has no body`);
      await pipeline(r.Body as Readable, tap, createWriteStream(path), opts.signal ? { signal: opts.signal } : {});
    } catch (err) {
      await rm(path, { force: true });
      throw s3Error(err, `cannot download ${this.url(key)}`);
    }
    return { bytes, sha256: h.digest('hex') };
  }

  async abortUpload(key: string, uploadId: string): Promise<void> {
    const { AbortMultipartUploadCommand } = await loadS3();
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (err) {
      const e = s3Error(err, `cannot abort the upload of ${this.url(key)}`);
      // NoSuchUpload: already completed, aborted, or expired by a lifecycle rule.
      if (e.code !== 'NOT_FOUND') throw e;
    }
  }

  async exists(key: string): Promise<boolean> {
    const { HeadObjectCommand } = await loadS3();
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      const e = s3Error(err, `cannot check ${this.url(key)}`);
      if (e.code === 'NOT_FOUND') return false;
      throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const { ListObjectsV2Command } = await loadS3();
    const out: string[] = [];
    let token: string | undefined;
    try {
      do {
        const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
        for (const o of r.Contents ?? []) if (o.Key !== undefined) out.push(o.Key);
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw s3Error(err, `cannot list ${this.url(prefix)}`);
    }
    return out.sort();
  }

  async delete(keys: readonly string[]): Promise<void> {
    const { DeleteObjectsCommand } = await loadS3();
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      try {
        const r = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }));
        const failed = (r.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
        if (failed.length) throw new EngineError('IO_ERROR', `cannot delete ${failed.length} object(s), e.g. ${this.url(failed[0]!.Key ?? '')}: ${failed[0]!.Message ?? failed[0]!.Code}`);
      } catch (err) {
        throw s3Error(err, `cannot delete objects in ${this.url('')}`);
      }
    }
  }

  /** Checks the bucket is reachable with these credentials (for `connections test`). */
  async ping(): Promise<void> {
    const { HeadBucketCommand } = await loadS3();
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw s3Error(err, `cannot reach bucket ${this.bucket}`);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
