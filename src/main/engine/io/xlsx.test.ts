/** XLSX source against workbooks written by exceljs, plus forged zip bombs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsxFixtures, type XlsxFixtures } from '../../../../test/fixtures/io/binary/buildBinaryFixtures.js';
import { EngineError } from '../errors.js';
import type { Cell, RowBatch } from '../table.js';
import { createXlsxSource, isoFromDate } from './xlsx.js';
import { parseSheets } from './xlsxWorkbook.js';

let dir: string;
let fx: XlsxFixtures;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-xlsx-test-'));
  fx = await buildXlsxFixtures(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(src: ReturnType<typeof createXlsxSource>, batchSize?: number): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const b of src.read(batchSize ? { batchSize } : {})) out.push(b);
  return out;
}

function rowsOf(batches: RowBatch[]): Cell[][] {
  const out: Cell[][] = [];
  for (const b of batches) for (let r = 0; r < b.length; r++) out.push(b.columns.map((c) => c[r] as Cell));
  return out;
}

async function caught(p: Promise<unknown>): Promise<EngineError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

describe('createXlsxSource', () => {
  it('takes the first row as a unique header', async () => {
    const info = await createXlsxSource(fx.workbook).info();
    expect(info.format).toBe('xlsx');
    expect(info.hasHeader).toBe(true);
    expect(info.schema.map((c) => c.name)).toEqual(['Name', 'Born', 'Score', 'Active', 'Double', 'Note', 'Name_2', 'column_8', 'Next day']);
  });

  it('converts typed cells, formulas, rich text, links, errors and merged cells', async () => {
    const batches = await readAll(createXlsxSource(fx.workbook));
    expect(rowsOf(batches)).toEqual([
      ['Ann', '1990-05-17', 12.5, true, 25, 'bold text', 'x', 'h', '1990-05-18'],
      ['Bob', '2020-01-02T13:45:30', 7, false, 14, 'link', null, null, null],
      ['Cy', null, '#N/A', null, null, 'merged', null, null, null],
      ['Eve', '2021-07-01T00:00:00.250', -3, null, null, null, null, null, null],
    ]);
    expect(batches.flatMap((b) => b.rows)).toEqual([1, 2, 3, 5]);
    expect(batches.flatMap((b) => b.lines)).toEqual([2, 3, 5, 7]);
  });

  it('quarantines a row with values beyond the header width, in the shared row sequence', async () => {
    const batches = await readAll(createXlsxSource(fx.workbook));
    const q = batches.flatMap((b) => b.quarantined);
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ row: 4, line: 6 });
    expect(q[0]?.reason).toContain('column J');
    expect(JSON.parse(q[0]?.raw ?? '')).toEqual(['Dee', null, 1, null, null, null, null, null, null, 'too far']);
  });

  it('splits into batches of the requested size', async () => {
    const batches = await readAll(createXlsxSource(fx.workbook), 2);
    expect(batches.map((b) => b.length + b.quarantined.length)).toEqual([2, 2, 1]);
  });

  it('chooses a sheet by name or 1-based index', async () => {
    const expected = [['a', 1], ['b', 2]];
    for (const sheet of ['Second Sheet', 'second sheet', 2, '2'] as const) {
      const src = createXlsxSource(fx.workbook, { sheet });
      expect((await src.info()).schema.map((c) => c.name)).toEqual(['k', 'v']);
      expect(rowsOf(await readAll(src))).toEqual(expected);
    }
  });

  it('lists the sheet names for an unknown sheet', async () => {
    const err = await caught(createXlsxSource(fx.workbook, { sheet: 'Nope' }).info());
    expect(err.message).toContain('"People", "Second Sheet"');
    const byIndex = await caught(createXlsxSource(fx.workbook, { sheet: 3 }).info());
    expect(byIndex.message).toContain('no sheet number 3');
  });

  it('refuses zip bombs by declared size and ratio (incl. ZIP64)', async () => {
    for (const f of [fx.bombTotal, fx.bombRatio, fx.bombZip64]) {
      const err = await caught(createXlsxSource(f).info());
      expect(err.code).toBe('LIMIT_EXCEEDED');
      expect(err.oneLine()).toContain(f);
    }
  });

  it('rejects a non-zip file and a missing file', async () => {
    const bad = join(dir, 'bin-not-a-zip.xlsx');
    writeFileSync(bad, 'just,text\n1,2\n');
    expect((await caught(createXlsxSource(bad).info())).code).toBe('BAD_INPUT');
    expect((await caught(createXlsxSource(join(dir, 'nope.xlsx')).info())).code).toBe('NOT_FOUND');
  });

  it('reads the same cells when shared strings and styles precede the sheets (streamed inline)', async () => {
    for (const sheet of [1, 'Second Sheet'] as const) {
      const a = await readAll(createXlsxSource(fx.workbook, { sheet }));
      const b = await readAll(createXlsxSource(fx.inline, { sheet }));
      expect(b).toEqual(a);
      expect(b.length).toBeGreaterThan(0);
    }
  });

  it('streams a workbook written by the streaming writer', async () => {
    const path = join(dir, 'bin-streamed.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
    const ws = writer.addWorksheet('Data');
    ws.addRow(['when', 'n']).commit();
    for (let i = 0; i < 500; i++) {
      const row = ws.addRow([new Date(Date.UTC(2024, 0, 1 + (i % 28))), i]);
      row.getCell(1).numFmt = 'yyyy-mm-dd';
      row.commit();
    }
    ws.commit();
    await writer.commit();
    const rows = rowsOf(await readAll(createXlsxSource(path), 128));
    expect(rows).toHaveLength(500);
    expect(rows[0]).toEqual(['2024-01-01', 0]);
    expect(rows[499]).toEqual([`2024-01-${String(1 + (499 % 28)).padStart(2, '0')}`, 499]);
  });

  it('cancels through the signal', async () => {
    const ac = new AbortController();
    ac.abort();
    const run = async () => {
      for await (const _ of createXlsxSource(fx.workbook).read({ signal: ac.signal })) { /* drain */ }
    };
    await expect(run()).rejects.toMatchObject({ code: 'CANCELLED' });
    const ac2 = new AbortController();
    const run2 = async () => {
      for await (const _ of createXlsxSource(fx.workbook).read({ batchSize: 1, signal: ac2.signal })) ac2.abort();
    };
    await expect(run2()).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('yields no rows for an empty sheet', async () => {
    const path = join(dir, 'bin-empty.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Empty');
    await wb.xlsx.writeFile(path);
    const src = createXlsxSource(path);
    expect((await src.info()).schema).toEqual([]);
    expect(await readAll(src)).toEqual([]);
  });
});

describe('xlsx helpers', () => {
  it('formats dates as date-only at midnight, else ISO datetime without zone', () => {
    expect(isoFromDate(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
    expect(isoFromDate(new Date(Date.UTC(2024, 1, 29, 0, 0, 1)))).toBe('2024-02-29T00:00:01');
    expect(isoFromDate(new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 5)))).toBe('2024-02-29T23:59:59.005');
    expect(isoFromDate(new Date(Number.NaN))).toBeNull();
  });

  it('parses sheet names with entities, any namespace prefix and absolute targets', () => {
    const wb = `<workbook><sheets><sheet name="A &amp; B" sheetId="1" r:id="rId2"/><x:sheet name='C' sheetId="2" ns9:id="rId1"/><sheet name="Chart" sheetId="3" r:id="rId3"/></sheets></workbook>`;
    const rels = `<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet7.xml"/><Relationship Id="rId2" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Target="chartsheets/sheet1.xml"/></Relationships>`;
    expect(parseSheets(wb, rels)).toEqual([
      { name: 'A & B', index: 1, part: '1' },
      { name: 'C', index: 2, part: '7' },
      { name: 'Chart', index: 3, part: undefined },
    ]);
  });
});
