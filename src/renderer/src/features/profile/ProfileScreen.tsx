/** Profile: runs pass 1 as a job, then shows one card per column and a summary of the proposed plan. */
import { ProgressBar } from '../../components/ProgressBar.js';
import { fmtInt, fmtPct } from '../../format.js';
import { useSession } from '../../state/context.js';
import { phaseViews } from '../../state/jobs.js';
import { ColumnCard } from './ColumnCard.js';

export function ProfileScreen() {
  const dataset = useSession((s) => s.dataset);
  const job = useSession((s) => s.profileJob);
  const outcome = useSession((s) => s.profile);
  const startProfile = useSession((s) => s.startProfile);
  const cancelJob = useSession((s) => s.cancelJob);
  const go = useSession((s) => s.go);
  const showRows = useSession((s) => s.showRows);
  if (!dataset) return null;
  const running = job?.state === 'running';
  const view = job ? phaseViews(job).find((p) => p.phase === 'profile') : undefined;
  const p = outcome?.profile;

  return (
    <section className="screen" aria-labelledby="profile-title">
      <header className="screen-head">
        <div>
          <h1 id="profile-title">Profile</h1>
          <p className="muted">
            {p
              ? `${fmtInt(p.rows)} rows · ${p.columns.length} columns · sample of ${fmtInt(p.sampleSize)} rows${p.quarantined ? ` · ${fmtInt(p.quarantined)} malformed rows` : ''}`
              : 'Pass 1 reads the whole file once: types, empties, distinct counts, ranges and issues per column, and a proposed plan.'}
            {p ? ' · click a value or an empty count to see its rows' : ''}
          </p>
        </div>
        <div className="actions">
          {running && job && <button type="button" className="btn" onClick={() => void cancelJob(job.id)}>Cancel</button>}
          {!running && <button type="button" className={`btn${p ? '' : ' btn-primary'}`} onClick={() => void startProfile()}>{p ? 'Profile again' : 'Profile'}</button>}
          {p && outcome && <button type="button" className="btn btn-primary" onClick={() => go('plan')}>Review plan ({outcome.plan.operations.length} operations)</button>}
        </div>
      </header>

      {running && (
        <div className="card" aria-live="polite">
          <p>Profiling… {view ? `${fmtInt(view.rows)} rows` : ''}{view?.fraction != null ? ` · ${fmtPct(view.fraction)}` : ''}</p>
          <ProgressBar fraction={view?.fraction ?? null} label="Profiling progress" />
        </div>
      )}
      {job?.state === 'failed' && job.error && <p className="inline-error" role="alert">Profiling failed: {job.error.message}</p>}
      {job?.state === 'cancelled' && <p className="muted" role="status">Profiling was cancelled.</p>}

      {p && (
        <div className="card-grid">
          {p.columns.map((c) => <ColumnCard key={c.name} column={c} onShowRows={showRows} />)}
        </div>
      )}
    </section>
  );
}
