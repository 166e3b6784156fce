/** A temporary on-disk queue of cleaned rows, so near-duplicate decisions can be made before output. */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { makeTempDir } from '../io/tempDirs.js';
import type { Cell } from '../table.js';

export interface SpilledBatch { rows: number[]; columns: Cell[][]; length: number }

export class RowSpill {
  private out: WriteStream | null = null;
  private dir = '';
  private path = '';

  constructor(private readonly width: number, private readonly baseDir: string = tmpdir()) {}

  async open(): Promise<void> {
    this.dir = await makeTempDir(this.baseDir, 'ds-spill-');
    this.path = join(this.dir, 'rows.jsonl');
    this.out = createWriteStream(this.path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  }

  async write(rows: readonly number[], columns: readonly Cell[][], length: number): Promise<void> {
    let chunk = '';
    const w = this.width;
    const line: Cell[] = new Array<Cell>(w + 1);
    for (let r = 0; r < length; r++) {
      line[0] = rows[r]!;
      for (let c = 0; c < w; c++) line[c + 1] = columns[c]![r] ?? null;
      chunk += JSON.stringify(line) + '\n';
    }
    if (!this.out!.write(chunk)) await once(this.out!, 'drain');
  }

  async finishWriting(): Promise<void> {
    const out = this.out!;
    out.end();
    await once(out, 'close');
  }

  async *read(batchSize = 8192): AsyncGenerator<SpilledBatch> {
    const rl = createInterface({ input: createReadStream(this.path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    let batch = this.empty();
    for await (const line of rl) {
      const arr = JSON.parse(line) as Cell[];
      batch.rows.push(arr[0] as number);
      for (let c = 0; c < this.width; c++) batch.columns[c]!.push(arr[c + 1] ?? null);
      batch.length++;
      if (batch.length >= batchSize) {
        yield batch;
        batch = this.empty();
      }
    }
    if (batch.length > 0) yield batch;
  }

  async dispose(): Promise<void> {
    if (this.out && !this.out.closed) this.out.destroy();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private empty(): SpilledBatch {
    return { rows: [], columns: Array.from({ length: this.width }, () => []), length: 0 };
  }
}
