/**
 * Append-only, hash-chained audit log in JSON Lines. Each entry ends with `hash`, the sha256 of the
 * entry's own text without it, and carries `prev`, the previous entry's hash: an edit anywhere,
 * even to the last line, a deletion or a reordering breaks the chain.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { EngineError } from '../errors.js';
import { sha256Hex } from '../hash.js';

/** The chain's anchor: `prev` of the first entry. */
export const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  /** sha256 of the previous entry (GENESIS for the first). */
  prev: string;
  /** ISO time: run metadata, the only wall-clock values the engine writes. */
  at: string;
  runId: string;
  event: string;
  [key: string]: unknown;
}

export type AuditEvent = { event: string } & Record<string, unknown>;

/** Writes entries in order; each `append` is flushed before it resolves. */
export class AuditLog {
  private prev = GENESIS;
  private seq = 0;

  private constructor(readonly path: string, private readonly runId: string, private readonly clock: () => Date) {}

  /** Opens (or continues) a log. An existing log is verified and extended, never rewritten. */
  static async open(path: string, runId: string, clock: () => Date = () => new Date()): Promise<AuditLog> {
    const log = new AuditLog(path, runId, clock);
    // The log is the run's first artifact: its folder may not exist yet (the sinks create theirs too).
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(path, 'a');
    await fh.close();
    const result = await verifyAuditLog(path);
    if (!result.ok) throw new EngineError('AUDIT_TAMPERED', `refusing to append to a broken audit log: ${result.error}`, { location: { file: path, line: result.line } });
    log.prev = result.head;
    log.seq = result.entries;
    return log;
  }

  async append(ev: AuditEvent): Promise<AuditEntry> {
    const { event, ...rest } = ev;
    const entry: AuditEntry = { seq: this.seq + 1, prev: this.prev, at: this.clock().toISOString(), runId: this.runId, event, ...rest };
    const body = JSON.stringify(entry);
    const hash = sha256Hex(body);
    await appendFile(this.path, `${body.slice(0, -1)},"hash":"${hash}"}\n`, 'utf8');
    this.prev = hash;
    this.seq = entry.seq;
    return entry;
  }

  get head(): string {
    return this.prev;
  }
}

const HASH_SUFFIX = /,"hash":"([0-9a-f]{64})"\}$/;

export type VerifyResult =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; line: number; error: string };

/** Checks every link of the chain, streaming; reports the first broken line. */
export async function verifyAuditLog(path: string): Promise<VerifyResult> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let prev = GENESIS;
  let lineNo = 0;
  let seq = 0;
  try {
    for await (const line of rl) {
      lineNo++;
      if (line === '') return { ok: false, entries: seq, line: lineNo, error: 'blank line inside the log' };
      let entry: Partial<AuditEntry>;
      try {
        entry = JSON.parse(line) as Partial<AuditEntry>;
      } catch {
        return { ok: false, entries: seq, line: lineNo, error: 'line is not valid JSON' };
      }
      const m = HASH_SUFFIX.exec(line);
      if (!m) return { ok: false, entries: seq, line: lineNo, error: 'entry has no hash' };
      const hash = m[1]!;
      if (sha256Hex(line.slice(0, m.index) + '}') !== hash) return { ok: false, entries: seq, line: lineNo, error: 'hash chain broken: the entry does not match its hash (edited entry)' };
      if (entry.prev !== prev) return { ok: false, entries: seq, line: lineNo, error: 'hash chain broken: prev does not match the previous entry (edited, deleted or reordered entry)' };
      if (entry.seq !== seq + 1) return { ok: false, entries: seq, line: lineNo, error: `sequence broken: expected ${seq + 1}, found ${String(entry.seq)}` };
      seq++;
      prev = hash;
    }
  } catch (err) {
    throw new EngineError('IO_ERROR', `cannot read audit log: ${(err as Error).message}`, { location: { file: path } });
  }
  return { ok: true, entries: seq, head: prev };
}
