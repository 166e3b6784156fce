/** A progress bar on stderr for TTYs: rows, rows/s and ETA per phase. */
import type { ProgressEvent } from '../../shared/run.js';

const LABEL: Record<string, string> = { hash: 'hashing', profile: 'pass 1 profile', clean: 'pass 2 clean', dedupe: 'dedupe', write: 'writing', done: 'done' };

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '--';
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

export function formatProgress(e: ProgressEvent, width = 24): string {
  const rate = e.elapsedMs > 0 ? (e.rows * 1000) / e.elapsedMs : 0;
  const label = (LABEL[e.phase] ?? e.phase).padEnd(15);
  if (e.totalBytes > 0 && e.bytes > 0) {
    const frac = Math.min(1, e.bytes / e.totalBytes);
    const filled = Math.round(frac * width);
    const eta = frac > 0 ? ((e.elapsedMs / 1000) * (1 - frac)) / frac : Infinity;
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${e.rows.toLocaleString('en-US')} rows  ${Math.round(rate).toLocaleString('en-US')} rows/s  ETA ${fmtSeconds(eta)}`;
  }
  return `${label} ${e.rows.toLocaleString('en-US')} rows  ${Math.round(rate).toLocaleString('en-US')} rows/s`;
}

export class ProgressBar {
  private lastPhase = '';
  private active = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  static enabled(quiet: boolean): boolean {
    return !quiet && process.stderr.isTTY === true;
  }

  update = (e: ProgressEvent): void => {
    if (this.active && e.phase !== this.lastPhase) this.stream.write('\n');
    this.lastPhase = e.phase;
    this.active = true;
    const cols = this.stream.columns ?? 100;
    this.stream.write('\r' + formatProgress(e).slice(0, cols - 1).padEnd(Math.min(cols - 1, 100)));
  };

  done(): void {
    if (this.active) this.stream.write('\n');
    this.active = false;
  }
}
