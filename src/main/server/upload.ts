/**
 * PUT /api/upload?name=<file>: a browser has no file paths, so a dropped or chosen file is sent to the server, kept in
 * its data folder (uploads/<id>/<name>) and opened from there like any other path.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { EngineError } from '../engine/errors.js';

/** Extensions the readers open (src/main/engine/io/open.ts); anything else is refused before a byte is stored. */
export const UPLOAD_EXTENSIONS = ['.csv', '.tsv', '.tab', '.xlsx', '.json', '.jsonl', '.ndjson', '.parquet', '.pq'];

/** @default 2 GiB */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** A plain file name: no folders, no control characters, a known table extension. */
export function uploadName(raw: string | null): string {
  const name = (raw ?? '').trim();
  if (!name || name.length > 255 || name !== basename(name) || name.includes('\\') || /[\u0000-\u001f]/.test(name) || name.startsWith('.')) {
    throw new EngineError('INVALID_ARGUMENT', 'upload needs ?name= with a plain file name (no folders)');
  }
  if (!UPLOAD_EXTENSIONS.includes(extname(name).toLowerCase())) {
    throw new EngineError('UNSUPPORTED_FORMAT', `cannot open ${name}: expected one of ${UPLOAD_EXTENSIONS.join(', ')}`);
  }
  return name;
}

/** Streams the request body into uploads/<id>/<name> (temp file, then rename); returns the stored file's path. */
export async function receiveUpload(req: IncomingMessage, uploadsDir: string, rawName: string | null, maxBytes: number): Promise<string> {
  const name = uploadName(rawName);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) throw new EngineError('LIMIT_EXCEEDED', `upload is larger than ${maxBytes} bytes`);
  const dir = join(uploadsDir, randomUUID());
  await mkdir(dir, { recursive: true });
  const final = join(dir, name);
  const temp = join(dir, `.${name}.partial`);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) done(new EngineError('LIMIT_EXCEEDED', `upload is larger than ${maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(temp, { flags: 'wx' }));
    if (size === 0) throw new EngineError('BAD_INPUT', `upload ${name} is empty`);
    await rename(temp, final);
    return final;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if (err instanceof EngineError) throw err;
    throw new EngineError('IO_ERROR', `upload ${name} failed: ${(err as Error).message}`);
  }
}
