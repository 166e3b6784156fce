/** Read models for duplicate review: clusters with members side by side (original and cleaned), per-field similarity, and review pairs. */
import { readFile } from 'node:fs/promises';
import type { DuplicateCluster, DuplicatePage, DuplicatesRequest, GridCell, ReviewPairs } from '../../shared/api.js';
import type { Report } from '../../shared/report.js';
import type { RunRecord } from '../../shared/run.js';
import { kindForType, normalizeValue, type ComparatorKind } from '../engine/dedupe/normalize.js';
import { jaroWinkler } from '../engine/dedupe/similarity.js';
import { quoteIdent, quoteLiteral } from '../engine/io/duckdb.js';
import { applyCellChanges, recordsOf, type RunViews } from './runViews.js';
import type { ArtifactTable, LoadedTable, TableCache } from './tables.js';

interface Member {
  cluster: string;
  row: number;
  kept: boolean;
  similarity: number;
}

interface MemberPage {
  total: number;
  members: Member[];
  /** Per cluster: the lowest member's mean field agreement with the survivor (null when nothing could be compared). */
  agreement: Map<string, number | null>;
}

/**
 * SQL for one member's mean Jaro–Winkler agreement with its survivor over the compared columns, on lower-cased
 * trimmed input values; columns empty on either side do not count. `a` is the member's row, `b` the survivor's.
 */
function agreementSql(columns: readonly string[], compared: readonly string[]): string {
  const idx = compared.map((c) => columns.indexOf(c)).filter((i) => i >= 0);
  if (idx.length === 0) return 'NULL';
  const norm = (side: string, i: number): string => `nullif(lower(trim(${side}.${quoteIdent(`c${i}`)})), '')`;
  const sims = idx.map((i) => `jaro_winkler_similarity(${norm('a', i)}, ${norm('b', i)})`);
  const counted = idx.map((i) => `CASE WHEN ${norm('a', i)} IS NOT NULL AND ${norm('b', i)} IS NOT NULL THEN 1 ELSE 0 END`);
  return `(${sims.map((x) => `coalesce(${x}, 0)`).join(' + ')}) / nullif(${counted.join(' + ')}, 0)`;
}

/** Similarity of two cleaned values as the comparison sees them: normalised per kind, then Jaro–Winkler. */
export function fieldSimilarity(kind: ComparatorKind | null, a: GridCell, b: GridCell): number | null {
  if (kind === null || a === null || b === null) return null;
  const na = normalizeValue(kind, a);
  const nb = normalizeValue(kind, b);
  if (na === '' || nb === '') return null;
  return na === nb ? 1 : Math.round(jaroWinkler(na, nb) * 1000) / 1000;
}

export class DuplicateViews {
  constructor(private readonly tables: TableCache, private readonly views: RunViews) {}

  /** The dedupe key columns the run used: from its plan file, else every column. */
  private async compared(run: RunRecord, columns: readonly string[]): Promise<string[]> {
    const path = run.artifacts['plan'];
    if (path) {
      try {
        const plan = JSON.parse(await readFile(path, 'utf8')) as { dedupe?: { columns?: unknown } };
        const cols = plan.dedupe?.columns;
        if (Array.isArray(cols) && cols.length > 0) return cols.filter((c): c is string => typeof c === 'string' && columns.includes(c));
      } catch {
        // An unreadable plan only loses the key columns; every column is shown as compared.
      }
    }
    return [...columns];
  }

  /** Comparator kind per column (null where not compared), from the profile of the run's input. */
  private kinds(report: Report, columns: readonly string[], compared: readonly string[]): (ComparatorKind | null)[] {
    const inferred = new Map(report.columns.map((c) => [c.name, c.before.inferred]));
    return columns.map((c) => (compared.includes(c) ? kindForType(inferred.get(c) ?? 'text') : null));
  }

  /** Original and cleaned values of some rows (cleaned = original plus the row's cell changes). */
  private async rowsOf(run: RunRecord, orig: LoadedTable, rows: readonly number[]): Promise<Map<number, { values: GridCell[]; cleaned: GridCell[] }>> {
    const originals = await this.tables.rowsByNumber(orig, rows);
    const changes = run.artifacts['provenance'] ? await recordsOf(this.tables, await this.views.provenance(run), rows) : new Map();
    const colIndex = new Map(orig.columns.map((c, i) => [c, i]));
    const blank: GridCell[] = orig.columns.map(() => null);
    const out = new Map<number, { values: GridCell[]; cleaned: GridCell[] }>();
    for (const row of rows) {
      const values = originals.get(row) ?? blank;
      out.set(row, { values, cleaned: applyCellChanges(values, changes.get(row) ?? [], colIndex) });
    }
    return out;
  }

  /**
   * Clusters ranked by the engine's similarity, then (match scores often saturate at 1) by how well their
   * compared fields agree, computed once per run in DuckDB over the input rows.
   */
  private async ranking(csv: string, orig: LoadedTable, compared: readonly string[]): Promise<{ d: ArtifactTable; rank: ArtifactTable }> {
    const d = await this.tables.artifact(csv,
      `read_csv(${quoteLiteral(csv)}, header = true, columns = {'row': 'BIGINT', 'cluster': 'VARCHAR', 'kept': 'BOOLEAN', 'similarity': 'DOUBLE'})`,
      ['row', 'cluster', 'kept', 'similarity']);
    const select = `
      WITH s AS (SELECT cluster, min("row") AS srow FROM ${d.table} WHERE kept GROUP BY cluster),
      m AS (SELECT d.cluster, d."row", d.similarity, s.srow FROM ${d.table} d JOIN s USING (cluster) WHERE NOT d.kept),
      f AS (SELECT m.cluster, m."row", m.similarity, ${agreementSql(orig.columns, compared)} AS agreement
            FROM m LEFT JOIN ${orig.table} a ON a.rowid = m."row" - 1 LEFT JOIN ${orig.table} b ON b.rowid = m.srow - 1)
      SELECT cluster, min(similarity) AS similarity, min(agreement) AS agreement, min("row") AS first_row FROM f GROUP BY cluster`;
    const rank = await this.tables.derived(`rank|${d.table}|${orig.table}|${JSON.stringify(compared)}`, select, ['cluster', 'similarity', 'agreement', 'first_row']);
    return { d, rank };
  }

  /** One page of clusters from the duplicates CSV when the run wrote one, else from provenance. */
  private async members(run: RunRecord, req: DuplicatesRequest, orig: LoadedTable, compared: readonly string[]): Promise<MemberPage> {
    const dir = req.order === 'confident' ? 'DESC' : 'ASC';
    const agreement = new Map<string, number | null>();
    const csv = run.artifacts['duplicates'];
    if (csv) {
      const { d, rank } = await this.ranking(csv, orig, compared);
      const ids = await this.tables.query(
        `SELECT cluster, agreement FROM ${rank.table} ORDER BY similarity ${dir}, agreement ${dir} NULLS LAST, first_row LIMIT $1 OFFSET $2`, [req.limit, req.offset]);
      for (const r of ids) agreement.set(String(r[0]), r[1] === null || r[1] === undefined ? null : Math.round(Number(r[1]) * 1000) / 1000);
      const list = [...agreement.keys()];
      const rows = list.length === 0 ? [] : await this.tables.query(
        `SELECT cluster, "row", kept, similarity FROM ${d.table} WHERE cluster IN (${list.map((_, i) => `$${i + 1}`).join(',')}) ORDER BY "row"`, list);
      const members = rows.map((r) => ({ cluster: String(r[0]), row: Number(r[1]), kept: r[2] === true, similarity: Number(r[3]) }));
      members.sort((a, b) => list.indexOf(a.cluster) - list.indexOf(b.cluster) || Number(b.kept) - Number(a.kept) || a.row - b.row);
      return { total: rank.rows, members, agreement };
    }
    const p = await this.views.provenance(run);
    const dup = `SELECT survivor, "row", confidence FROM ${p.table} WHERE kind = 'duplicate' AND survivor IS NOT NULL`;
    const [c] = await this.tables.query(`SELECT count(DISTINCT survivor) FROM (${dup})`);
    const rows = await this.tables.query(
      `WITH d AS (${dup}), page AS (SELECT survivor, min(confidence) AS ms FROM d GROUP BY survivor ORDER BY ms ${dir}, survivor LIMIT $1 OFFSET $2)
       SELECT d.survivor, d."row", d.confidence, page.ms FROM d JOIN page USING (survivor) ORDER BY page.ms ${dir}, d.survivor, d."row"`, [req.limit, req.offset]);
    const members: Member[] = [];
    let last: number | null = null;
    for (const r of rows) {
      const s = Number(r[0]);
      if (s !== last) members.push({ cluster: String(s), row: s, kept: true, similarity: 1 });
      last = s;
      members.push({ cluster: String(s), row: Number(r[1]), kept: false, similarity: Number(r[2]) });
    }
    return { total: Number(c?.[0] ?? 0), members, agreement };
  }

  /** Clusters, the least confident first by default; the survivor leads each cluster. */
  async clusters(run: RunRecord, report: Report, req: DuplicatesRequest): Promise<DuplicatePage> {
    const orig = await this.views.original(report);
    const compared = await this.compared(run, orig.columns);
    const { total, members, agreement } = await this.members(run, req, orig, compared);
    const kinds = this.kinds(report, orig.columns, compared);
    const rows = await this.rowsOf(run, orig, members.map((m) => m.row));
    const clusters: DuplicateCluster[] = [];
    for (const m of members) {
      let cl = clusters[clusters.length - 1];
      if (!cl || cl.cluster !== m.cluster) {
        cl = { cluster: m.cluster, survivor: m.row, minSimilarity: 1, fieldAgreement: agreement.get(m.cluster) ?? null, members: [] };
        clusters.push(cl);
      }
      if (m.kept) cl.survivor = m.row;
      else cl.minSimilarity = Math.min(cl.minSimilarity, m.similarity);
      const r = rows.get(m.row)!;
      cl.members.push({ row: m.row, kept: m.kept, similarity: m.similarity, values: r.values, cleaned: r.cleaned, fieldSimilarity: kinds.map(() => null) });
    }
    for (const cl of clusters) {
      const survivor = cl.members.find((x) => x.row === cl.survivor);
      if (!survivor) continue;
      for (const x of cl.members) {
        if (x === survivor) continue;
        x.fieldSimilarity = kinds.map((k, i) => fieldSimilarity(k, x.cleaned[i] ?? null, survivor.cleaned[i] ?? null));
      }
    }
    return { offset: req.offset, total, columns: orig.columns, compared, inputSha256: report.input.sha256, clusters };
  }

  /** The pairs the run left for review, with both rows' cleaned values and the model's field similarities. */
  async reviewPairs(run: RunRecord, report: Report): Promise<ReviewPairs> {
    const review = report.duplicates.review;
    const orig = await this.views.original(report);
    if (!review || review.top.length === 0) return { columns: orig.columns, total: review?.pairs ?? 0, pairs: [] };
    const rows = await this.rowsOf(run, orig, review.top.flatMap((p) => [p.rowA, p.rowB]));
    const blank: GridCell[] = orig.columns.map(() => null);
    const pairs = review.top.map((p) => {
      const bySim = new Map(p.fields.map((f) => [f.field, f.similarity]));
      return {
        rowA: p.rowA, rowB: p.rowB, probability: p.probability, reason: p.reason,
        a: rows.get(p.rowA)?.cleaned ?? blank, b: rows.get(p.rowB)?.cleaned ?? blank,
        fieldSimilarity: orig.columns.map((c) => bySim.get(c) ?? null),
      };
    });
    return { columns: orig.columns, total: review.pairs, pairs };
  }
}
