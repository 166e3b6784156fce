/** The report of a finished run: row accounting, per-operation counts, outputs, and the export panel. */
import type { Report } from '../../../../shared/report.js';
import type { RunRecord } from '../../../../shared/run.js';
import { fmtDuration, fmtInt } from '../../format.js';
import { useSession } from '../../state/context.js';
import { ExportPanel } from '../export/ExportPanel.js';

const OUTPUT_LABELS: Record<string, string> = { reportHtml: 'HTML report', report: 'report JSON' };

export function ReportSummary({ run, report }: { run: RunRecord; report: Report }) {
  const go = useSession((s) => s.go);
  const r = report.rows;

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

      <div className="report-cards">
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
        </div>
      </div>
      <ExportPanel key={run.id} run={run} />
    </div>
  );
}
