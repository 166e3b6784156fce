/** Progress per pass: rows, rows/s, ETA and a bar for every phase the engine reported. */
import type { JobStatus } from '../../../../shared/api.js';
import type { RunPhase } from '../../../../shared/run.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { fmtDuration, fmtInt } from '../../format.js';
import { phaseViews } from '../../state/jobs.js';

const LABEL: Record<RunPhase, string> = {
  hash: 'Fingerprint', profile: 'Profile', clean: 'Clean', dedupe: 'Find duplicates', write: 'Write outputs', done: 'Done',
};

export function RunProgress({ job }: { job: JobStatus }) {
  const views = phaseViews(job);
  if (views.length === 0) return <p className="muted">Starting…</p>;
  return (
    <ol className="phases" aria-live="polite">
      {views.map((v) => (
        <li key={v.phase} className="phase">
          <div className="phase-head">
            <span className="phase-name">Pass {v.pass} · {LABEL[v.phase]}</span>
            <span className="muted small">
              {fmtInt(v.rows)} rows · {fmtInt(Math.round(v.rowsPerSecond))} rows/s
              {v.etaSeconds !== null ? ` · ETA ${fmtDuration(v.etaSeconds)}` : ''}
            </span>
          </div>
          <ProgressBar fraction={v.fraction} label={`${LABEL[v.phase]} progress`} />
        </li>
      ))}
    </ol>
  );
}
