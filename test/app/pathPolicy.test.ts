/** Path rules for API clients: absolute only, inputs must exist, outputs stay inside allowed folders (symlinks included). */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileName, PathPolicy } from '../../src/main/app/pathPolicy.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-paths-'));
  mkdirSync(join(dir, 'allowed'));
  mkdirSync(join(dir, 'other'));
  writeFileSync(join(dir, 'allowed', 'in.csv'), 'a\n1\n');
  writeFileSync(join(dir, 'other', 'secret.csv'), 'a\n1\n');
  symlinkSync(join(dir, 'other'), join(dir, 'allowed', 'escape'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PathPolicy', () => {
  const open = new PathPolicy();

  it('refuses relative paths', async () => {
    await expect(open.inputFile('in.csv')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(open.outputDir('out')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('needs inputs to exist and be files', async () => {
    await expect(open.inputFile(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(open.inputFile(join(dir, 'allowed'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await open.inputFile(join(dir, 'allowed', '..', 'allowed', 'in.csv'))).toBe(join(dir, 'allowed', 'in.csv'));
  });

  it('needs output folders to exist', async () => {
    await expect(open.outputDir(join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(open.outputDir(join(dir, 'allowed', 'in.csv'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('keeps reads and writes inside the configured roots, symlinks resolved', async () => {
    const fenced = new PathPolicy({ inputRoots: [join(dir, 'allowed')], outputRoots: [join(dir, 'allowed')] });
    expect(await fenced.inputFile(join(dir, 'allowed', 'in.csv'))).toBe(join(dir, 'allowed', 'in.csv'));
    await expect(fenced.inputFile(join(dir, 'other', 'secret.csv'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(fenced.inputFile(join(dir, 'allowed', 'escape', 'secret.csv'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(fenced.outputDir(join(dir, 'allowed', 'escape'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(fenced.outputFile(join(dir, 'other', 'plan.json'), ['.json'])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await fenced.outputFile(join(dir, 'allowed', 'plan.json'), ['.json'])).toBe(join(dir, 'allowed', 'plan.json'));
  });
});

describe('fileName', () => {
  it('accepts plain names with an allowed extension', () => {
    expect(fileName('out.cleaned.parquet', ['.parquet'])).toBe('out.cleaned.parquet');
    expect(fileName('OUT.CSV', ['.csv'])).toBe('OUT.CSV');
  });

  it.each(['../out.csv', 'a/b.csv', 'a\\b.csv', '.hidden.csv', '..', 'out.exe', 'out'])('refuses %s', (name) => {
    expect(() => fileName(name, ['.csv'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
