/** The ObjectStore contract every backend passes: whole-object writes, streamed reads, listing, deletion. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../../src/main/app/objectStore.js';

export async function tempFile(bytes: number, seed = 1): Promise<{ path: string; sha256: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'ds-obj-'));
  const path = join(dir, `f${seed}.bin`);
  // Deterministic content: a repeated block derived from the seed.
  const block = createHash('sha512').update(String(seed)).digest();
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += block.length) block.copy(buf, i, 0, Math.min(block.length, bytes - i));
  buf.writeUInt32LE(seed, 0);
  await writeFile(path, buf);
  return { path, sha256: createHash('sha256').update(buf).digest('hex') };
}

/** `open` gives a store whose multipart threshold (if any) is 5 MiB. */
export function objectStoreContract(name: string, open: () => Promise<ObjectStore>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    it('stores a small and a multipart-sized file whole and streams them back', async () => {
      const s = await open();
      const prefix = `c/${randomBytes(3).toString('hex')}/`;
      const small = await tempFile(1000, 2);
      const big = await tempFile(12 * 1024 * 1024 + 17, 3);
      await s.putFile(`${prefix}small.csv`, small.path, { contentType: 'text/csv' });
      await s.putFile(`${prefix}dir/big.parquet`, big.path);
      const dir = await mkdtemp(join(tmpdir(), 'ds-get-'));
      expect(await s.getFile(`${prefix}small.csv`, join(dir, 's'))).toEqual({ bytes: 1000, sha256: small.sha256 });
      expect(await s.getFile(`${prefix}dir/big.parquet`, join(dir, 'b'))).toEqual({ bytes: 12 * 1024 * 1024 + 17, sha256: big.sha256 });
      expect(await readFile(join(dir, 's'))).toEqual(await readFile(small.path));
      expect(await s.list(prefix)).toEqual([`${prefix}dir/big.parquet`, `${prefix}small.csv`]);
      expect(await s.exists(`${prefix}small.csv`)).toBe(true);
      expect(s.url(`${prefix}small.csv`)).toContain(`${prefix}small.csv`);
      await s.delete([`${prefix}small.csv`, `${prefix}never-there`]);
      expect(await s.exists(`${prefix}small.csv`)).toBe(false);
      expect(await s.list(prefix)).toEqual([`${prefix}dir/big.parquet`]);
      await s.close();
    });

    it('replaces an object whole and reports a missing one as NOT_FOUND', async () => {
      const s = await open();
      const key = `r/${randomBytes(3).toString('hex')}.bin`;
      const a = await tempFile(300, 4);
      const b = await tempFile(200, 5);
      await s.putFile(key, a.path);
      await s.putFile(key, b.path);
      const dir = await mkdtemp(join(tmpdir(), 'ds-get-'));
      expect(await s.getFile(key, join(dir, 'x'))).toEqual({ bytes: 200, sha256: b.sha256 });
      await expect(s.getFile(`${key}.missing`, join(dir, 'y'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await s.close();
    });
  });
}
