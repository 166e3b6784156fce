/** The closed table of error codes shared by the engine, transports and UI. */
export const ERROR_CODES = {
  BAD_INPUT: 'BAD_INPUT',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  NOT_FOUND: 'NOT_FOUND',
  OUTPUT_EXISTS: 'OUTPUT_EXISTS',
  INVALID_PLAN: 'INVALID_PLAN',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  IO_ERROR: 'IO_ERROR',
  STORE_ERROR: 'STORE_ERROR',
  AUDIT_TAMPERED: 'AUDIT_TAMPERED',
  CANCELLED: 'CANCELLED',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where in an input an error was found. Lines and columns are 1-based. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number | string;
  /** 1-based data row number (header excluded). */
  row?: number;
}

/** The serialised form of an EngineError, as it crosses a process boundary. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
