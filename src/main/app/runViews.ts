/** Read models over a finished run: diff pages (provenance joined to the original rows), facets and duplicate clusters. */
import { stat } from 'node:fs/promises';
import type {
  DatasetFormat, DiffFacets, DiffPage, DiffRequest, DiffRow, DiffRowStatus, DuplicateCluster, DuplicatePage, GridCell, PageRef,
} from '../../shared/api.js';
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

  private async provenance(run: RunRecord): Promise<ArtifactTable> {
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
    const recs = await this.tables.query(
      `SELECT rowid, ${PROV_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM ${p.table} WHERE "row" IN (${rowNos.join(',')}) ORDER BY rowid`);
    const byRow = new Map<number, ProvenanceRecord[]>();
    for (const r of recs) {
      const rec = toRecord(r);
      const list = byRow.get(rec.row);
      if (list) list.push(rec);
      else byRow.set(rec.row, [rec]);
    }
    const originals = await this.tables.rowsByNumber(orig, rowNos);
    const colIndex = new Map(orig.columns.map((c, i) => [c, i]));
    const blank: GridCell[] = orig.columns.map(() => null);
    const rows: DiffRow[] = rowNos.map((row) => {
      const changes = byRow.get(row) ?? [];
      const original = originals.get(row) ?? blank;
      const cleaned = [...original];
      // Records are in application order, so the last cell change of a column is its final value.
      for (const c of changes) {
        if (c.kind !== 'cell' || c.column === null) continue;
        const i = colIndex.get(c.column);
        if (i !== undefined) cleaned[i] = c.cleaned;
      }
      return { row, status: statusOf(changes), original, cleaned, changes };
    });
    return { offset: req.offset, total, columns: orig.columns, rows };
  }

  /** Clusters, most doubtful first: from the duplicates CSV when the run wrote one, else from provenance. */
  async duplicates(run: RunRecord, report: Report, req: PageRef): Promise<DuplicatePage> {
    const csv = run.artifacts['duplicates'];
    let members: { cluster: string; row: number; kept: boolean; similarity: number }[];
    let total: number;
    if (csv) {
      const d = await this.tables.artifact(csv,
        `read_csv(${quoteLiteral(csv)}, header = true, columns = {'row': 'BIGINT', 'cluster': 'VARCHAR', 'kept': 'BOOLEAN', 'similarity': 'DOUBLE'})`,
        ['row', 'cluster', 'kept', 'similarity']);
      const [c] = await this.tables.query(`SELECT count(DISTINCT cluster) FROM ${d.table}`);
      total = Number(c?.[0] ?? 0);
      const ids = await this.tables.query(
        `SELECT cluster FROM ${d.table} GROUP BY cluster ORDER BY min(similarity), min("row") LIMIT $1 OFFSET $2`, [req.limit, req.offset]);
      const list = ids.map((r) => String(r[0]));
      const rows = list.length === 0 ? [] : await this.tables.query(
        `SELECT cluster, "row", kept, similarity FROM ${d.table} WHERE cluster IN (${list.map((_, i) => `$${i + 1}`).join(',')}) ORDER BY "row"`, list);
      members = rows.map((r) => ({ cluster: String(r[0]), row: Number(r[1]), kept: r[2] === true, similarity: Number(r[3]) }));
      members.sort((a, b) => list.indexOf(a.cluster) - list.indexOf(b.cluster));
    } else {
      const p = await this.provenance(run);
      const dup = `SELECT survivor, "row", confidence FROM ${p.table} WHERE kind = 'duplicate' AND survivor IS NOT NULL`;
      const [c] = await this.tables.query(`SELECT count(DISTINCT survivor) FROM (${dup})`);
      total = Number(c?.[0] ?? 0);
      const rows = await this.tables.query(
        `WITH d AS (${dup}), page AS (SELECT survivor, min(confidence) AS ms FROM d GROUP BY survivor ORDER BY ms, survivor LIMIT $1 OFFSET $2)
         SELECT d.survivor, d."row", d.confidence, page.ms FROM d JOIN page USING (survivor) ORDER BY page.ms, d.survivor, d."row"`, [req.limit, req.offset]);
      members = [];
      let last: number | null = null;
      for (const r of rows) {
        const s = Number(r[0]);
        if (s !== last) members.push({ cluster: String(s), row: s, kept: true, similarity: 1 });
        last = s;
        members.push({ cluster: String(s), row: Number(r[1]), kept: false, similarity: Number(r[2]) });
      }
    }
    const orig = await this.original(report);
    const values = await this.tables.rowsByNumber(orig, members.map((m) => m.row));
    const blank: GridCell[] = orig.columns.map(() => null);
    const clusters: DuplicateCluster[] = [];
    for (const m of members) {
      let cl = clusters[clusters.length - 1];
      if (!cl || cl.cluster !== m.cluster) {
        cl = { cluster: m.cluster, survivor: m.row, minSimilarity: 1, members: [] };
        clusters.push(cl);
      }
      if (m.kept) cl.survivor = m.row;
      if (!m.kept) cl.minSimilarity = Math.min(cl.minSimilarity, m.similarity);
      cl.members.push({ row: m.row, kept: m.kept, similarity: m.similarity, values: values.get(m.row) ?? blank });
    }
    return { offset: req.offset, total, columns: orig.columns, clusters };
  }
}
