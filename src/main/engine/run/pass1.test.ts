/** Pass 1 decodes segments in pieces; a piece boundary inside a character or a quoted field must change nothing. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSource } from '../io/open.js';
import { profileBatches } from '../profile/profiler.js';
import type { RowBatch } from '../table.js';
import { profileSource } from './pass1.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ds-pass1-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Seeded, so the file (and where piece boundaries fall) is the same on every run. */
function rowsOf(n: number): string {
  let x = 12345;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const words = ['é', '漢字', '😀', 'plain', 'a,b', 'say ""hi""', 'two\nlines', 'Ünïcødé', ' pad ', ''];
  const lines = ['id,name,note,amount'];
  for (let i = 0; i < n; i++) {
    const w = (k: number): string => words[(next() >>> 8) % words.length]!.repeat(1 + (k % 7));
    const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s}"` : s);
    lines.push(`${i},${quote(w(next()))},${quote(w(next()) + w(next()))},${(next() % 100000) / 100}`);
  }
  return lines.join('\n') + '\n';
}

it('profiles a file of multi-byte text and quoted line breaks as a sequential read does, for any worker count', async () => {
  const path = join(dir, 'text.csv');
  await writeFile(path, rowsOf(6000));
  const sequential: RowBatch[] = [];
  for await (const b of openSource(path).read({ batchSize: 256 })) sequential.push(b);
  const expected = profileBatches(sequential, { salt: 's' }, { path: '', format: '', sha256: '', bytes: 0 });
  for (const workers of [1, 2]) {
    const r = await profileSource(openSource(path), { salt: 's', workers, batchSize: 256 });
    expect(r.rows).toBe(6000);
    expect(r.profile.columns).toEqual(expected.columns);
  }
});
