/** Audit log: the run's hash-chained entries with an event filter, and the chain's verification status. */
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditEntryView, AuditVerification } from '../../../../shared/api.js';
import { errorText } from '../../api/client.js';
import { InlineError } from '../../components/Notice.js';
import { fmtInt, fmtTime } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';
import { auditSummary } from './auditSummary.js';

const PAGE = 200;

function details(e: AuditEntryView): string {
  const { seq: _seq, prev: _prev, at: _at, runId: _runId, event: _event, ...rest } = e;
  return JSON.stringify(rest, null, 2);
}

export function AuditScreen() {
  const client = useClient();
  const run = useSession((s) => s.run);
  const runId = run?.id ?? '';
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [total, setTotal] = useState(0);
  const [event, setEvent] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  const verify = useCallback(() => {
    setVerification(null);
    client.call('audit.verify', { runId }).then(setVerification, (e: unknown) => setError(errorText(e)));
  }, [client, runId]);

  const load = useCallback(async (offset: number) => {
    try {
      const page = await client.call('audit.entries', { runId, offset, limit: PAGE, ...(event ? { event } : {}) });
      setEntries((prev) => (offset === 0 ? page.entries : [...prev, ...page.entries]));
      setTotal(page.total);
      if (!event && offset === 0) setEvents([...new Set(page.entries.map((e) => e.event))]);
    } catch (e) {
      setError(errorText(e));
    }
  }, [client, runId, event]);

  useEffect(() => {
    if (!runId) return;
    verify();
  }, [runId, verify]);
  useEffect(() => {
    if (runId) void load(0);
  }, [runId, load]);

  const eventOptions = useMemo(() => events.sort(), [events]);
  if (!run) return null;

  return (
    <section className="screen" aria-labelledby="audit-title">
      <header className="screen-head">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="muted mono small">{run.artifacts['audit']}</p>
        </div>
        <div className="actions"><button type="button" className="btn" onClick={verify}>Verify again</button></div>
      </header>
      <div className={`card chain ${verification === null ? '' : verification.ok ? 'chain-ok' : 'chain-broken'}`} role="status" aria-live="polite">
        {verification === null && 'Verifying the hash chain…'}
        {verification?.ok === true && <>✓ Chain intact: {fmtInt(verification.entries)} entries. Head <code>{verification.head.slice(0, 16)}…</code></>}
        {verification?.ok === false && <>✗ Chain broken at line {verification.line}: {verification.error} ({fmtInt(verification.entries)} entries verified before it)</>}
      </div>
      <InlineError text={error} />
      <div className="row filters">
        <label className="field">
          <span className="label">Event</span>
          <select className="input" value={event} onChange={(e) => setEvent(e.target.value)}>
            <option value="">All events</option>
            {eventOptions.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </label>
        <span className="muted small align-end">
          {fmtInt(total)} {event ? `${event} ` : ''}entries of this run
          {verification?.ok === true && verification.entries > total && !event ? ` · the log file holds ${fmtInt(verification.entries)}, earlier runs written to it included` : ''}
        </span>
      </div>
      <table className="table audit-table">
        <thead><tr><th className="num">#</th><th>Time</th><th>Event</th><th>Summary</th><th>Details</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <Fragment key={e.seq}>
              <tr>
                <td className="num">{e.seq}</td>
                <td className="nowrap">{fmtTime(e.at)}</td>
                <td><code>{e.event}</code></td>
                <td className="audit-summary">{auditSummary(e)}</td>
                <td className="nowrap">
                  <button type="button" className="link" onClick={() => setOpen(open === e.seq ? null : e.seq)} aria-expanded={open === e.seq} aria-label={`${open === e.seq ? 'Hide' : 'Show'} details of entry ${e.seq}`}>
                    {open === e.seq ? 'Hide' : 'Show'} details
                  </button>
                </td>
              </tr>
              {open === e.seq && <tr><td /><td colSpan={4}><pre className="audit-details">{details(e)}</pre></td></tr>}
            </Fragment>
          ))}
        </tbody>
      </table>
      {entries.length < total && <button type="button" className="btn" onClick={() => void load(entries.length)}>Load more</button>}
    </section>
  );
}
