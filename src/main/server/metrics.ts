/** Prometheus text exposition of job and HTTP counters (format 0.0.4). */
import type { JobStats } from '../app/jobs.js';

export interface HttpStats {
  requests: Map<number, number>;
  sseClients: number;
}

function line(name: string, labels: Record<string, string>, value: number): string {
  const l = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
  return `${name}${l ? `{${l}}` : ''} ${value}`;
}

export function renderMetrics(jobs: JobStats, http: HttpStats): string {
  const out: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge', help: string, samples: string[]): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
  };
  family('data_sanitizer_runs_total', 'counter', 'Jobs finished by this process, by status.',
    Object.entries(jobs.finished).map(([status, n]) => line('data_sanitizer_runs_total', { status }, n)));
  family('data_sanitizer_rows_processed_total', 'counter', 'Input rows of clean runs that succeeded in this process.',
    [line('data_sanitizer_rows_processed_total', {}, jobs.rowsProcessed)]);
  family('data_sanitizer_jobs_running', 'gauge', 'Jobs running now, by kind.',
    Object.entries(jobs.running).map(([kind, n]) => line('data_sanitizer_jobs_running', { kind }, n)));
  family('data_sanitizer_http_requests_total', 'counter', 'HTTP requests answered, by status code.',
    [...http.requests.entries()].sort((a, b) => a[0] - b[0]).map(([code, n]) => line('data_sanitizer_http_requests_total', { code: String(code) }, n)));
  family('data_sanitizer_sse_clients', 'gauge', 'Open server-sent event streams.', [line('data_sanitizer_sse_clients', {}, http.sseClients)]);
  return out.join('\n') + '\n';
}
