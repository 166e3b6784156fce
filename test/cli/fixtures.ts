/** A small messy table written in every input format the CLI reads. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';

export const COLUMNS = ['id', 'name', 'city', 'amount', 'joined', 'active'];
export const ROWS: (string | number | boolean | null)[][] = [
  [1, 'Alice Smith', 'New York', '1,200.50', '2021-03-04', 'yes'],
  [2, '  Bob Jones ', 'new york', '$300', '04/05/2021', 'no'],
  [3, 'Carol White', 'Boston', '75', '2021-06-07', 'true'],
  [4, 'Alice Smith', 'New York', '1,200.50', '2021-03-04', 'yes'],
  [5, 'Dan Brown', 'BOSTON', null, '2021-08-09', 'Y'],
  [6, 'Eve Black', 'Chicago', '90', '2021-10-11', 'false'],
  [7, 'Frank Green', 'Chicago', '110', null, '1'],
  [8, 'Grace Hall', 'Boston', '95000000', '2021-12-13', '0'],
];

function csvCell(v: string | number | boolean | null, delim: string): string {
  if (v === null) return '';
  const s = String(v);
  return s.includes(delim) || s.includes('"') || s.includes('\n') || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function writeAllFormats(dir: string): Promise<Record<string, string>> {
  const csv = join(dir, 'people.csv');
  await writeFile(csv, [COLUMNS.join(','), ...ROWS.map((r) => r.map((v) => csvCell(v, ',')).join(','))].join('\r\n') + '\r\n');
  const tsv = join(dir, 'people.tsv');
  await writeFile(tsv, [COLUMNS.join('\t'), ...ROWS.map((r) => r.map((v) => csvCell(v, '\t')).join('\t'))].join('\n') + '\n');
  const objs = ROWS.map((r) => {
    const o: Record<string, unknown> = {};
    COLUMNS.forEach((c, i) => { if (r[i] !== null) o[c] = r[i]; });
    return o;
  });
  const json = join(dir, 'people.json');
  await writeFile(json, JSON.stringify(objs, null, 2));
  const jsonl = join(dir, 'people.jsonl');
  await writeFile(jsonl, objs.map((o) => JSON.stringify(o)).join('\n') + '\n');
  const parquet = join(dir, 'people.parquet');
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.run(`COPY (SELECT * FROM read_csv('${csv.replace(/'/g, "''")}', all_varchar=true)) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`);
  con.closeSync();
  inst.closeSync();
  const xlsx = join(dir, 'people.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('People');
  ws.addRow(COLUMNS);
  for (const r of ROWS) ws.addRow(r.map((v) => (v === null ? undefined : v)));
  await wb.xlsx.writeFile(xlsx);
  return { csv, tsv, json, jsonl, parquet, xlsx };
}
