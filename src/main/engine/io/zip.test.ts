/** Zip checks against forged archives: declared sizes that lie, entries the central directory hides, honest archives. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { xlsxBomb, xlsxHiddenEntry, xlsxSharedStringsBomb, zip } from '../../../../test/fixtures/bad/make-bad.js';
import { EngineError } from '../errors.js';
import { readZipDirectory, verifyZipContents } from './zip.js';

const dir = mkdtempSync(join(tmpdir(), 'ds-zip-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(bytes: Buffer): string {
  const p = join(dir, `z${++n}.zip`);
  writeFileSync(p, bytes);
  return p;
}

async function verify(path: string): Promise<EngineError | null> {
  try {
    await verifyZipContents(path, await readZipDirectory(path));
    return null;
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
}

describe('verifyZipContents', () => {
  it('accepts an honest archive, entries tiling the file up to the central directory', async () => {
    const p = file(zip([{ name: 'a.txt', data: Buffer.from('hello '.repeat(1000)) }, { name: 'b.txt', data: Buffer.alloc(0) }]));
    const d = await readZipDirectory(p);
    expect(d.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([['a.txt', 6000], ['b.txt', 0]]);
    expect(await verify(p)).toBeNull();
  });

  it('refuses an entry that inflates past its declared size, without inflating it all', async () => {
    for (const bytes of [xlsxBomb(8, true), xlsxSharedStringsBomb(8)]) {
      const err = await verify(file(bytes));
      expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringMatching(/expands beyond the 1(000 B|\.0 KiB) its header declares; the archive is forged/) });
    }
  });

  it('refuses an entry smaller than declared and data the central directory does not list', async () => {
    const short = await verify(file(zip([{ name: 'a.txt', data: Buffer.from('abc'), declaredSize: 10 }])));
    expect(short).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/a\.txt holds 3 B, not the 10 B its header declares/) });
    const hidden = await verify(file(xlsxHiddenEntry(1)));
    expect(hidden).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/unlisted data before xl\/worksheets\/sheet1\.xml/) });
  });

  it('reports damaged deflate data as a broken archive', async () => {
    const good = zip([{ name: 'a.txt', data: Buffer.from('x'.repeat(5000)) }]);
    // Corrupt the compressed bytes just after the 30-byte local header and the 5-byte name.
    for (let i = 35; i < 45; i++) good[i] = 0xff;
    const err = await verify(file(good));
    expect(err).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/a\.txt cannot be inflated/) });
  });
});
