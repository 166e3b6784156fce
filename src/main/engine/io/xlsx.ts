/** XLSX source: streams one worksheet with exceljs's WorkbookReader; first row is the header. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CancelledError, EngineError, throwIfAborted } from '../errors.js';
import type { Cell, ColumnSchema, QuarantinedRow, RowBatch } from '../table.js';
import { uniqueNames } from './csv.js';
import type { ReadOptions, Source, SourceInfo } from './types.js';
import { chooseSheet, inspectWorkbook, type SheetRef } from './xlsxWorkbook.js';
import type { ZipLimits } from './zip.js';

export interface XlsxSourceOptions {
  /** Sheet name or 1-based tab index. @default 1 */
  sheet?: string | number;
  /** Zip-bomb limits. @default 2 GiB expanded, 200:1 */
  limits?: ZipLimits;
}

/** What the streaming reader gives per row (the public typings omit the streaming details). */
interface StreamRow {
  number: number;
  values: unknown[];
  getCell(col: number): { numFmt?: unknown };
}

const DAY_MS = 86_400_000;

/** Same arithmetic exceljs uses for typed date cells, for formula results it leaves numeric. */
function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

/** A number format shows a date when it has date/time tokens outside quotes and [brackets]. */
function isDateFormat(fmt: unknown): boolean {
  if (typeof fmt !== 'string' || fmt.length === 0) return false;
  return /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/** ISO text: date-only at midnight, else `YYYY-MM-DDTHH:MM:SS[.fff]` (UTC, as exceljs decodes serials). */
export function isoFromDate(d: Date): Cell {
  if (Number.isNaN(d.getTime())) return null;
  const s = d.toISOString();
  if (s.endsWith('T00:00:00.000Z')) return s.slice(0, -14);
  return s.endsWith('.000Z') ? s.slice(0, -5) : s.slice(0, -1);
}

/** Converts one exceljs cell value; formula results that are serial dates need the cell's format. */
function toCell(v: unknown, row: StreamRow, col: number, date1904: boolean): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      // A formula whose cached result is an error reaches us as NaN; its text is lost upstream.
      return Number.isNaN(v) ? null : v;
    case 'boolean':
      return v;
    case 'object':
      break;
    default:
      return String(v);
  }
  if (v instanceof Date) return isoFromDate(v);
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const r = o['result'];
    if (typeof r === 'number' && Number.isFinite(r) && isDateFormat(row.getCell(col).numFmt)) return isoFromDate(excelSerialToDate(r, date1904));
    return typeof r === 'object' && r !== null && ('formula' in r || 'sharedFormula' in r) ? null : toCell(r, row, col, date1904);
  }
  const rich = o['richText'];
  if (Array.isArray(rich)) return rich.map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : '')).join('');
  if ('error' in o) return String(o['error']);
  if ('text' in o) return toCell(o['text'], row, col, date1904);
  if ('hyperlink' in o) return String(o['hyperlink']);
  return JSON.stringify(o);
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Streams the rows of one worksheet part; the input stream is closed however iteration ends. */
async function* sheetRows(path: string, sheet: SheetRef, signal: AbortSignal | undefined, onBytes: ((n: number) => void) | undefined): AsyncGenerator<StreamRow> {
  // exceljs takes a second to load; only runs that read a workbook pay for it. Loaded before the
  // stream opens: a 'data' listener starts the flow, and nothing may be read before the reader is attached.
  const { default: ExcelJS } = await import('exceljs');
  const input = createReadStream(path);
  let bytes = 0;
  if (onBytes) input.on('data', (b: Buffer | string) => onBytes((bytes += b.length)));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
  // exceljs renames worksheet readers from workbook.xml only when it saw that part first; the
  // 'entry' event fired just before each reader is yielded names the part reliably.
  let part: string | undefined;
  (reader as unknown as NodeJS.EventEmitter).on('entry', (e: { type?: string; id?: unknown }) => {
    if (e.type === 'worksheet') part = String(e.id);
  });
  let found = false;
  try {
    for await (const ws of reader) {
      if (part !== sheet.part) {
        // A skipped sheet that exceljs parked in a temp file holds an open read stream.
        (ws as unknown as { iterator?: { destroy?: () => void } }).iterator?.destroy?.();
        continue;
      }
      found = true;
      for await (const row of ws as AsyncIterable<unknown>) {
        if (signal?.aborted) throw new CancelledError();
        yield row as StreamRow;
      }
      break;
    }
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('BAD_INPUT', `Cannot read ${path}: ${(err as Error).message}`, { location: { file: path }, cause: err });
  } finally {
    input.destroy();
  }
  if (!found) throw new EngineError('BAD_INPUT', `${path}: the data of sheet ${JSON.stringify(sheet.name)} is missing from the archive`, { location: { file: path } });
}

export function createXlsxSource(inputPath: string, opts: XlsxSourceOptions = {}): Source {
  const path = resolve(inputPath);
  let cachedInfo: SourceInfo | undefined;
  let opened: Promise<{ sheet: SheetRef; date1904: boolean; bytes: number }> | undefined;

  const open = (): Promise<{ sheet: SheetRef; date1904: boolean; bytes: number }> =>
    (opened ??= (async () => {
      let bytes: number;
      try {
        bytes = (await stat(path)).size;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new EngineError('NOT_FOUND', `Input file not found: ${path}`, { location: { file: path } });
        throw new EngineError('IO_ERROR', `Cannot open ${path}: ${(err as Error).message}`, { location: { file: path }, cause: err });
      }
      const wb = await inspectWorkbook(path, opts.limits);
      return { sheet: chooseSheet(wb.sheets, opts.sheet, path), date1904: wb.date1904, bytes };
    })()).catch((err: unknown) => {
      opened = undefined;
      throw err;
    });

  /** Pulls rows up to the first non-empty one, leaving the generator open for the data rows. */
  async function readHeader(rows: AsyncGenerator<StreamRow>, date1904: boolean): Promise<string[]> {
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      const row = next.value;
      const values = row.values;
      const cells: (string | null)[] = [];
      let last = 0;
      for (let c = 1; c < values.length; c++) {
        const v = toCell(values[c], row, c, date1904);
        cells.push(v === null ? null : String(v));
        if (v !== null && String(v).trim() !== '') last = c;
      }
      if (last > 0) return uniqueNames(cells.slice(0, last));
    }
    return [];
  }

  async function info(): Promise<SourceInfo> {
    if (cachedInfo) return cachedInfo;
    const { sheet, date1904, bytes } = await open();
    const rows = sheetRows(path, sheet, undefined, undefined);
    let names: string[];
    try {
      names = await readHeader(rows, date1904);
    } finally {
      await rows.return(undefined);
    }
    const schema: ColumnSchema[] = names.map((name) => ({ name, sourceType: 'xlsx' }));
    cachedInfo = { format: 'xlsx', path, bytes, hasHeader: true, schema };
    return cachedInfo;
  }

  async function* read(readOpts: ReadOptions = {}): AsyncGenerator<RowBatch> {
    const batchSize = Math.max(1, Math.floor(readOpts.batchSize ?? 8192));
    throwIfAborted(readOpts.signal);
    const { sheet, date1904 } = await open();
    const rows = sheetRows(path, sheet, readOpts.signal, readOpts.onBytes);
    try {
      yield* dataBatches(rows, await readHeader(rows, date1904), date1904, batchSize);
    } finally {
      await rows.return(undefined);
    }
  }

  return { info, read };
}

async function* dataBatches(rows: AsyncGenerator<StreamRow>, names: string[], date1904: boolean, batchSize: number): AsyncGenerator<RowBatch> {
  const width = names.length;
  let columns: Cell[][] = names.map(() => []);
  let rowNos: number[] = [];
  let lines: number[] = [];
  let quarantined: QuarantinedRow[] = [];
  const scratch: Cell[] = [];
  let rowNo = 0;
  const flush = (): RowBatch => {
    const batch: RowBatch = { names: [...names], columns, length: rowNos.length, rows: rowNos, lines, quarantined };
    columns = names.map(() => []);
    rowNos = [];
    lines = [];
    quarantined = [];
    return batch;
  };
  for await (const row of rows) {
    const values = row.values;
    scratch.length = 0;
    let last = 0;
    for (let c = 1; c < values.length; c++) {
      const v = toCell(values[c], row, c, date1904);
      scratch.push(v);
      if (v !== null) last = c;
    }
    if (last === 0) continue;
    rowNo++;
    if (last > width) {
      quarantined.push({
        row: rowNo,
        line: row.number,
        raw: JSON.stringify(scratch.slice(0, last)),
        reason: `value in column ${columnLetter(last)} beyond the header's ${width} column${width === 1 ? '' : 's'}`,
      });
    } else {
      for (let c = 0; c < width; c++) (columns[c] as Cell[]).push(c < scratch.length ? (scratch[c] as Cell) : null);
      rowNos.push(rowNo);
      lines.push(row.number);
    }
    if (rowNos.length + quarantined.length >= batchSize) yield flush();
  }
  if (rowNos.length + quarantined.length > 0) yield flush();
}
