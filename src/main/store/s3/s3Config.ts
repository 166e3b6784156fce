/** S3 locations and client settings: `s3://bucket/key` parsing, on-prem endpoints, credentials; the SDK loads lazily. */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { EngineError } from '../../engine/errors.js';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3Options {
  /** @default AWS_REGION / the shared config, else 'us-east-1' */
  region?: string;
  /** On-prem S3 (MinIO, Ceph, …): `https://s3.internal:9000`. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most on-prem servers need. @default true with an endpoint */
  forcePathStyle?: boolean;
  /** Explicit keys; without them the standard AWS chain (env, shared files, SSO, instance roles) applies. */
  credentials?: S3Credentials;
  /** Tries per request, with the SDK's exponential backoff. @default 5 */
  maxAttempts?: number;
  /** Multipart part size in bytes (≥ 5 MiB). @default 8 MiB */
  partSize?: number;
}

export interface S3Location {
  bucket: string;
  key: string;
}

export function isS3Url(s: string): boolean {
  return /^s3:\/\//i.test(s);
}

/** `s3://bucket/some/key` → bucket and key, taken literally (no percent-decoding: keys may hold any text). */
export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url);
  if (!m) throw new EngineError('INVALID_ARGUMENT', `not an S3 URL (s3://bucket/key): ${url}`);
  const bucket = m[1]!;
  if (bucket.length < 3 || bucket.length > 63 || !/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket)) {
    throw new EngineError('INVALID_ARGUMENT', `"${bucket}" is not a valid bucket name (3–63 lowercase letters, digits, dots and hyphens) in ${url}`);
  }
  return { bucket, key: m[2]! };
}

export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

type S3Module = typeof import('@aws-sdk/client-s3');
let s3Module: Promise<S3Module> | null = null;

/** Loads the AWS SDK on first use, so users who never touch S3 never pay for it. */
export async function loadS3(): Promise<S3Module> {
  // The pinned SDK runs on Node 20 (package.json engines); its notice about future releases is not for our users.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  s3Module ??= import('@aws-sdk/client-s3');
  return s3Module;
}

export async function createS3Client(o: S3Options): Promise<S3Client> {
  const { S3Client } = await loadS3();
  const cfg: S3ClientConfig = {
    region: o.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    maxAttempts: o.maxAttempts ?? 5,
    retryMode: 'standard',
  };
  if (o.endpoint) {
    cfg.endpoint = o.endpoint;
    cfg.forcePathStyle = o.forcePathStyle ?? true;
    // Many on-prem servers reject the SDK's default streaming checksums (aws-chunked trailers).
    cfg.requestChecksumCalculation = 'WHEN_REQUIRED';
    cfg.responseChecksumValidation = 'WHEN_REQUIRED';
  } else if (o.forcePathStyle !== undefined) {
    cfg.forcePathStyle = o.forcePathStyle;
  }
  if (o.credentials) cfg.credentials = o.credentials;
  return new S3Client(cfg);
}

/** An SDK error as an EngineError naming the object but no credentials. */
export function s3Error(err: unknown, what: string): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  const name = e?.name ?? 'Error';
  if (name === 'CancelledError' || name === 'AbortError') return new EngineError('CANCELLED', 'cancelled');
  const code = name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NotFound' || status === 404 ? 'NOT_FOUND' : 'IO_ERROR';
  return new EngineError(code, `${what}: ${e?.message || name}${status ? ` (HTTP ${status})` : ''}`, { cause: err });
}
