/** EngineError: the one error type the engine throws on purpose; anything else is a bug. */
import type { ErrorCode, ErrorLocation, SerializedError } from '../../shared/errors.js';

export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, opts: { location?: ErrorLocation; details?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'EngineError';
    this.code = code;
    this.location = opts.location;
    this.details = opts.details;
  }

  /** One line for humans: `file:line:column: message`. */
  oneLine(): string {
    const loc = this.location;
    if (!loc) return this.message;
    const parts: string[] = [];
    if (loc.file) parts.push(loc.file);
    if (loc.line !== undefined) parts.push(`line ${loc.line}`);
    if (loc.column !== undefined) parts.push(`column ${loc.column}`);
    if (loc.row !== undefined && loc.line === undefined) parts.push(`row ${loc.row}`);
    return parts.length ? `${parts.join(', ')}: ${this.message}` : this.message;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.oneLine(), details: this.details ?? (this.location ? { location: this.location } : undefined) };
  }
}

/** Thrown when work is cancelled through an AbortSignal; never a user error. */
export class CancelledError extends EngineError {
  constructor(message = 'cancelled') {
    super('CANCELLED', message);
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Normalise anything thrown into a SerializedError at a process boundary. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof EngineError) return err.toJSON();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
