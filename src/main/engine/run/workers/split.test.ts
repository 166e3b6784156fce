/** Byte-range splitting: each range parsed alone gives exactly the rows, numbers and lines of one sequential read. */
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvBatcher, createCsvSource, csvLayout } from '../../io/csv.js';
import { CsvScanner } from '../../io/csvScanner.js';
import type { RowBatch } from '../../table.js';
import { canSplit, readSegment, splitCsv } from './split.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ds-split-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sequential(path: string, batchSize: number): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const b of createCsvSource(path).read({ batchSize })) out.push(b);
  return out;
}

/** Splits, then parses every range on its own into batches, as a worker does. */
async function bySegments(path: string, batchSize: number, segmentBatches: number): Promise<RowBatch[]> {
  const layout = await csvLayout(createCsvSource(path));
  if (!layout) throw new Error('not a CSV source');
  expect(canSplit(layout)).toBe(true);
  const fd = openSync(path, 'r');
  const into = { buf: Buffer.alloc(0) };
  const out: RowBatch[] = [];
  try {
    for await (const seg of splitCsv(layout, batchSize * segmentBatches)) {
      const text = readSegment(fd, seg, into).toString('utf8');
      const scanner = new CsvScanner(layout.dialect, path, seg.firstLine);
      scanner.push(text);
      scanner.end();
      const batcher = new CsvBatcher(scanner, layout.names, false, batchSize, seg.firstRow);
      const mine: RowBatch[] = [];
      for (let b = batcher.fill(); b !== null; b = batcher.fill()) mine.push(b);
      const rest = batcher.rest();
      if (rest) mine.push(rest);
      expect(mine.reduce((n, b) => n + b.length + b.quarantined.length, 0)).toBe(seg.rows);
      out.push(...mine);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

const field = fc.oneof(
  fc.constantFrom('', 'a', 'plain', ' spaced ', '5\'11"', 'x"y', 'é', '日本'),
  fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é'), maxLength: 8 }).map((s) => `"${s.replaceAll('"', '""')}"`),
);
const record = fc.array(field, { minLength: 1, maxLength: 4 }).map((f) => f.join(','));
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const file = fc.record({
  bom: fc.boolean(),
  records: fc.array(fc.tuple(record, lineEnd, fc.boolean()), { maxLength: 60 }),
  lastEnd: fc.boolean(),
});

describe('splitCsv', () => {
  it('matches a sequential read on any mix of quotes, line breaks, ragged and blank rows (property)', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(file, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), async (f, batchSize, per) => {
      let text = 'a,b,c\n';
      f.records.forEach(([r, end, blankAfter], i) => {
        text += r + (i < f.records.length - 1 || f.lastEnd ? end : '');
        if (blankAfter && i < f.records.length - 1) text += end;
      });
      const path = join(dir, `p${n++}.csv`);
      await writeFile(path, (f.bom ? '\uFEFF' : '') + text);
      let whole: RowBatch[] | Error;
      try {
        whole = await sequential(path, batchSize);
      } catch (err) {
        whole = err as Error;
      }
      if (whole instanceof Error) {
        // An unclosed quote fails the same way, at the same line and column.
        await expect(bySegments(path, batchSize, per)).rejects.toMatchObject({ message: whole.message, location: (whole as { location?: unknown }).location });
        return;
      }
      expect(await bySegments(path, batchSize, per)).toEqual(whole);
    }), { numRuns: 150 });
  });

  it('keeps line numbers across quoted line breaks in another segment', async () => {
    const path = join(dir, 'lines.csv');
    await writeFile(path, 'id,note\n1,"two\nlines"\n2,x\n\n3,"a\r\nb"\n4,y\n5,z"q\n6,last');
    const whole = await sequential(path, 1);
    expect(whole.map((b) => b.lines[0])).toEqual([2, 4, 6, 8, 9, 10]);
    expect(await bySegments(path, 1, 1)).toEqual(whole);
  });
});
