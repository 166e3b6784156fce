/** Read models over a finished run: diff pages (provenance joined to the original rows) and facets. */
import { stat } from 'node:fs/promises';
import type { DatasetFormat, DiffFacets, DiffPage, DiffRequest, DiffRow, DiffRowStatus, GridCell } from '../../shared/api.js';
import type { ProvenanceRecord, Report } from '../../shared/report.js';
import type { RunRecord } from '../../shared/run.js';
import { EngineError } from '../engine/errors.js';
import { quoteLiteral } from '../engine/io/duckdb.js';
import { sha256File } from '../engine/run/fileHash.js';
import type { ArtifactTable, LoadedTable, TableCache } from './tables.js';

const PROV_COLUMNS = ['row', 'column', 'original', 'cleaned', 'operation', 'op_id', 'confidence', 'kind', 'survivor', 'reason'];
const FORMATS: readonly string[] = ['csv', 'tsv', 'json', 'jsonl', 'parquet', 'xlsx'];

type Param = string | number | boolean | null;

function toRecord(r: unknown[]): ProvenanceRecord {
  const rec: ProvenanceRecord = {
    row: Number(r[1]), column: (r[2] as string | null) ?? null, original: (r[3] as string | null) ?? null,
    cleaned: (r[4] as string | null) ?? null, operation: String(r[5]), opId: String(r[6]), confidence: Number(r[7] ?? 0),
    kind: r[8] as ProvenanceRecord['kind'],
  };
  if (r[9] !== null && r[9] !== undefined) rec.survivor = Number(r[9]);
  if (r[10] !== null && r[10] !== undefined) rec.reason = String(r[10]);
  return rec;
}

/** The row after its cell changes: records are in application order, so the last change of a column is its final value. */
export function applyCellChanges(original: readonly GridCell[], changes: readonly ProvenanceRecord[], colIndex: ReadonlyMap<string, number>): GridCell[] {
  const cleaned = [...original];
  for (const c of changes) {
    if (c.kind !== 'cell' || c.column === null) continue;
    const i = colIndex.get(c.column);
    if (i !== undefined) cleaned[i] = c.cleaned;
  }
  return cleaned;
}

/** Every provenance record of the given rows, grouped by row, in the order the engine wrote them. */
export async function recordsOf(tables: TableCache, prov: ArtifactTable, rows: readonly number[]): Promise<Map<number, ProvenanceRecord[]>> {
  const byRow = new Map<number, ProvenanceRecord[]>();
  const ids = [...new Set(rows)].filter((n) => Number.isSafeInteger(n));
  if (ids.length === 0) return byRow;
  // Row numbers are integers checked above, so inlining them is safe.
  const recs = await tables.query(
    `SELECT rowid, ${PROV_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM ${prov.table} WHERE "row" IN (${ids.join(',')}) ORDER BY rowid`);
  for (const r of recs) {
    const rec = toRecord(r);
    const list = byRow.get(rec.row);
    if (list) list.push(rec);
    else byRow.set(rec.row, [rec]);
  }
  return byRow;
}

function statusOf(changes: readonly ProvenanceRecord[]): DiffRowStatus {
  if (changes.some((c) => c.kind === 'quarantine')) return 'quarantined';
  if (changes.some((c) => c.kind === 'duplicate')) return 'duplicate';
  if (changes.some((c) => c.kind === 'cell')) return 'changed';
  return 'flagged';
}

export class RunViews {
  /** Input fingerprints already checked, keyed by path|mtime|size. */
  private readonly verified = new Map<string, string>();

  constructor(private readonly tables: TableCache) {}

  /** The run's input as a table, refusing when the file changed since the run (the diff would lie). */
  async original(report: Report): Promise<LoadedTable> {
    const path = report.input.path;
    const st = await stat(path).catch(() => null);
    if (!st) throw new EngineError('NOT_FOUND', `the run's input is no longer at ${path}`, { location: { file: path } });
    const key = `${path}|${st.mtimeMs}|${st.size}`;
    let sha = this.verified.get(key);
    if (sha === undefined) {
      sha = await sha256File(path);
      this.verified.set(key, sha);
    }
    if (report.input.sha256 && sha !== report.input.sha256) {
      throw new EngineError('BAD_INPUT', `${path} changed since the run (sha256 differs), so its original rows cannot be shown`, { location: { file: path } });
    }
    const format = FORMATS.includes(report.input.format) ? (report.input.format as DatasetFormat) : undefined;
    return this.tables.dataset(format ? { path, format } : { path }, report.rows.in);
  }

  async provenance(run: RunRecord): Promise<ArtifactTable> {
    const path = run.artifacts['provenance'];
    if (!path) throw new EngineError('NOT_FOUND', `run ${run.id} was made without provenance, so there is no diff`);
    return this.tables.artifact(path, `read_parquet(${quoteLiteral(path)})`, PROV_COLUMNS);
  }

  async facets(run: RunRecord): Promise<DiffFacets> {
    const p = await this.provenance(run);
    const [cols, ops, kinds] = await Promise.all([
      this.tables.query(`SELECT "column", count(*) FROM ${p.table} WHERE "column" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`),
      this.tables.query(`SELECT op_id, any_value(operation), count(*) FROM ${p.table} GROUP BY 1 ORDER BY min(rowid)`),
      this.tables.query(`SELECT kind, count(*) FROM ${p.table} GROUP BY 1 ORDER BY 2 DESC`),
    ]);
    return {
      columns: cols.map((r) => ({ name: String(r[0]), count: Number(r[1]) })),
      operations: ops.map((r) => ({ opId: String(r[0]), operation: String(r[1]), count: Number(r[2]) })),
      kinds: kinds.map((r) => ({ kind: r[0] as ProvenanceRecord['kind'], count: Number(r[1]) })),
    };
  }

  async diff(run: RunRecord, report: Report, req: DiffRequest): Promise<DiffPage> {
    const p = await this.provenance(run);
    const where: string[] = [];
    const params: Param[] = [];
    const add = (sql: string, v: Param): void => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (req.column !== undefined) add('"column" = ?', req.column);
    if (req.opId !== undefined) add('op_id = ?', req.opId);
    if (req.kind !== undefined) add('kind = ?', req.kind);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.tables.query(`SELECT count(DISTINCT "row") FROM ${p.table} ${filter}`, params);
    const total = Number(count?.[0] ?? 0);
    const n = params.length;
    const picked = await this.tables.query(
      `SELECT DISTINCT "row" FROM ${p.table} ${filter} ORDER BY "row" LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, req.limit, req.offset]);
    const rowNos = picked.map((r) => Number(r[0]));
    const orig = await this.original(report);
    if (rowNos.length === 0) return { offset: req.offset, total, columns: orig.columns, rows: [] };
    const byRow = await recordsOf(this.tables, p, rowNos);
    const originals = await this.tables.rowsByNumber(orig, rowNos);
    const colIndex = new Map(orig.columns.map((c, i) => [c, i]));
    const blank: GridCell[] = orig.columns.map(() => null);
    const rows: DiffRow[] = rowNos.map((row) => {
      const changes = byRow.get(row) ?? [];
      const original = originals.get(row) ?? blank;
      return { row, status: statusOf(changes), original, cleaned: applyCellChanges(original, changes, colIndex), changes };
    });
    return { offset: req.offset, total, columns: orig.columns, rows };
  }
}
