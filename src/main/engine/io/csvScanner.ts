/** Resumable CSV record scanner: a char-code state machine over decoded text pushed in chunks. */
import { EngineError } from '../errors.js';

export interface CsvDialect {
  /** One UTF-16 code unit. */
  delimiter: string;
  /** `"` or `'`; doubled inside a quoted field to stand for itself. */
  quote: string;
  /** Drop one space right after each delimiter (FEBRL-style `a, b, c`). */
  skipInitialSpace: boolean;
}

const LF = 10;
const CR = 13;
const SPACE = 32;

/** Line breaks in `s`: CRLF, lone LF and lone CR each count once. */
export function countLineBreaks(s: string, from = 0, to = s.length): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR) {
      breaks++;
      if (i + 1 < to && s.charCodeAt(i + 1) === LF) i++;
    }
  }
  return breaks;
}

/**
 * Pull-style scanner: push() text, call next() until it returns false, push more, end() at EOF.
 * A record is only returned once it is complete, so `raw()` always sees its whole text; an
 * incomplete record is rescanned only after the buffer has doubled, which keeps huge quoted
 * fields linear overall.
 */
export class CsvScanner {
  /** Fields of the last record, first `count` valid; an empty unquoted field is null, a quoted one `""` is ''. */
  readonly fields: (string | null)[] = [];
  count = 0;
  /** 1-based physical line where the last record starts. */
  line = 0;
  /** Why the last record's quoting is malformed, or null. */
  problem: string | null = null;
  /** Spaces dropped after delimiters in the last record (skipInitialSpace only). */
  skipped = 0;

  private buf = '';
  private pos = 0;
  private recStart = 0;
  private recEnd = 0;
  private nextLine: number;
  private finished = false;
  private waitFor = 0;
  private readonly D: number;
  private readonly Q: number;
  private readonly doubledQuote: string;

  /** `firstLine`: the physical line the pushed text starts on (a shard of a file starts mid-file). */
  constructor(private readonly dialect: CsvDialect, private readonly file: string, firstLine = 1) {
    this.nextLine = firstLine;
    this.D = dialect.delimiter.charCodeAt(0);
    this.Q = dialect.quote.charCodeAt(0);
    this.doubledQuote = dialect.quote + dialect.quote;
  }

  push(text: string): void {
    if (this.pos > 0) {
      this.buf = this.buf.slice(this.pos) + text;
      this.pos = 0;
    } else {
      this.buf += text;
    }
  }

  end(): void {
    this.finished = true;
  }

  /** end() was called: no more input will come. */
  get ended(): boolean {
    return this.finished;
  }

  /** True once every record has been returned. */
  get done(): boolean {
    return this.finished && this.pos >= this.buf.length;
  }

  /** The last record's text as in the file, without its line terminator. */
  raw(): string {
    return this.buf.slice(this.recStart, this.recEnd);
  }

  /** The last record was an empty line. */
  get blank(): boolean {
    return this.recEnd === this.recStart;
  }

  /** Scans the next record into `fields`; false when more input is needed or input is done. */
  next(): boolean {
    const buf = this.buf;
    const n = buf.length;
    const start = this.pos;
    if (start >= n) return false;
    const ended = this.finished;
    if (!ended && n - start < this.waitFor) return false;
    const D = this.D;
    const Q = this.Q;
    const skip = this.dialect.skipInitialSpace;
    const fields = this.fields;
    let count = 0;
    let extraLines = 0;
    let problem: string | null = null;
    let skipped = 0;
    let i = start;
    let c = -1;
    for (;;) {
      c = i < n ? buf.charCodeAt(i) : -1;
      if (skip && count > 0 && c === SPACE) {
        skipped++;
        c = ++i < n ? buf.charCodeAt(i) : -1;
      }
      if (c === Q) {
        const open = i;
        let value: string;
        let doubled = false;
        let j = i + 1;
        for (;;) {
          const k = buf.indexOf(this.dialect.quote, j);
          if (k < 0) {
            if (!ended) return this.incomplete(start);
            throw this.unclosed(start, open);
          }
          if (k + 1 >= n && !ended) return this.incomplete(start);
          if (buf.charCodeAt(k + 1) === Q) {
            doubled = true;
            j = k + 2;
            continue;
          }
          // One slice and one replace: appending piece by piece built a rope of millions of parts for a huge quoted field.
          value = buf.slice(open + 1, k);
          if (doubled) value = value.replaceAll(this.doubledQuote, this.dialect.quote);
          i = k + 1;
          break;
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) extraLines += countLineBreaks(value);
        c = i < n ? buf.charCodeAt(i) : -1;
        if (c !== D && c !== LF && c !== CR && c !== -1) {
          // Text after the closing quote: keep scanning to find the record's end, but flag it.
          if (problem === null) problem = this.junkAfterQuote(start, i);
          let j = i;
          while (j < n) {
            c = buf.charCodeAt(j);
            if (c === D || c === LF || c === CR) break;
            j++;
          }
          if (j >= n) {
            if (!ended) return this.incomplete(start);
            c = -1;
          }
          value += buf.slice(i, j);
          i = j;
        }
        fields[count++] = value;
      } else {
        let j = i;
        while (j < n) {
          c = buf.charCodeAt(j);
          if (c === D || c === LF || c === CR) break;
          j++;
        }
        if (j >= n) {
          if (!ended) return this.incomplete(start);
          c = -1;
        }
        fields[count++] = j === i ? null : buf.slice(i, j);
        i = j;
      }
      if (c === D) {
        i++;
        continue;
      }
      this.recEnd = i;
      if (c === CR) {
        if (i + 1 >= n && !ended) return this.incomplete(start);
        i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
      } else if (c === LF) {
        i++;
      }
      break;
    }
    this.count = count;
    this.problem = problem;
    this.skipped = skipped;
    this.recStart = start;
    this.pos = i;
    this.waitFor = 0;
    this.line = this.nextLine;
    this.nextLine += 1 + extraLines;
    return true;
  }

  private incomplete(start: number): false {
    this.waitFor = 2 * (this.buf.length - start);
    return false;
  }

  /** Line and column (1-based, in characters) of `offset`, which lies in the record starting at `start`. */
  private locate(start: number, offset: number): { line: number; column: number } {
    const buf = this.buf;
    let lineStart = start;
    for (let k = offset - 1; k >= start; k--) {
      const ch = buf.charCodeAt(k);
      if (ch === LF || ch === CR) {
        lineStart = k + 1;
        break;
      }
    }
    return { line: this.nextLine + countLineBreaks(buf, start, offset), column: offset - lineStart + 1 };
  }

  private unclosed(start: number, open: number): EngineError {
    const { line, column } = this.locate(start, open);
    return new EngineError('BAD_INPUT', 'unclosed quote: the quoted field that opens here runs to the end of the file', {
      location: { file: this.file, line, column },
    });
  }

  private junkAfterQuote(start: number, at: number): string {
    const { line, column } = this.locate(start, at);
    return `unexpected ${JSON.stringify(this.buf.charAt(at))} after a closing quote at line ${line}, column ${column}`;
  }
}
