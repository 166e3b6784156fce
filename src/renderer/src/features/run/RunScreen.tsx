/** Run: choose where outputs go, start the clean, follow both passes, cancel, and read the report when done. */
import { useEffect, useState, type FormEvent } from 'react';
import type { CleanOutputFormat } from '../../../../shared/api.js';
import { baseName, dirName, fmtTime, stem } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';
import { ReportSummary } from './ReportSummary.js';
import { RunProgress } from './RunProgress.js';

const FORMATS: CleanOutputFormat[] = ['parquet', 'csv', 'jsonl'];

export function RunScreen() {
  const client = useClient();
  const dataset = useSession((s) => s.dataset);
  const plan = useSession((s) => s.plan);
  const job = useSession((s) => s.cleanJob);
  const run = useSession((s) => s.run);
  const report = useSession((s) => s.report);
  const outputDir = useSession((s) => s.settings?.outputDir ?? null);
  const startClean = useSession((s) => s.startClean);
  const cancelJob = useSession((s) => s.cancelJob);
  const [outDir, setOutDir] = useState('');
  const [format, setFormat] = useState<CleanOutputFormat>('parquet');
  const [name, setName] = useState('');
  const [force, setForce] = useState(false);
  /** Dataset name for "dedupe against earlier runs" (the team's, with a team profile in use); empty: off. */
  const [against, setAgainst] = useState('');
  const [again, setAgain] = useState(false);

  useEffect(() => {
    if (!dataset) return;
    setOutDir((d) => d || (outputDir ?? dirName(dataset.path)));
    setName((n) => n || `${stem(baseName(dataset.path))}.cleaned.parquet`);
  }, [dataset, outputDir]);

  const running = job?.state === 'running';
  const canStart = Boolean(dataset && plan && outDir.trim() && name.trim()) && !running;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canStart) return;
    setAgain(false);
    void startClean({ outDir: outDir.trim(), name: name.trim(), outputFormat: format, force, ...(against.trim() ? { against: against.trim() } : {}) });
  };
  const changeFormat = (f: CleanOutputFormat) => {
    setFormat(f);
    setName((n) => `${stem(n)}.${f}`);
  };
  const chooseFolder = async () => {
    const f = await client.bridge.desktop?.chooseFolder();
    if (f) setOutDir(f);
  };

  return (
    <section className="screen" aria-labelledby="run-title">
      <header className="screen-head">
        <div>
          <h1 id="run-title">Run</h1>
          <p className="muted">
            {run ? `Run ${run.id.slice(0, 8)} of ${run.input} · ${run.status} · started ${fmtTime(run.startedAt)}` : 'Pass 1 profiles the file again; pass 2 applies the plan, finds duplicates and writes every output.'}
          </p>
        </div>
        <div className="actions">
          {running && job && <button type="button" className="btn btn-danger" onClick={() => void cancelJob(job.id)}>Cancel run</button>}
          {report && dataset && plan && !running && !again && <button type="button" className="btn" onClick={() => setAgain(true)}>New run</button>}
        </div>
      </header>

      {dataset && plan && !running && (!report || again) && (
        <form className="card run-form" onSubmit={submit} aria-label="Output settings">
          <div className="row wrap">
            <label className="field grow">
              <span className="label">Output folder</span>
              <input className="input mono" value={outDir} onChange={(e) => setOutDir(e.target.value)} spellCheck={false} />
            </label>
            {client.bridge.desktop && <button type="button" className="btn align-end" onClick={() => void chooseFolder()}>Browse…</button>}
            <label className="field">
              <span className="label">Format</span>
              <select className="input" value={format} onChange={(e) => changeFormat(e.target.value as CleanOutputFormat)}>
                {FORMATS.map((f) => <option key={f} value={f}>{f.toUpperCase()}</option>)}
              </select>
            </label>
            <label className="field grow">
              <span className="label">File name</span>
              <input className="input mono" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
            </label>
          </div>
          <label className="field">
            <span className="label">Dedupe against earlier runs of dataset (the team's data when a team profile is in use; empty: off)</span>
            <input className="input mono" value={against} placeholder="customers" onChange={(e) => setAgainst(e.target.value)} spellCheck={false} />
          </label>
          <div className="row between">
            <label className="check"><input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Replace existing outputs</label>
            <button type="submit" className="btn btn-primary" disabled={!canStart}>Start clean</button>
          </div>
        </form>
      )}

      {job && (
        <div className="card">
          <h2>{running ? 'Cleaning…' : job.state === 'succeeded' ? 'Finished' : job.state === 'cancelled' ? 'Cancelled' : 'Failed'}</h2>
          <RunProgress job={job} />
          {job.error && job.state === 'failed' && <p className="inline-error" role="alert">{job.error.message}</p>}
          {job.state === 'cancelled' && <p className="muted" role="status">The run was cancelled; partial outputs were removed.</p>}
        </div>
      )}
      {run && run.status !== 'succeeded' && !job && <p className="inline-error" role="alert">This run {run.status}{run.error ? `: ${run.error}` : '.'}</p>}
      {run && report && <ReportSummary run={run} report={report} />}
    </section>
  );
}
