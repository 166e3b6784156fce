/** The report of a finished run: row accounting, per-operation counts, outputs, and export of the artifacts. */
import { useState } from 'react';
import type { Report } from '../../../../shared/report.js';
import type { RunRecord } from '../../../../shared/run.js';
import { errorText } from '../../api/client.js';
import { fmtDuration, fmtInt } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';

const OUTPUT_LABELS: Record<string, string> = { reportHtml: 'HTML report', report: 'report JSON' };

export function ReportSummary({ run, report }: { run: RunRecord; report: Report }) {
  const client = useClient();
  const go = useSession((s) => s.go);
  const [folder, setFolder] = useState('');
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const r = report.rows;
  const exportTo = async () => {
    try {
      const res = await client.call('run.export', { runId: run.id, folder, overwrite: false });
      setMsg({ kind: 'ok', text: `Copied ${res.files.length} files to ${folder}` });
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  };
  const chooseFolder = async () => {
    const f = await client.bridge.desktop?.chooseFolder();
    if (f) setFolder(f);
  };

  return (
    <div className="report">
      <div className="kpis" role="group" aria-label="Row counts">
        <div className="kpi"><span className="kpi-value">{fmtInt(r.in)}</span><span className="kpi-label">rows in</span></div>
        <div className="kpi"><span className="kpi-value">{fmtInt(r.out)}</span><span className="kpi-label">rows out</span></div>
        <div className="kpi"><span className="kpi-value">{fmtInt(r.duplicates)}</span><span className="kpi-label">duplicates removed</span></div>
        <div className="kpi"><span className="kpi-value">{fmtInt(r.quarantined)}</span><span className="kpi-label">quarantined</span></div>
      </div>
      <p className={report.invariantHolds ? 'ok' : 'inline-error'} role="status">
        {report.invariantHolds ? '✓' : '✗'} in = out + duplicates + quarantined ({fmtInt(r.in)} = {fmtInt(r.out)} + {fmtInt(r.duplicates)} + {fmtInt(r.quarantined)})
        {report.timings['totalMs'] !== undefined ? ` · took ${fmtDuration(report.timings['totalMs'] / 1000)}` : ''}
      </p>
      <div className="actions">
        {run.artifacts['provenance'] && <button type="button" className="btn btn-primary" onClick={() => go('diff')}>Review changes</button>}
        {report.duplicates.mode !== 'off' && (run.artifacts['duplicates'] || run.artifacts['provenance']) && <button type="button" className="btn" onClick={() => go('duplicates')}>Review duplicates</button>}
        {run.artifacts['audit'] && <button type="button" className="btn" onClick={() => go('audit')}>Audit log</button>}
      </div>

      <div className="two-col">
        <div className="card">
          <h2>Operations</h2>
          <table className="table">
            <thead><tr><th>Operation</th><th>Column</th><th className="num">Changed</th><th className="num">Flagged</th><th className="num">Quarantined</th></tr></thead>
            <tbody>
              {report.operations.map((o) => (
                <tr key={o.id}>
                  <td><code>{o.op}</code></td>
                  <td>{o.column ?? '—'}</td>
                  <td className="num">{fmtInt(o.changed)}</td>
                  <td className="num">{fmtInt(o.flagged)}</td>
                  <td className="num">{fmtInt(o.quarantined)}</td>
                </tr>
              ))}
              {report.operations.length === 0 && <tr><td colSpan={5} className="muted">No operations ran.</td></tr>}
            </tbody>
          </table>
          <p className="muted small">Duplicates ({report.duplicates.mode}): {fmtInt(report.duplicates.clusters)} clusters, {fmtInt(report.duplicates.removed)} rows removed.</p>
        </div>
        <div className="card">
          <h2>Outputs</h2>
          <ul className="plain-list outputs">
            {Object.entries(report.outputs).map(([k, p]) => (
              <li key={k}><span className="output-key">{OUTPUT_LABELS[k] ?? k}</span> <span className="mono small" title={p}>{p}</span></li>
            ))}
          </ul>
          <h3>Export</h3>
          <p className="muted small">Copies every artifact into a folder: cleaned data, the self-contained HTML audit report (opens in any browser, prints cleanly), report JSON, provenance, audit log, quarantine, duplicates and plan.</p>
          <div className="row">
            <input className="input grow mono" aria-label="Export folder" placeholder="/path/to/folder" value={folder} onChange={(e) => setFolder(e.target.value)} spellCheck={false} />
            {client.bridge.desktop && <button type="button" className="btn" onClick={() => void chooseFolder()}>Browse…</button>}
            <button type="button" className="btn" onClick={() => void exportTo()} disabled={!folder.trim()}>Export</button>
          </div>
          {msg && <p className={msg.kind === 'ok' ? 'ok small' : 'inline-error'} role={msg.kind === 'ok' ? 'status' : 'alert'}>{msg.text}</p>}
        </div>
      </div>
    </div>
  );
}
