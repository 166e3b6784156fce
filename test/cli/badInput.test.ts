/**
 * The hostile-input corpus (test/fixtures/bad/) through the real CLI: every file ends in a clear
 * one-line error (exit 65/66, no stack trace, no output left behind) or in rows and quarantined
 * rows with reasons, with the report invariant holding. The input is never modified.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import {
  BAD_DIR, writeFormulaXlsx, writeHugeField, writeOddParquet, writeWideCsv, xlsxBomb, xlsxHiddenEntry, xlsxSharedStringsBomb,
} from '../fixtures/bad/make-bad.js';
import { cli, duck, scratch } from './helpers.js';

let dir = '';
let noopPlan = '';
let hugeFieldChars = 0;

beforeAll(async () => {
  dir = await scratch('ds-bad-');
  noopPlan = join(dir, 'noop.plan.json');
  await writeFile(noopPlan, JSON.stringify({ version: 1, salt: '', operations: [], dedupe: { mode: 'off', columns: [] } }));
  hugeFieldChars = await writeHugeField(join(dir, 'huge-field-50mb.csv'), 50);
  await writeWideCsv(join(dir, 'wide-100000.csv'), 100_000, 3);
  await writeFile(join(dir, 'bomb-ratio.xlsx'), xlsxBomb(64, false));
  await writeFile(join(dir, 'bomb-forged-size.xlsx'), xlsxBomb(64, true));
  await writeFile(join(dir, 'bomb-shared-strings.xlsx'), xlsxSharedStringsBomb(64));
  await writeFile(join(dir, 'bomb-hidden-entry.xlsx'), xlsxHiddenEntry(64));
  await writeFormulaXlsx(join(dir, 'formulas-merged.xlsx'));
  await writeOddParquet(join(dir, 'odd-types.parquet'));
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const isDir = async (p: string): Promise<boolean> => (await stat(p)).isDirectory();
const sha = async (p: string): Promise<string> => createHash('sha256').update(await readFile(p)).digest('hex');

interface Run { code: number | null; stderr: string; out: string; outDir: string; report: Report | null }

/** Cleans `input` into its own folder; checks the input is byte-for-byte unchanged and nothing half-written is left. */
async function clean(name: string, input: string, opts: { format?: 'csv' | 'parquet' | 'jsonl'; noop?: boolean; extra?: string[] } = {}): Promise<Run> {
  const outDir = join(dir, `run-${name}`);
  await mkdir(outDir, { recursive: true });
  const out = join(outDir, `out.${opts.format ?? 'csv'}`);
  const before = existsSync(input) && !(await isDir(input)) ? await sha(input) : null;
  const args = ['clean', input, '--out', out, '--quiet', '--store', join(outDir, 'cat.db'), ...(opts.noop ? ['--plan', noopPlan] : []), ...(opts.extra ?? [])];
  const r = await cli(args, { cwd: outDir });
  if (before !== null) expect(await sha(input)).toBe(before);
  const files = await readdir(outDir);
  // Temp files never outlive a run, successful or not: neither ours (.*.tmp) nor DuckDB's (tmp_*).
  expect(files.filter((f) => f.endsWith('.tmp') || f.startsWith('tmp_'))).toEqual([]);
  const reportPath = join(outDir, 'out.report.json');
  const report = existsSync(reportPath) ? (JSON.parse(await readFile(reportPath, 'utf8')) as Report) : null;
  return { code: r.code, stderr: r.stderr, out, outDir, report };
}

/** A refusal: one line naming the file, the exit code, no stack trace, no outputs. */
async function expectRefused(r: Run, input: string, code: 65 | 66, message: RegExp): Promise<void> {
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^data-sanitizer: /);
  expect(r.stderr).toContain(basename(input));
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.code).toBe(code);
  for (const f of ['out.csv', 'out.parquet', 'out.report.json', 'out.quarantine.jsonl', 'out.provenance.parquet']) expect(existsSync(join(r.outDir, f))).toBe(false);
}

/** A success: the invariant holds and every quarantined row is in the quarantine file with a reason. */
async function expectRows(r: Run, rows: { in: number; quarantined: number; out?: number }): Promise<Report> {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = r.report!;
  expect(report.rows).toMatchObject(rows);
  expect(report.rows.in).toBe(report.rows.out + report.rows.duplicates + report.rows.quarantined);
  expect(report.invariantHolds).toBe(true);
  const q = (await readFile(join(r.outDir, 'out.quarantine.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { row: number; reason: string });
  expect(q).toHaveLength(report.rows.quarantined);
  for (const row of q) expect(row.reason.length).toBeGreaterThan(0);
  expect(existsSync(r.out)).toBe(true);
  return report;
}

const bad = (f: string): string => join(BAD_DIR, f);

// Each case spawns the CLI (a second or more apiece on a loaded machine), so cases run concurrently with room to spare.
describe.concurrent('refused with a clear one-line error', { timeout: 300_000 }, () => {
  const cases: [file: string, code: 65 | 66, message: RegExp][] = [
    ['empty.csv', 65, /file is empty/],
    ['empty.json', 65, /file is empty/],
    ['empty.jsonl', 65, /file is empty/],
    ['blank-lines-only.csv', 65, /file is empty/],
    ['whitespace-only.jsonl', 65, /file is empty/],
    ['bom-only.csv', 65, /file is empty/],
    ['unclosed-quote-eof.csv', 65, /line 3, column 3: unclosed quote/],
    ['deep-10000.json', 65, /line 1, column 2: record nests deeper than 1000 levels/],
    ['truncated.json', 65, /unexpected end of file inside the record/],
    ['garbage.json', 65, /expected '\[' or '\{' at the start of the JSON document/],
    ['not-a-zip.xlsx', 65, /not a valid XLSX \(zip\) file/],
    ['truncated-zip.xlsx', 65, /not a valid XLSX \(zip\) file/],
    ['not-parquet.parquet', 65, /Cannot read Parquet file/],
  ];
  for (const [file, code, message] of cases) {
    it(file, async () => {
      await expectRefused(await clean(file, bad(file)), bad(file), code, message);
    });
  }

  it('a missing input exits 66 and a directory 65', async () => {
    const missing = join(dir, 'no-such-file.csv');
    await expectRefused(await clean('missing', missing), missing, 66, /not found/);
    const folder = join(dir, 'a-folder.csv');
    await mkdir(folder, { recursive: true });
    await expectRefused(await clean('folder', folder), folder, 65, /is not a file/);
  });

  it('100,000 columns: over the column limit', async () => {
    const f = join(dir, 'wide-100000.csv');
    await expectRefused(await clean('wide', f), f, 65, /line 1: 100,000 columns, over the limit of 16,384/);
  });

  it('XLSX zip bombs: by ratio, by forged sizes (sheet and shared strings), and by an unlisted entry', async () => {
    const expected: [string, RegExp][] = [
      ['bomb-ratio.xlsx', /expands \d+:1 .* over the 200:1 limit/],
      ['bomb-forged-size.xlsx', /sheet1\.xml expands beyond the 1\.0 KiB its header declares/],
      ['bomb-shared-strings.xlsx', /sharedStrings\.xml expands beyond the 1000 B its header declares/],
      ['bomb-hidden-entry.xlsx', /unlisted data before/],
    ];
    for (const [file, message] of expected) {
      const f = join(dir, file);
      await expectRefused(await clean(file, f), f, 65, message);
    }
  });
});

describe.concurrent('read, with bad rows quarantined and the invariant holding', { timeout: 300_000 }, () => {
  it('header only (with and without a final line break): zero rows', async () => {
    for (const file of ['header-only.csv', 'header-only-no-eol.csv']) {
      const r = await clean(file, bad(file));
      await expectRows(r, { in: 0, out: 0, quarantined: 0 });
      expect(await readFile(r.out, 'utf8')).toBe('id,name,email\n');
    }
  });

  it('byte-order marks (UTF-8, UTF-16LE/BE, doubled, JSON Lines) never reach a column name', async () => {
    for (const file of ['bom-utf8.csv', 'bom-utf16le.csv', 'bom-utf16be.csv', 'bom-twice.csv']) {
      const r = await clean(file, bad(file), { noop: true });
      await expectRows(r, { in: file === 'bom-twice.csv' ? 1 : 2, quarantined: 0 });
      expect((await readFile(r.out, 'utf8')).split('\n')[0]).toBe('id,name');
    }
    const r = await clean('bom-jsonl', bad('bom-utf8.jsonl'), { noop: true });
    await expectRows(r, { in: 2, quarantined: 0 });
    expect(await readFile(r.out, 'utf8')).toBe('id\n1\n2\n');
  });

  it('mixed line endings, including a lone CR inside a quoted field', async () => {
    const r = await clean('mixed-eol', bad('mixed-eol.csv'), { noop: true });
    await expectRows(r, { in: 5, out: 5, quarantined: 0 });
    expect(await readFile(r.out, 'utf8')).toBe('id,name\n1,alpha\n2,beta\n3,gamma\n4,"multi\rline"\n5,delta\n');
  });

  it('duplicate, case-only duplicate and empty header names become distinct columns, even in Parquet', async () => {
    const r = await clean('dup-headers', bad('dup-empty-headers.csv'), { format: 'parquet' });
    const report = await expectRows(r, { in: 2, quarantined: 0 });
    const cols = await duck<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet('${r.out}')`);
    expect(cols.map((c) => c.column_name)).toEqual(['name', 'column_2', 'name_3', 'NAME_4', 'column_5', 'name_2']);
    const n = await duck<{ n: string }>(`SELECT count(*) AS n FROM read_parquet('${r.out}')`);
    expect(Number(n[0]!.n)).toBe(report.rows.out);
  });

  it('invalid UTF-8 is read as windows-1252, byte for byte', async () => {
    const r = await clean('invalid-utf8', bad('invalid-utf8.csv'), { noop: true });
    await expectRows(r, { in: 3, quarantined: 0 });
    expect(r.report!.input).toMatchObject({ format: 'csv' });
    expect(await readFile(r.out, 'utf8')).toBe('id,name\n1,caf\u00c3(\n2,\u00ff\u00fe\u20acx\n3,ok\n');
  });

  it('NUL bytes: dropped from header names, kept in values, through Parquet', async () => {
    const r = await clean('nul', bad('nul-bytes.csv'), { format: 'parquet', noop: true });
    await expectRows(r, { in: 3, quarantined: 0 });
    const rows = await duck<{ id: string; name: string | null }>(`SELECT * FROM read_parquet('${r.out}')`);
    expect(rows).toEqual([{ id: '1', name: 'a\u0000b' }, { id: '2', name: '\u0000\u0000\u0000' }, { id: '3', name: 'plain' }]);
    const only = await clean('nul-only', bad('nul-only.csv'), { format: 'parquet' });
    await expectRows(only, { in: 0, quarantined: 0 });
  });

  it('ragged rows and text after a closing quote are quarantined with their raw text', async () => {
    const r = await clean('ragged', bad('ragged-and-junk.csv'));
    await expectRows(r, { in: 5, out: 2, quarantined: 3 });
    const q = (await readFile(join(r.outDir, 'out.quarantine.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { row: number; raw: string; reason: string });
    expect(q.map((x) => [x.row, x.raw, x.reason])).toEqual([
      [2, '4,5', 'expected 3 fields, found 2'],
      [3, '6,7,8,9', 'expected 3 fields, found 4'],
      [4, '"x"y,1,2', 'unexpected "y" after a closing quote at line 5, column 4'],
    ]);
  });

  it('JSON Lines: a 10,000-deep line, a truncated last line and non-objects are quarantined', async () => {
    const deep = await clean('deep-jsonl', bad('deep-10000.jsonl'));
    await expectRows(deep, { in: 3, out: 2, quarantined: 1 });
    const truncated = await clean('truncated-jsonl', bad('truncated-last-line.jsonl'));
    await expectRows(truncated, { in: 3, out: 2, quarantined: 1 });
    expect(await readFile(join(truncated.outDir, 'out.quarantine.jsonl'), 'utf8')).toMatch(/"row":3,"line":3,"reason":"invalid JSON at column 12: Unterminated string"/);
    const objects = await clean('not-objects', bad('not-objects.jsonl'));
    await expectRows(objects, { in: 6, out: 2, quarantined: 4 });
  });

  it('JSON Lines: prototype keys are plain columns; out-of-range numbers keep their text', async () => {
    const proto = await clean('proto', bad('proto-keys.jsonl'), { noop: true });
    await expectRows(proto, { in: 2, quarantined: 0 });
    expect((await readFile(proto.out, 'utf8')).split('\n')[0]).toBe('__proto__.polluted,constructor.prototype.x,id,toString');
    const nums = await clean('numbers', bad('huge-number.jsonl'), { noop: true });
    await expectRows(nums, { in: 2, quarantined: 0 });
    expect(await readFile(nums.out, 'utf8')).toBe('n,m,k\n1e999999,-1e400,123456789012345678901234567890\n1,,\n');
  });

  it('a 50 MB quoted field (quotes, commas, newlines inside) comes out byte for byte', async () => {
    const f = join(dir, 'huge-field-50mb.csv');
    const r = await clean('huge-field', f, { noop: true });
    await expectRows(r, { in: 2, out: 2, quarantined: 0 });
    expect(hugeFieldChars).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    expect(await sha(r.out)).toBe(await sha(f));
  }, 900_000);

  it('XLSX: formula results (an error among them), merged cells, rich text and links', async () => {
    const f = join(dir, 'formulas-merged.xlsx');
    const r = await clean('formulas', f, { noop: true });
    await expectRows(r, { in: 5, quarantined: 0 });
    expect(await readFile(r.out, 'utf8')).toBe([
      'item,qty,price,total,note',
      'apple,2,1.5,3,merged note',
      'pear,3,2,6,',
      // exceljs's streaming reader hands over an error result as NaN, so its text (#DIV/0!) cannot be kept.
      'plum,0,4,,rich text',
      'sum,5,,9,link',
      'merged across,,,,',
      '',
    ].join('\n'));
  });

  it('Parquet with types the engine has no cell for: text, exact wide decimals, NaN and infinities kept', async () => {
    const f = join(dir, 'odd-types.parquet');
    const r = await clean('odd-parquet', f, { noop: true });
    await expectRows(r, { in: 2, quarantined: 0 });
    const lines = (await readFile(r.out, 'utf8')).split('\n');
    expect(lines[0]).toBe('id,span,uid,at,mood,bits,nested,deep,huge,wide,nan,inf,far');
    expect(lines[1]).toBe('1,3 days,8d3b4a2e-2f7c-4f5e-9a3b-1c2d3e4f5a6b,12:34:56,ok,3q0=,"[[1,2],[3]]","{""a"":{""b"":[1]}}",1.7014118346046923e+38,12345678901234567890.123456,NaN,Infinity,294246-01-01T00:00:00');
    expect(lines[2]).toBe('2,,,,,,,,,,-Infinity,,infinity');
    const toParquet = await clean('odd-parquet-out', f, { format: 'parquet' });
    await expectRows(toParquet, { in: 2, quarantined: 0 });
  });
});
