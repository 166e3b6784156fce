/** Which of a run's artifacts the Export panel offers, in reading order, with the names a reader knows them by. */
import type { RunRecord } from '../../../../shared/run.js';

/** Artifact keys in the order they are offered, with what a reader calls them. Unknown keys follow under their own name. */
const LABELS: [key: string, label: string][] = [
  ['cleaned', 'Cleaned data'],
  ['reportHtml', 'HTML audit report'],
  ['provenance', 'Provenance'],
  ['audit', 'Audit log'],
  ['report', 'Report JSON'],
  ['duplicates', 'Duplicate clusters (CSV)'],
  ['quarantine', 'Quarantined rows'],
  ['plan', 'Plan JSON'],
];
/** Catalog entries that are values, not files. */
const NOT_FILES = new Set(['auditHead']);

/** The artifacts a run can export: its files, plus the HTML report, which is rendered from report.json when missing. */
export function exportableArtifacts(run: RunRecord): { key: string; label: string; file: string | null }[] {
  const keys = new Set([...Object.keys(run.artifacts).filter((k) => !NOT_FILES.has(k)), 'reportHtml']);
  const known = LABELS.filter(([k]) => keys.has(k)).map(([key, label]) => ({ key, label, file: run.artifacts[key] ?? null }));
  const rest = [...keys].filter((k) => !LABELS.some(([l]) => l === k)).sort().map((key) => ({ key, label: key, file: run.artifacts[key] ?? null }));
  return [...known, ...rest];
}
