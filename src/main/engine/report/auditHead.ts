/** The audit chain head a report should show: the `hash` of the last entry of a run (or of the whole log). */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { EngineError } from '../errors.js';

const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;
const RUN_ID = /"runId":("(?:[^"\\]|\\.)*")/;

/**
 * Streams the log once. With `runId`, the head is that run's last entry (a log may carry later runs);
 * null when no entry matches or the file is missing.
 */
export async function readAuditHead(path: string, runId?: string): Promise<string | null> {
  const st = await stat(path).catch(() => null);
  if (!st?.isFile()) return null;
  const want = runId === undefined ? null : JSON.stringify(runId);
  let head: string | null = null;
  try {
    for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
      const m = HASH_SUFFIX.exec(line);
      if (!m) continue;
      if (want !== null && RUN_ID.exec(line)?.[1] !== want) continue;
      head = m[1]!;
    }
  } catch (err) {
    throw new EngineError('IO_ERROR', `cannot read audit log: ${(err as Error).message}`, { location: { file: path }, cause: err });
  }
  return head;
}
