/** The HTML report's stylesheet, inlined so the file stands alone; prints on white with no cut cards. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5d6676; --line: #dde1e8; --card: #ffffff; --bg: #f4f6f9;
  --accent: #2f6fde; --before: #9aa4b4; --ok: #1f7a4a; --bad: #b3261e; --dup: #c7811a; --quar: #b3261e; }
* { box-sizing: border-box; }
html { background: var(--bg); }
body { margin: 0 auto; max-width: 1120px; padding: 28px 32px 48px; color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 0; overflow-wrap: anywhere; }
h3.sub { margin: 14px 0 6px; }
p { margin: 6px 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
header.top { display: flex; justify-content: space-between; align-items: flex-end; gap: 16px; border-bottom: 2px solid var(--fg); padding-bottom: 12px; margin-bottom: 20px; }
header.top .meta { text-align: right; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 18px 20px; margin: 0 0 18px; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 12px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.kpi b { display: block; font-size: 22px; font-variant-numeric: tabular-nums; }
.kpi span { color: var(--muted); font-size: 12px; }
.kpi.out { border-left: 4px solid var(--accent); }
.kpi.dup { border-left: 4px solid var(--dup); }
.kpi.quar { border-left: 4px solid var(--quar); }
.invariant { font-weight: 600; }
.invariant.ok { color: var(--ok); }
.invariant.bad { color: var(--bad); }
.rows-bar { display: block; margin: 8px 0 4px; border-radius: 4px; }
.seg-empty { fill: #eceff3; } .seg-out { fill: var(--accent); } .seg-dup { fill: var(--dup); } .seg-quar { fill: var(--quar); }
.legend { display: flex; gap: 14px; font-size: 12px; color: var(--muted); flex-wrap: wrap; }
.sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.sw.out { background: var(--accent); } .sw.dup { background: var(--dup); } .sw.quar { background: var(--quar); }
.sw.before { background: var(--before); } .sw.after { background: var(--accent); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dt.group { grid-column: 1 / -1; color: var(--fg); font-weight: 600; margin-top: 6px; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: #f8f9fb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.desc { overflow-wrap: anywhere; }
td.bar { width: 88px; }
.count-bar .changed { fill: var(--accent); }
.columns { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
.col { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; break-inside: avoid; page-break-inside: avoid; }
.col-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; margin-bottom: 8px; }
.type { font-size: 11px; border: 1px solid var(--line); border-radius: 10px; padding: 1px 8px; white-space: nowrap; color: var(--muted); }
.type.changed { color: var(--accent); border-color: var(--accent); }
table.ba { margin-bottom: 8px; table-layout: fixed; }
table.ba td { overflow-wrap: anywhere; }
table.ba th:first-child, table.ba td:first-child { width: 34%; }
.chart { display: block; max-width: 100%; height: auto; }
.chart-label { font-size: 11px; fill: var(--fg); }
.chart-count { font-size: 10.5px; fill: var(--muted); }
.bar-before { fill: var(--before); } .bar-after { fill: var(--accent); }
.issues { margin: 6px 0 0; padding-left: 18px; color: var(--bad); font-size: 12px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
.two > section { margin: 0 0 18px; }
footer { color: var(--muted); font-size: 12px; margin-top: 20px; }
@media (max-width: 760px) { .columns, .two, .kpis { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 14mm; }
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 11px; }
  section { border: none; padding: 0; margin: 0 0 14px; break-inside: auto; }
  section h2 { border-bottom: 1px solid #999; padding-bottom: 3px; break-after: avoid; page-break-after: avoid; }
  .columns { grid-template-columns: 1fr 1fr; gap: 8px; }
  .col { border-color: #bbb; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
