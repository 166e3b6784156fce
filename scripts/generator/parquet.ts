/** CSV → Parquet through DuckDB: all columns stay text except `age`, the one column clean enough to type. */
import { rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempPathFor } from './output.js';
import { COLUMNS } from './record.js';

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Converts the generator's own CSV. Columns are declared rather than sniffed so the result does not
 * depend on the sample DuckDB happens to read. `age` becomes INTEGER (its missing tokens such as 'N/A'
 * become NULL, outliers such as 999 stay); every other column is VARCHAR because its dirt is the point.
 * Empty cells become NULL, as they would in a Parquet file exported from a real system.
 */
export async function csvToParquet(csvPath: string, parquetPath: string): Promise<void> {
  // Bounded memory with spill next to the output (the default for :memory: would be ./.tmp in the cwd).
  const spill = tempPathFor(parquetPath, 'duckdb');
  const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB', temp_directory: spill });
  try {
    const con = await db.connect();
    try {
      const columns = COLUMNS.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ');
      const select = COLUMNS.map((c) => (c === 'age' ? 'TRY_CAST(trim(age) AS INTEGER) AS age' : `"${c}"`)).join(', ');
      await con.run('SET preserve_insertion_order = true');
      await con.run(
        `COPY (SELECT ${select} FROM read_csv(${sqlString(csvPath)}, header = true, auto_detect = false, ` +
        `delim = ',', quote = '"', escape = '"', new_line = '\\n', columns = {${columns}})) ` +
        `TO ${sqlString(parquetPath)} (FORMAT parquet, COMPRESSION zstd)`,
      );
    } finally {
      con.closeSync();
    }
  } finally {
    db.closeSync();
    await rm(spill, { recursive: true, force: true });
  }
}
