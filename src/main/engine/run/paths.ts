/** Default artifact paths derived from the output path: cleaned.parquet → cleaned.report.json, … */
import { basename, dirname, extname, join } from 'node:path';

export interface ArtifactPaths {
  out: string;
  report: string;
  audit: string;
  provenance: string;
  quarantine: string;
  duplicates: string | null;
  planOut: string | null;
}

export function defaultArtifactPaths(out: string, given: Partial<ArtifactPaths>): ArtifactPaths {
  const ext = extname(out);
  const stem = join(dirname(out), basename(out, ext));
  return {
    out,
    report: given.report ?? `${stem}.report.json`,
    audit: given.audit ?? `${stem}.audit.jsonl`,
    provenance: given.provenance ?? `${stem}.provenance.parquet`,
    quarantine: given.quarantine ?? `${stem}.quarantine.jsonl`,
    duplicates: given.duplicates ?? null,
    planOut: given.planOut ?? null,
  };
}
