/** `data-sanitizer serve`: the typed API over HTTP (JSON + server-sent events), token-protected, loopback by default, plus the built UI. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join } from 'node:path';
import type { ErrorCode } from '../../shared/errors.js';
import { createApi, type ApiOptions, type ApiService } from '../app/api.js';
import { dispatch, isMethod } from '../app/dispatch.js';
import type { PathPolicyOptions } from '../app/pathPolicy.js';
import { ENGINE_VERSION } from '../engine/version.js';
import { SqliteRunStore } from '../store/SqliteRunStore.js';
import { generateToken, hostAllowed, isLoopbackHost, originAllowed, requestToken, tokenMatches } from './auth.js';
import { jsonLinesLogger, type LogEntry, type Logger } from './log.js';
import { RateLimiter, type RateLimitOptions } from './rateLimit.js';
import { renderMetrics, type HttpStats } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { SseStreams } from './sse.js';
import { findRendererDir, serveStatic } from './static.js';
import { DEFAULT_MAX_UPLOAD_BYTES, receiveUpload } from './upload.js';

export interface StartServerOptions {
  /** Folder for the run catalog (catalog.db) and settings.json. */
  dataDir: string;
  /** Run catalog file. @default <dataDir>/catalog.db */
  storePath?: string;
  /** Interface to bind. Anything but loopback exposes the API to the network (the token still guards it). @default '127.0.0.1' */
  host?: string;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** Access token. @default 32 random bytes, base64url */
  token?: string;
  /** Built renderer to serve; null serves no UI. @default out/renderer found above this module */
  staticDir?: string | null;
  /** Extra browser origins allowed to call the API (the server's own origin always is). @default [] */
  allowedOrigins?: string[];
  /** Largest JSON request body. @default 4 MiB */
  maxBodyBytes?: number;
  /** Largest file PUT /api/upload accepts. @default 2 GiB */
  maxUploadBytes?: number;
  /** Receives one object per request and lifecycle event. @default JSON lines on stderr */
  log?: Logger;
  /** Restricts where inputs may be read and outputs written. @default anywhere (absolute paths only) */
  paths?: PathPolicyOptions;
  createNearFinder?: ApiOptions['createNearFinder'];
  /** Per-client request budget (every path but /health); false turns it off. @default 120 burst, 30/s */
  rateLimit?: RateLimitOptions | false;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:43121 (no token). */
  url: string;
  token: string;
  api: ApiService;
  close(): Promise<void>;
}

type HttpErrorCode = ErrorCode | 'UNAUTHORIZED' | 'FORBIDDEN' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED' | 'RATE_LIMITED';

const STATUS: Record<ErrorCode, number> = {
  BAD_INPUT: 422, UNSUPPORTED_FORMAT: 422, INVALID_PLAN: 422, INVALID_ARGUMENT: 400, NOT_FOUND: 404, OUTPUT_EXISTS: 409,
  AUDIT_TAMPERED: 409, CANCELLED: 409, LIMIT_EXCEEDED: 413, IO_ERROR: 500, STORE_ERROR: 500, INTERNAL: 500,
};

class HttpError extends Error {
  constructor(readonly status: number, readonly code: HttpErrorCode, message: string) {
    super(message);
  }
}

const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJsonBody(req: IncomingMessage, max: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the argument as application/json');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'INVALID_ARGUMENT', 'request body is not valid JSON');
  }
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? generateToken();
  if (token.length < 16) throw new Error('the access token must be at least 16 characters');
  const log = opts.log ?? jsonLinesLogger();
  const maxBody = opts.maxBodyBytes ?? 4 * 1024 * 1024;
  const allowedOrigins = opts.allowedOrigins ?? [];
  const limiter = opts.rateLimit === false ? null : new RateLimiter(opts.rateLimit ?? {});
  const staticDir = opts.staticDir === undefined ? findRendererDir() : opts.staticDir;
  const loopback = isLoopbackHost(host);

  const store = new SqliteRunStore(opts.storePath ?? join(opts.dataDir, 'catalog.db'));
  const uploadsDir = join(opts.dataDir, 'uploads');
  // Uploaded files must stay openable when inputs are restricted to some folders.
  const paths = opts.paths?.inputRoots ? { ...opts.paths, inputRoots: [...opts.paths.inputRoots, uploadsDir] } : opts.paths;
  const api = createApi({
    store, dataDir: opts.dataDir, actor: { via: 'server' },
    ...(paths ? { paths } : {}),
    ...(opts.createNearFinder ? { createNearFinder: opts.createNearFinder } : {}),
  });
  const sse = new SseStreams(api.events);
  const http: HttpStats = { requests: new Map(), sseClients: 0 };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, entry: LogEntry): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (!hostAllowed(req.headers.host, loopback)) throw new HttpError(403, 'FORBIDDEN', 'Host header not allowed');

    if (path === '/health' && (method === 'GET' || method === 'HEAD')) return sendJson(res, 200, { status: 'ok', version: ENGINE_VERSION });
    // Before the token check, so the budget also bounds guessing at the token.
    const wait = limiter?.take(req.socket.remoteAddress ?? 'unknown') ?? 0;
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new HttpError(429, 'RATE_LIMITED', 'too many requests; slow down');
    }
    if (path === '/openapi.json' && method === 'GET') return sendJson(res, 200, openApiDocument(ENGINE_VERSION));

    const isApi = path.startsWith('/api/') || path === '/metrics';
    if (isApi) {
      if (!originAllowed(req.headers.origin, req.headers.host, allowedOrigins)) throw new HttpError(403, 'FORBIDDEN', 'cross-origin requests are not allowed');
      const queryOk = method === 'GET' && (path === '/api/events' || path.startsWith('/api/runs/'));
      if (!tokenMatches(requestToken(req, url, queryOk), token)) throw new HttpError(401, 'UNAUTHORIZED', 'missing or wrong access token');
    }

    if (path === '/metrics' && method === 'GET') {
      http.sseClients = sse.size;
      const body = renderMetrics(api.stats(), http);
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(body);
      return;
    }
    if (path === '/api/events' && method === 'GET') {
      const only = url.searchParams.get('events');
      sse.attach(res, only ? new Set(only.split(',')) : null);
      return;
    }
    const artifact = /^\/api\/runs\/([^/]+)\/artifacts\/([^/]+)$/.exec(path);
    if (artifact && method === 'GET') return sendArtifact(res, decodeURIComponent(artifact[1]!), decodeURIComponent(artifact[2]!));
    if (path === '/api/upload' && method === 'PUT') {
      entry['api'] = 'upload';
      const file = await receiveUpload(req, uploadsDir, url.searchParams.get('name'), opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
      return sendJson(res, 201, { path: file });
    }
    if (path.startsWith('/api/')) {
      if (method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'API methods are called with POST');
      const name = path.slice('/api/'.length);
      entry['api'] = name;
      if (!isMethod(api.handlers, name)) throw new HttpError(404, 'NOT_FOUND', `unknown API method ${name.slice(0, 100)}`);
      const arg = await readJsonBody(req, maxBody);
      const result = await dispatch(api.handlers, name, arg, {
        onBug: (m, err) => log({ level: 'error', msg: 'handler bug', api: m, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      });
      if (result.ok) return sendJson(res, 200, result.value);
      entry['code'] = result.error.code;
      return sendJson(res, STATUS[result.error.code], { error: result.error });
    }

    if ((method === 'GET' || method === 'HEAD') && staticDir && (await serveStatic(staticDir, path, res, method === 'HEAD'))) return;
    throw new HttpError(404, 'NOT_FOUND', 'not found');
  }

  async function sendArtifact(res: ServerResponse, runId: string, key: string): Promise<void> {
    const run = await api.handlers['runs.get']({ runId });
    const file = run.artifacts[key];
    const st = file ? await stat(file).catch(() => null) : null;
    if (!file || !st?.isFile()) throw new HttpError(404, 'NOT_FOUND', `run ${runId} has no ${key} artifact`);
    const types: Record<string, string> = {
      '.json': 'application/json', '.jsonl': 'application/x-ndjson', '.csv': 'text/csv', '.parquet': 'application/vnd.apache.parquet', '.html': 'text/html; charset=utf-8',
    };
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      // The HTML report needs no script and no fetch; a sandbox keeps it inert even if opened in place.
      ...(extname(file) === '.html' ? { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox" } : {}),
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Disposition': `attachment; filename="${basename(file).replace(/["\\\r\n]/g, '_')}"`,
    });
    await new Promise<void>((done, reject) => createReadStream(file).on('error', reject).on('end', done).pipe(res));
  }

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Only the path is logged: the query may carry the token.
    const entry: LogEntry = { msg: 'request', method: req.method, path: url.pathname, remote: req.socket.remoteAddress ?? null };
    res.on('close', () => {
      http.requests.set(res.statusCode, (http.requests.get(res.statusCode) ?? 0) + 1);
      log({ ...entry, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 });
    });
    route(req, res, url, entry).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        entry['code'] = err.code;
        if (err.status === 413) res.setHeader('Connection', 'close');
        sendJson(res, err.status, { error: { code: err.code, message: err.message } });
        return;
      }
      const e = err as { code?: string; message?: string };
      const code: ErrorCode = typeof e.code === 'string' && e.code in STATUS ? (e.code as ErrorCode) : 'INTERNAL';
      entry['code'] = code;
      if (code === 'INTERNAL') log({ level: 'error', msg: 'unhandled', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      sendJson(res, STATUS[code], { error: { code, message: e.message ?? String(err) } });
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 0; // SSE streams stay open.

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${urlHost}:${addr.port}`;
  log({ msg: 'listening', url, ui: staticDir !== null, loopback });

  let closing: Promise<void> | null = null;
  return {
    url,
    token,
    api,
    close() {
      closing ??= (async () => {
        sse.closeAll();
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        await api.close();
        await store.close();
        log({ msg: 'stopped' });
      })();
      return closing;
    },
  };
}
