/** JSON-lines request and lifecycle logs: one object per line, never a token, a query string or a header value. */

export type LogEntry = Record<string, string | number | boolean | null | undefined>;
export type Logger = (entry: LogEntry) => void;

/** Writes each entry as one JSON line with a timestamp and level. */
export function jsonLinesLogger(write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  return (entry) => {
    write(JSON.stringify({ time: new Date().toISOString(), level: 'info', ...entry }) + '\n');
  };
}
