/** Pages through an audit log (JSON Lines), streaming so a long shared log never sits in memory whole. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditEntryView, AuditPage } from '../../shared/api.js';
import { EngineError } from '../engine/errors.js';

export interface AuditQuery {
  offset: number;
  limit: number;
  event?: string;
  /** Only entries of this run (a log may be shared by several runs). */
  runId?: string;
}

export async function readAuditPage(path: string, q: AuditQuery): Promise<AuditPage> {
  const entries: AuditEntryView[] = [];
  let total = 0;
  let lineNo = 0;
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      lineNo++;
      if (line === '') continue;
      let entry: AuditEntryView;
      try {
        entry = JSON.parse(line) as AuditEntryView;
      } catch {
        throw new EngineError('BAD_INPUT', 'audit line is not valid JSON', { location: { file: path, line: lineNo } });
      }
      if (q.event !== undefined && entry.event !== q.event) continue;
      if (q.runId !== undefined && entry.runId !== q.runId) continue;
      if (total >= q.offset && entries.length < q.limit) entries.push(entry);
      total++;
    }
  } catch (err) {
    if (err instanceof EngineError) throw err;
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO_ERROR';
    throw new EngineError(code, `cannot read audit log: ${(err as Error).message}`, { location: { file: path } });
  }
  return { offset: q.offset, total, entries };
}
