/** The self-contained HTML audit report: one file, inline CSS and SVG, no scripts, every user value escaped. */
import type { Operation, Plan } from '../../../shared/plan.js';
import type { ColumnProfile } from '../../../shared/profile.js';
import type { Report } from '../../../shared/report.js';
import { describeOperation } from '../ops/registry.js';
import { countBar, rowsBar, topValuesChart } from './charts.js';
import { esc, fmtBytes, fmtInt, fmtMs, fmtPct, fmtValue } from './format.js';
import { REPORT_CSS } from './styles.js';

export interface ReportHtmlOptions {
  /** The `hash` field of the run's last audit log entry; null when the log could not be read. */
  auditHead: string | null;
  /** The plan that ran: adds each operation's description and reason. @default none (ids and names only) */
  plan?: Plan | null;
  /** Whether the audit chain verified when the report was rendered. @default not shown */
  auditVerified?: boolean;
}

/** Nothing is fetched and nothing runs, even if an escaping bug slipped through. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function fileName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

function empties(c: ColumnProfile): number {
  return c.nulls + c.blanks;
}

function summary(r: Report): string {
  const { rows } = r;
  const sum = rows.out + rows.duplicates + rows.quarantined;
  const holds = r.invariantHolds && sum === rows.in;
  return `<section aria-labelledby="s-summary"><h2 id="s-summary">Summary</h2>
<div class="kpis">
<div class="kpi"><b>${fmtInt(rows.in)}</b><span>rows in</span></div>
<div class="kpi out"><b>${fmtInt(rows.out)}</b><span>rows out</span></div>
<div class="kpi dup"><b>${fmtInt(rows.duplicates)}</b><span>duplicates removed</span></div>
<div class="kpi quar"><b>${fmtInt(rows.quarantined)}</b><span>rows quarantined</span></div>
</div>
<p class="invariant ${holds ? 'ok' : 'bad'}">${holds ? '✓ Every row is accounted for' : '✗ Row accounting does not add up'}: in = out + duplicates + quarantined — ${fmtInt(rows.in)} = ${fmtInt(rows.out)} + ${fmtInt(rows.duplicates)} + ${fmtInt(rows.quarantined)}${holds ? '' : ` (sum ${fmtInt(sum)})`}</p>
${rowsBar(rows)}
<div class="legend"><span><i class="sw out"></i>out ${fmtPct(rows.out, rows.in)}</span><span><i class="sw dup"></i>duplicates ${fmtPct(rows.duplicates, rows.in)}</span><span><i class="sw quar"></i>quarantined ${fmtPct(rows.quarantined, rows.in)}</span></div>
</section>`;
}

function fingerprints(r: Report, o: ReportHtmlOptions): string {
  const verified = o.auditVerified === undefined ? '' : o.auditVerified ? ' <span class="invariant ok">(chain verified)</span>' : ' <span class="invariant bad">(chain does not verify)</span>';
  return `<section aria-labelledby="s-fp"><h2 id="s-fp">Fingerprints</h2>
<dl class="facts">
<dt>Input</dt><dd class="mono">${esc(r.input.path)}</dd>
<dt>Format, size</dt><dd>${esc(r.input.format.toUpperCase())}, ${fmtBytes(r.input.bytes)} (${fmtInt(r.input.bytes)} bytes)</dd>
<dt>Input sha256</dt><dd class="mono">${esc(r.input.sha256 || '—')}</dd>
<dt>Plan hash</dt><dd class="mono">${esc(r.planHash)}</dd>
<dt>Audit chain head</dt><dd class="mono">${esc(o.auditHead ?? 'not available')}${verified}</dd>
<dt>Salt</dt><dd class="mono">${r.salt === '' ? '<span class="muted">(empty)</span>' : esc(r.salt)}</dd>
<dt>Run id</dt><dd class="mono">${esc(r.runId)}</dd>
<dt>Started, finished</dt><dd>${esc(r.startedAt)} → ${esc(r.finishedAt)}</dd>
</dl></section>`;
}

function operations(r: Report, plan: Plan | null): string {
  const byId = new Map<string, Operation>((plan?.operations ?? []).map((op) => [op.id, op]));
  const max = Math.max(0, ...r.operations.map((o) => o.changed));
  const rows = r.operations.map((o, i) => {
    const op = byId.get(o.id);
    let description = '';
    if (op) {
      try {
        description = describeOperation(op);
      } catch {
        description = '';
      }
    }
    const reason = op?.reason ? `<div class="muted small">${esc(op.reason)}</div>` : '';
    return `<tr><td class="num">${i + 1}</td><td><code>${esc(o.op)}</code><div class="muted small mono">${esc(o.id)}</div></td><td>${o.column === null ? '—' : esc(o.column)}</td>`
      + `<td class="desc">${esc(description)}${reason}</td>`
      + `<td class="num">${fmtInt(o.changed)}</td><td class="bar">${countBar(o.changed, max, 'changed')}</td><td class="num">${fmtInt(o.flagged)}</td><td class="num">${fmtInt(o.quarantined)}</td></tr>`;
  }).join('\n');
  const body = rows || '<tr><td colspan="8" class="muted">No operations ran.</td></tr>';
  const note = plan ? '' : '<p class="muted small">The plan file was not available, so descriptions and reasons are missing.</p>';
  return `<section aria-labelledby="s-ops"><h2 id="s-ops">Operations (${fmtInt(r.operations.length)})</h2>${note}
<table><thead><tr><th class="num">#</th><th>Operation</th><th>Column</th><th>What and why</th><th class="num">Changed</th><th></th><th class="num">Flagged</th><th class="num">Quarantined</th></tr></thead>
<tbody>
${body}
</tbody></table></section>`;
}

function duplicatesAndQuarantine(r: Report, plan: Plan | null): string {
  const d = r.duplicates;
  const keys = plan?.dedupe.columns.length ? plan.dedupe.columns.map((c) => `<code>${esc(c)}</code>`).join(', ') : 'all columns';
  const settings = plan && d.mode === 'near'
    ? `<dt>Thresholds</dt><dd>merge ≥ ${esc(plan.dedupe.threshold ?? 'default')}, review ≥ ${esc(plan.dedupe.reviewThreshold ?? 'default')}</dd><dt>Survivor</dt><dd>${esc(plan.dedupe.survivor ?? 'default')}</dd>`
    : '';
  const model = d.model
    ? `<dt>Model</dt><dd>${d.model.fit === 'em' ? 'fitted by EM' : 'conservative prior (EM did not converge on duplicates)'}; merge ≥ ${esc(d.model.threshold)}, review ≥ ${esc(d.model.reviewThreshold)}; ${fmtInt(d.model.scoredPairs)} of ${fmtInt(d.model.candidatePairs)} candidate pairs scored</dd>`
    : '';
  const against = d.against ? `<dt>Seen in earlier runs</dt><dd>${fmtInt(d.against.exact + d.against.near)} rows (exact ${fmtInt(d.against.exact)}, near ${fmtInt(d.against.near)}) of dataset <code>${esc(d.against.dataset)}</code></dd>` : '';
  const review = d.review ? `<dt>Awaiting review</dt><dd>${fmtInt(d.review.pairs)} pairs${d.review.top.length ? `; most likely: ${d.review.top.slice(0, 5).map((p) => `rows ${p.rowA} &amp; ${p.rowB} (${fmtPct(p.probability, 1)})`).join(', ')}` : ''}</dd>` : '';
  const decisions = d.decisions?.length
    ? `<h3 class="sub">Review decisions (${fmtInt(d.decisions.length)})</h3><table><thead><tr><th>Decision</th><th>Rows</th><th>Status</th><th>Detail</th></tr></thead><tbody>\n${d.decisions.map((x) => `<tr><td>${esc(x.kind)}</td><td class="num">${esc(x.rows.join(', '))}</td><td>${esc(x.status)}</td><td class="desc">${esc(x.detail)}</td></tr>`).join('\n')}\n</tbody></table>`
    : '';
  const reasons = Object.entries(r.quarantine.reasons).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const qRows = reasons.map(([k, n]) => `<tr><td class="desc">${esc(k)}</td><td class="num">${fmtInt(n)}</td></tr>`).join('\n');
  return `<div class="two">
<section aria-labelledby="s-dup"><h2 id="s-dup">Duplicates</h2>
<dl class="facts"><dt>Mode</dt><dd>${esc(d.mode)}</dd><dt>Clusters</dt><dd>${fmtInt(d.clusters)}</dd><dt>Rows removed</dt><dd>${fmtInt(d.removed)} (${fmtPct(d.removed, r.rows.in)} of rows in)</dd>
${plan ? `<dt>Compared on</dt><dd>${keys}</dd>` : ''}${settings}${model}${review}${against}</dl>
${decisions}
<p class="muted small">Each cluster keeps one survivor; the others leave the output and are listed in the provenance file.</p>
</section>
<section aria-labelledby="s-quar"><h2 id="s-quar">Quarantine</h2>
${reasons.length ? `<table><thead><tr><th>Reason</th><th class="num">Rows</th></tr></thead><tbody>\n${qRows}\n</tbody></table>` : `<p>No rows were quarantined.</p>`}
</section></div>`;
}

function columnCard(name: string, before: ColumnProfile, after: ColumnProfile | null): string {
  const row = (label: string, b: string, a: string | null): string => `<tr><th scope="row">${label}</th><td>${b}</td>${after ? `<td>${a ?? '—'}</td>` : ''}</tr>`;
  const typeChanged = after !== null && after.inferred !== before.inferred;
  const issues = before.issues.length ? `<ul class="issues">${before.issues.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '';
  return `<div class="col"><div class="col-head"><h3>${esc(name)}</h3><span class="type${typeChanged ? ' changed' : ''}">${esc(before.inferred)}${typeChanged ? ` → ${esc(after.inferred)}` : ''}</span></div>
<table class="ba"><thead><tr><th></th><th>Before</th>${after ? '<th>After</th>' : ''}</tr></thead><tbody>
${row('Type', esc(before.inferred), after ? esc(after.inferred) : null)}
${row('Empty (null %)', `${fmtPct(empties(before), before.count)} <span class="muted small">(${fmtInt(empties(before))})</span>`, after ? `${fmtPct(empties(after), after.count)} <span class="muted small">(${fmtInt(empties(after))})</span>` : null)}
${row('Distinct', fmtInt(before.distinct), after ? fmtInt(after.distinct) : null)}
${row('Min', esc(fmtValue(before.min)), after ? esc(fmtValue(after.min)) : null)}
${row('Max', esc(fmtValue(before.max)), after ? esc(fmtValue(after.max)) : null)}
</tbody></table>
${topValuesChart(name, { values: before.topValues, total: before.count, distinct: before.distinct }, after ? { values: after.topValues, total: after.count, distinct: after.distinct } : null)}
${issues}</div>`;
}

function columns(r: Report): string {
  const cards = r.columns.map((c) => columnCard(c.name, c.before, c.after)).join('\n');
  return `<section aria-labelledby="s-cols"><h2 id="s-cols">Columns (${fmtInt(r.columns.length)})</h2>
<div class="legend"><span><i class="sw before"></i>before cleaning</span><span><i class="sw after"></i>after cleaning</span><span>Empty counts nulls and blank text; "≤n" means the value is not among that side's most frequent values, so only a bound is known.</span></div>
<div class="columns">
${cards}
</div></section>`;
}

function runDetails(r: Report): string {
  const timings = Object.entries(r.timings).map(([k, v]) => `<dt>${esc(k.replace(/Ms$/, ''))}</dt><dd>${fmtMs(v)}</dd>`).join('');
  const versions = Object.entries(r.versions).map(([k, v]) => `<dt>${esc(k)}</dt><dd class="mono">${esc(v)}</dd>`).join('');
  const outputs = Object.entries(r.outputs).map(([k, v]) => `<dt>${esc(k)}</dt><dd class="mono">${esc(v)}</dd>`).join('');
  return `<div class="two">
<section aria-labelledby="s-time"><h2 id="s-time">Timings and versions</h2><dl class="facts"><dt class="group">Timings</dt>${timings}<dt class="group">Versions</dt>${versions}</dl></section>
<section aria-labelledby="s-out"><h2 id="s-out">Outputs</h2><dl class="facts">${outputs}</dl></section>
</div>`;
}

/** Renders a run's report as one standalone HTML document. Deterministic: the same inputs give the same bytes. */
export function renderReportHtml(report: Report, opts: ReportHtmlOptions): string {
  const plan = opts.plan ?? null;
  const file = fileName(report.input.path);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Data Sanitizer ${esc(report.versions['engine'] ?? '')}">
<title>Audit report — ${esc(file)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header class="top"><div><h1>Data cleaning audit report</h1><p class="muted"><span class="mono">${esc(file)}</span> · ${fmtInt(report.columns.length)} columns · ${fmtInt(report.rows.in)} rows</p></div>
<div class="meta muted small">Run <span class="mono">${esc(report.runId)}</span><br>finished ${esc(report.finishedAt)}</div></header>
<main>
${summary(report)}
${fingerprints(report, opts)}
${operations(report, plan)}
${duplicatesAndQuarantine(report, plan)}
${columns(report)}
${runDetails(report)}
</main>
<footer>Generated by Data Sanitizer from report.json (version ${esc(report.version)}). Verify the audit log with <code>data-sanitizer verify &lt;audit.jsonl&gt;</code>; its last entry's hash must equal the chain head above.</footer>
</body>
</html>
`;
}
