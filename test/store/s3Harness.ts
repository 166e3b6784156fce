/**
 * A real S3 endpoint for a test file: s3rver on a free loopback port with its files under the temp
 * dir (or the server TEST_S3_ENDPOINT names), plus a pass-through proxy that can cut requests.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Options } from '../../src/main/store/s3/s3Config.js';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** Client options for this server (path-style, its keys). */
  options: S3Options;
  /** Environment for a CLI child process pointed at this server. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startS3(): Promise<S3TestServer> {
  const external = process.env['TEST_S3_ENDPOINT'];
  if (external) {
    const bucket = process.env['TEST_S3_BUCKET'];
    if (!bucket) throw new Error('TEST_S3_ENDPOINT needs TEST_S3_BUCKET (an existing bucket the tests may write to)');
    return {
      endpoint: external, bucket, options: { endpoint: external, forcePathStyle: true },
      env: { DATA_SANITIZER_S3_ENDPOINT: external, DATA_SANITIZER_S3_FORCE_PATH_STYLE: 'true' },
      stop: async () => undefined,
    };
  }
  const { default: S3rver } = await import('s3rver');
  const directory = await mkdtemp(join(tmpdir(), 'ds-s3-'));
  const bucket = `ds-test-${randomBytes(3).toString('hex')}`;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const addr = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint, bucket,
    options: { endpoint, forcePathStyle: true, credentials, region: 'us-east-1', maxAttempts: 2 },
    env: {
      DATA_SANITIZER_S3_ENDPOINT: endpoint, DATA_SANITIZER_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1',
    },
    stop: async () => {
      // Clients keep connections alive; close() alone would wait for them.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface FaultyProxy {
  endpoint: string;
  /** `METHOD url` of every request that reached the proxy. */
  seen: string[];
  /** Resolves when the first request `hold` picked has arrived (and is left unanswered). */
  held: Promise<void>;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Requests read but never answered: a client stuck mid-upload, ready to be killed. */
  hold?: (req: IncomingMessage) => boolean;
  /**
   * Answer AbortMultipartUpload (DELETE ?uploadId=) with S3's 204 instead of forwarding it: s3rver does
   * not implement it, and the tests need the clean-up that follows a successful abort to run.
   */
  answerAborts?: boolean;
}

/**
 * Forwards every request to `target`, except that a request `cut` picks has its connection destroyed
 * after part of its body arrived: a network failure in the middle of an upload.
 */
export async function startFaultyProxy(target: string, cut: (req: IncomingMessage) => boolean, opts: ProxyOptions = {}): Promise<FaultyProxy> {
  const t = new URL(target);
  const seen: string[] = [];
  let onHeld: () => void = () => undefined;
  const held = new Promise<void>((r) => { onHeld = r; });
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (opts.hold?.(req)) {
      req.resume();
      onHeld();
      return;
    }
    if (opts.answerAborts && req.method === 'DELETE' && /[?&]uploadId=/.test(req.url ?? '')) {
      req.resume();
      res.writeHead(204).end();
      return;
    }
    if (cut(req)) {
      let got = 0;
      req.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got > 64 * 1024) req.socket.destroy();
      });
      // A small body is cut once it has all arrived, before any answer.
      req.on('end', () => req.socket.destroy());
      return;
    }
    const up = request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`, seen, held,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
