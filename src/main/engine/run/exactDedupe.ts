/**
 * Exact-duplicate decisions in input order within a memory budget: a 64-bit key table in memory
 * when the expected keys fit, else keys partitioned by hash prefix into files and resolved one
 * partition at a time. Either way the result is every row of every exact cluster with its first
 * occurrence, streamed in row order, never a Map proportional to the input.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throwIfAborted } from '../errors.js';
import { makeTempDir } from '../io/tempDirs.js';
import { KeyTable } from '../dedupe/exact.js';

/** Growable Float64Array. */
export class F64Vec {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** A run of exact-cluster members in row order: rows[i] belongs to the cluster of its first occurrence firsts[i] (itself for the survivor). */
export interface MemberChunk {
  rows: Float64Array;
  firsts: Float64Array;
}

export interface ExactDedupeOptions {
  /** Rows that will be offered (an upper bound on distinct keys). */
  expectedRows: number;
  /** Bytes the key table may take. */
  budgetBytes: number;
  tmpDir?: string;
}

/** Members in row order from dup pairs (ascending rows) and their survivors. */
function membersOf(dupRows: Float64Array, dupFirsts: Float64Array): MemberChunk {
  const survivors = Float64Array.from(new Set(dupFirsts)).sort();
  const n = dupRows.length + survivors.length;
  const rows = new Float64Array(n);
  const firsts = new Float64Array(n);
  let i = 0;
  let j = 0;
  for (let w = 0; w < n; w++) {
    if (j >= survivors.length || (i < dupRows.length && (dupRows[i] as number) < (survivors[j] as number))) {
      rows[w] = dupRows[i] as number;
      firsts[w] = dupFirsts[i++] as number;
    } else {
      rows[w] = firsts[w] = survivors[j++] as number;
    }
  }
  return { rows, firsts };
}

const ENTRY = 16;
const FLUSH_ENTRIES = 1 << 15;

/** One hash-prefix partition on disk: (hi, lo, row) entries in input order, then its sorted members. */
class Partition {
  private buf = new ArrayBuffer(FLUSH_ENTRIES * ENTRY);
  private u32 = new Uint32Array(this.buf);
  private f64 = new Float64Array(this.buf);
  private n = 0;
  private full: Uint8Array[] = [];
  count = 0;
  constructor(readonly keysFile: FileHandle, readonly path: string) {}

  add(h: number, l: number, row: number): void {
    const at = this.n * 4;
    this.u32[at] = h;
    this.u32[at + 1] = l;
    this.f64[at / 2 + 1] = row;
    this.count++;
    if (++this.n === FLUSH_ENTRIES) {
      this.full.push(new Uint8Array(this.buf));
      this.buf = new ArrayBuffer(FLUSH_ENTRIES * ENTRY);
      this.u32 = new Uint32Array(this.buf);
      this.f64 = new Float64Array(this.buf);
      this.n = 0;
    }
  }

  /** Writes full buffers (all buffered entries when `all`). */
  async drain(all: boolean): Promise<void> {
    if (all && this.n > 0) {
      this.full.push(new Uint8Array(this.buf, 0, this.n * ENTRY));
      this.buf = new ArrayBuffer(FLUSH_ENTRIES * ENTRY);
      this.u32 = new Uint32Array(this.buf);
      this.f64 = new Float64Array(this.buf);
      this.n = 0;
    }
    const pending = this.full;
    this.full = [];
    for (const b of pending) await this.keysFile.write(b);
  }
}

export class ExactDedupe {
  readonly spilling: boolean;
  private table: KeyTable | null = null;
  private readonly dupRows = new F64Vec();
  private readonly dupFirsts = new F64Vec();
  private parts: Partition[] = [];
  private bits = 0;
  private dir = '';
  private resolved: { path: string; count: number }[] = [];
  /** Rows found to repeat an earlier row. */
  removed = 0;

  private constructor(private readonly o: ExactDedupeOptions) {
    this.spilling = KeyTable.bytesFor(o.expectedRows) > o.budgetBytes;
  }

  static async open(o: ExactDedupeOptions): Promise<ExactDedupe> {
    const d = new ExactDedupe(o);
    if (!d.spilling) {
      d.table = new KeyTable(Math.max(16, o.expectedRows));
      return d;
    }
    // Enough partitions that one partition's table fits the budget (with room for its members).
    let parts = 2;
    while (KeyTable.bytesFor(Math.ceil((o.expectedRows / parts) * 1.2)) * 1.5 > o.budgetBytes && parts < 4096) parts *= 2;
    d.bits = Math.log2(parts);
    d.dir = await makeTempDir(o.tmpDir ?? tmpdir(), 'ds-exact-');
    for (let p = 0; p < parts; p++) {
      const path = join(d.dir, `keys-${p}.bin`);
      d.parts.push(new Partition(await open(path, 'wx'), path));
    }
    return d;
  }

  /**
   * In memory: the first row with this key, or 0 when `row` is the first (and is now remembered).
   * Spilling: -1, undecided until resolve(); the key is queued for its partition (call drain()).
   */
  offer(h: number, l: number, row: number): number {
    if (this.table) {
      const first = this.table.getOrInsert(h, l, row);
      if (first !== 0) {
        this.dupRows.push(row);
        this.dupFirsts.push(first);
        this.removed++;
      }
      return first;
    }
    (this.parts[h >>> (32 - this.bits)] as Partition).add(h, l, row);
    return -1;
  }

  /** In memory: every repeated row → its first occurrence (for the review and cross-run resolution, which work on maps). */
  exactMap(): Map<number, number> {
    const m = new Map<number, number>();
    const rows = this.dupRows.view();
    const firsts = this.dupFirsts.view();
    for (let i = 0; i < rows.length; i++) m.set(rows[i] as number, firsts[i] as number);
    return m;
  }

  /** Spilling: writes queued keys to their partition files. */
  async drain(): Promise<void> {
    for (const p of this.parts) await p.drain(false);
  }

  /** Spilling: decides every partition and keeps its members sorted on disk. */
  async resolve(signal?: AbortSignal): Promise<void> {
    if (!this.spilling) return;
    for (const p of this.parts) {
      throwIfAborted(signal);
      await p.drain(true);
      await p.keysFile.close();
      const bytes = await readAll(p.path, p.count * ENTRY);
      await rm(p.path, { force: true });
      const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, p.count * 4);
      const f64 = new Float64Array(bytes.buffer, bytes.byteOffset, p.count * 2);
      const table = new KeyTable(p.count);
      const rows = new F64Vec();
      const firsts = new F64Vec();
      for (let i = 0; i < p.count; i++) {
        const row = f64[2 * i + 1] as number;
        const first = table.getOrInsert(u32[4 * i] as number, u32[4 * i + 1] as number, row);
        if (first !== 0) {
          rows.push(row);
          firsts.push(first);
        }
      }
      this.removed += rows.length;
      const m = membersOf(rows.view(), firsts.view());
      const path = `${p.path}.members`;
      const fh = await open(path, 'wx');
      try {
        await fh.write(interleave(m));
      } finally {
        await fh.close();
      }
      this.resolved.push({ path, count: m.rows.length });
    }
    this.parts = [];
  }

  /** Every member of every exact cluster, ascending by row, in chunks. */
  async *members(chunk = 1 << 16): AsyncGenerator<MemberChunk> {
    if (!this.spilling) {
      const m = membersOf(this.dupRows.view(), this.dupFirsts.view());
      for (let at = 0; at < m.rows.length; at += chunk) yield { rows: m.rows.subarray(at, at + chunk), firsts: m.firsts.subarray(at, at + chunk) };
      return;
    }
    yield* mergeSorted(this.resolved, chunk);
  }

  async dispose(): Promise<void> {
    for (const p of this.parts) await p.keysFile.close().catch(() => undefined);
    this.parts = [];
    this.table = null;
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

async function readAll(path: string, size: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(buf, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}

function interleave(m: MemberChunk): Uint8Array {
  const out = new Float64Array(2 * m.rows.length);
  for (let i = 0; i < m.rows.length; i++) {
    out[2 * i] = m.rows[i] as number;
    out[2 * i + 1] = m.firsts[i] as number;
  }
  return new Uint8Array(out.buffer);
}

interface Cursor { fh: FileHandle; left: number; pos: number; buf: Float64Array; i: number }

/** K-way merge of sorted (row, first) files, reading each in blocks, with a binary heap on the current row. */
async function* mergeSorted(files: { path: string; count: number }[], chunk: number): AsyncGenerator<MemberChunk> {
  const BLOCK = 1 << 14;
  const cursors: Cursor[] = [];
  const fill = async (c: Cursor): Promise<boolean> => {
    if (c.i < c.buf.length / 2) return true;
    if (c.left === 0) return false;
    const n = Math.min(BLOCK, c.left);
    const bytes = new Uint8Array(n * 16);
    await c.fh.read(bytes, 0, bytes.length, c.pos);
    c.pos += bytes.length;
    c.left -= n;
    c.buf = new Float64Array(bytes.buffer);
    c.i = 0;
    return true;
  };
  const key = (c: Cursor): number => c.buf[2 * c.i] as number;
  const heap: Cursor[] = [];
  const down = (at: number): void => {
    let i = at;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && key(heap[l]!) < key(heap[m]!)) m = l;
      if (r < heap.length && key(heap[r]!) < key(heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  try {
    for (const f of files) {
      const c: Cursor = { fh: await open(f.path, 'r'), left: f.count, pos: 0, buf: new Float64Array(0), i: 0 };
      cursors.push(c);
      if (await fill(c)) heap.push(c);
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    let rows = new Float64Array(chunk);
    let firsts = new Float64Array(chunk);
    let w = 0;
    while (heap.length > 0) {
      const c = heap[0]!;
      rows[w] = c.buf[2 * c.i] as number;
      firsts[w++] = c.buf[2 * c.i + 1] as number;
      c.i++;
      if (!(await fill(c))) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      if (heap.length > 0) down(0);
      if (w === chunk) {
        yield { rows, firsts };
        rows = new Float64Array(chunk);
        firsts = new Float64Array(chunk);
        w = 0;
      }
    }
    if (w > 0) yield { rows: rows.subarray(0, w), firsts: firsts.subarray(0, w) };
  } finally {
    for (const c of cursors) await c.fh.close().catch(() => undefined);
  }
}
