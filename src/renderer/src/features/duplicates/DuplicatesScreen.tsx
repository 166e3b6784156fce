/** Duplicates: clusters ranked by confidence and pairs left for review; decisions go into the plan and apply on the next run. */
import { useEffect, useMemo, useState } from 'react';
import type { DuplicatePage, ReviewPairs } from '../../../../shared/api.js';
import type { DedupeDecision } from '../../../../shared/plan.js';
import { errorText } from '../../api/client.js';
import { InlineError } from '../../components/Notice.js';
import { fmtInt } from '../../format.js';
import { useClient, useSession } from '../../state/context.js';
import { ClusterCard } from './ClusterCard.js';
import { decisionsTouching, describeDecision } from './decisions.js';
import { ReviewPairCard } from './ReviewPairCard.js';
import './duplicates.css';

const PAGE = 10;

type Order = 'doubtful' | 'confident';
type Tab = 'clusters' | 'review';

export function DuplicatesScreen() {
  const client = useClient();
  const run = useSession((s) => s.run);
  const report = useSession((s) => s.report);
  const plan = useSession((s) => s.plan);
  const decide = useSession((s) => s.decide);
  const undoDecision = useSession((s) => s.undoDecision);
  const go = useSession((s) => s.go);
  const [tab, setTab] = useState<Tab>('clusters');
  const [order, setOrder] = useState<Order>('doubtful');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<DuplicatePage | null>(null);
  const [review, setReview] = useState<ReviewPairs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runId = run?.id ?? '';

  useEffect(() => {
    if (!runId) return;
    let live = true;
    setError(null);
    client.call('run.duplicates', { runId, offset, limit: PAGE, order }).then((p) => live && setPage(p), (e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [client, runId, offset, order]);

  useEffect(() => {
    if (!runId) return;
    let live = true;
    client.call('run.reviewPairs', { runId }).then((r) => live && setReview(r), (e: unknown) => live && setError(errorText(e)));
    return () => {
      live = false;
    };
  }, [client, runId]);

  const compared = useMemo(() => new Set(page?.compared ?? []), [page]);
  if (!run || !report) return null;
  const decisions = plan?.dedupe.decisionsInput === report.input.sha256 ? (plan.dedupe.decisions ?? []) : [];
  const sha = report.input.sha256;
  const onDecide = (d: DedupeDecision, replaces?: (x: DedupeDecision) => boolean) => void decide(d, sha, replaces);
  const nearMode = (plan?.dedupe.mode ?? report.duplicates.mode) === 'near';
  const total = page?.total ?? 0;

  return (
    <section className="screen" aria-labelledby="dup-title">
      <header className="screen-head">
        <div>
          <h1 id="dup-title">Duplicates</h1>
          <p className="muted">
            {fmtInt(report.duplicates.clusters)} clusters · {fmtInt(report.duplicates.removed)} rows removed · mode {report.duplicates.mode}
            {report.duplicates.review ? ` · ${fmtInt(report.duplicates.review.pairs)} pair${report.duplicates.review.pairs === 1 ? '' : 's'} awaiting review` : ''}
          </p>
        </div>
        <label className="field">
          <span className="label">Order</span>
          <select className="input" value={order} onChange={(e) => { setOrder(e.target.value as Order); setOffset(0); }}>
            <option value="doubtful">Least confident first</option>
            <option value="confident">Most confident first</option>
          </select>
        </label>
      </header>

      {decisions.length > 0 && (
        <div className="card decisions" role="region" aria-label="Review decisions in the plan">
          <div className="row between">
            <p><strong>{decisions.length} review decision{decisions.length === 1 ? '' : 's'}</strong> in the plan. They apply, and are written to the audit log, when you run the clean again.</p>
            <button type="button" className="btn btn-primary" onClick={() => go('run')}>Run again…</button>
          </div>
          <ol className="decision-list">
            {decisions.map((d, i) => (
              <li key={`${d.kind}-${d.rows.join('-')}`}>
                <span className="kind kind-flag">{d.kind}</span> {describeDecision(d)}
                <button type="button" className="link small" onClick={() => undoDecision(i)} aria-label={`Remove decision: ${describeDecision(d)}`}>Remove</button>
              </li>
            ))}
          </ol>
          {!nearMode && <p className="warn small">Decisions take effect with near-duplicate detection; the plan's dedupe mode is {plan?.dedupe.mode}.</p>}
        </div>
      )}

      <div className="tabs" role="tablist" aria-label="Duplicate views">
        <button type="button" role="tab" id="tab-clusters" aria-selected={tab === 'clusters'} aria-controls="panel-dups" className={`tab${tab === 'clusters' ? ' tab-active' : ''}`} onClick={() => setTab('clusters')}>
          Clusters ({fmtInt(total)})
        </button>
        <button type="button" role="tab" id="tab-review" aria-selected={tab === 'review'} aria-controls="panel-dups" className={`tab${tab === 'review' ? ' tab-active' : ''}`} onClick={() => setTab('review')}>
          Review pairs ({fmtInt(review?.total ?? 0)})
        </button>
      </div>
      <p className="muted small">
        Values are shown after cleaning (“was …” gives the input when it differed). Fields that differ from the kept row are highlighted; a percentage is
        the field’s similarity to the kept row (normalised, Jaro–Winkler). Only <span className="key-mark">key</span> fields were compared.
      </p>
      <InlineError text={error} />

      <div id="panel-dups" role="tabpanel" aria-labelledby={tab === 'clusters' ? 'tab-clusters' : 'tab-review'} className="dup-list">
        {tab === 'clusters' && page && (
          <>
            {page.clusters.length === 0 && <p className="muted">This run found no duplicate clusters.</p>}
            {page.clusters.map((c) => (
              <ClusterCard
                key={c.cluster} cluster={c} columns={page.columns} compared={compared}
                pending={decisionsTouching(plan, c.members.map((m) => m.row))} onDecide={onDecide} onUndo={undoDecision}
              />
            ))}
            {total > PAGE && (
              <nav className="pager row" aria-label="Cluster pages">
                <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
                <span className="muted">Clusters {fmtInt(offset + 1)}–{fmtInt(Math.min(total, offset + PAGE))} of {fmtInt(total)}</span>
                <button type="button" className="btn" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>Next</button>
              </nav>
            )}
          </>
        )}
        {tab === 'review' && review && (
          <>
            {review.pairs.length === 0 && <p className="muted">No pairs were left for review{report.duplicates.mode === 'near' ? '' : ' (only near-duplicate detection scores pairs)'}.</p>}
            {review.total > review.pairs.length && <p className="muted small">Showing the {fmtInt(review.pairs.length)} most likely of {fmtInt(review.total)} pairs.</p>}
            {review.pairs.map((p) => (
              <ReviewPairCard key={`${p.rowA}-${p.rowB}`} pair={p} columns={review.columns} pending={decisionsTouching(plan, [p.rowA, p.rowB]).filter(({ decision }) => decision.rows.length === 2)} onDecide={onDecide} onUndo={undoDecision} />
            ))}
          </>
        )}
      </div>
    </section>
  );
}
