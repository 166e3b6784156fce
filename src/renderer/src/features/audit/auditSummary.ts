/** One readable line per audit entry, so the log can be scanned without opening every entry's JSON. */
import type { AuditEntryView } from '../../../../shared/api.js';

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function auditSummary(e: AuditEntryView): string {
  switch (e.event) {
    case 'run.started':
      return `${str(e['command']) || 'clean'} ${baseName(str(e['input']))} (${str(e['format'])}), input sha256 ${str(e['inputSha256']).slice(0, 12)}…, plan ${str(e['planHash']).slice(0, 12)}…`;
    case 'plan.applied': {
      const ops = Array.isArray(e['operations']) ? (e['operations'] as { op?: unknown; column?: unknown }[]) : [];
      const list = ops.slice(0, 4).map((o) => `${str(o.op).replace(/^core\//, '')} ${str(o.column)}`).join(', ');
      const dedupe = (e['dedupe'] as { mode?: unknown } | undefined)?.mode;
      return `${ops.length} operation${ops.length === 1 ? '' : 's'}${list ? `: ${list}${ops.length > 4 ? ', …' : ''}` : ''}; duplicates ${str(dedupe)}${e['proposed'] === true ? ' (proposed plan)' : ' (edited plan)'}`;
    }
    case 'dedupe.decision': {
      const rows = Array.isArray(e['rows']) ? (e['rows'] as unknown[]).map(str).join(' & ') : '';
      return `${str(e['kind'])} row${rows.includes('&') ? 's' : ''} ${rows}: ${str(e['status'])}${e['detail'] ? ` (${str(e['detail'])})` : ''}`;
    }
    case 'run.finished': {
      const r = e['rows'] as { in?: number; out?: number; duplicates?: number; quarantined?: number } | undefined;
      if (r) return `${str(e['status'])}: ${r.in} in = ${r.out} out + ${r.duplicates} duplicates + ${r.quarantined} quarantined`;
      return `${str(e['status'])}${e['error'] ? `: ${str(e['error'])}` : ''}`;
    }
    default:
      return '';
  }
}
