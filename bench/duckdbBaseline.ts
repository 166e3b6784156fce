/**
 * The DuckDB baseline the engine is compared with: read_csv → trim and lower-case every string
 * column → drop exact duplicate rows → write Parquet (zstd). Run as its own process so its RSS is
 * measured apart from the bench. Usage: duckdbBaseline.ts <input.csv> <output.parquet>
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: duckdbBaseline.ts <input.csv> <output.parquet>\n');
  process.exit(2);
}
const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
const t0 = performance.now();
const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_csv(${lit(input)})`);
const select = described.getRowsJS().map(([name, type]) => {
  const n = ident(String(name));
  return type === 'VARCHAR' ? `lower(trim(${n})) AS ${n}` : n;
}).join(', ');
const res = await con.run(`COPY (SELECT DISTINCT * FROM (SELECT ${select} FROM read_csv(${lit(input)}))) TO ${lit(output)} (FORMAT parquet, COMPRESSION zstd)`);
process.stdout.write(JSON.stringify({ rows: res.rowsChanged, queryS: (performance.now() - t0) / 1000 }) + '\n');
con.closeSync();
instance.closeSync();
