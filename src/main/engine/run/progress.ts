/** Throttled progress reporting for long phases. */
import type { ProgressEvent, RunPhase } from '../../../shared/run.js';

export type ProgressListener = (e: ProgressEvent) => void;

/** Emits at most every `intervalMs`, plus a final event when the phase ends. */
export class PhaseProgress {
  private readonly start = performance.now();
  private last = 0;
  rows = 0;
  bytes = 0;

  constructor(
    private readonly phase: RunPhase,
    private readonly totalBytes: number,
    private readonly listener: ProgressListener | undefined,
    private readonly intervalMs = 200,
  ) {}

  tick(rows: number, bytes?: number): void {
    this.rows = rows;
    if (bytes !== undefined) this.bytes = bytes;
    if (!this.listener) return;
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.emit(now);
  }

  end(): number {
    const now = performance.now();
    if (this.listener) this.emit(now);
    return now - this.start;
  }

  private emit(now: number): void {
    this.listener?.({ phase: this.phase, rows: this.rows, bytes: this.bytes, totalBytes: this.totalBytes, elapsedMs: Math.round(now - this.start) });
  }
}
