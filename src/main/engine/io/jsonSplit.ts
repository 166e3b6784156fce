/** Incremental record splitters for JSON text: top-level array elements (or one object), and JSON Lines. */
import { EngineError } from '../errors.js';
import { MAX_JSON_DEPTH } from './flatten.js';

export interface JsonElement {
  text: string;
  /** 1-based line and column where the element starts. */
  line: number;
  column: number;
}

/** Pull-style: push() text, next() until null, push more, end() at EOF. */
export interface RecordSplitter {
  push(text: string): void;
  end(): void;
  /** The next complete record, or null when more input is needed or the input is done. */
  next(): JsonElement | null;
}

const enum Phase { Start, FirstElem, NextElem, InElem, End }

const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === LF || c === CR || c === 9;
}

/**
 * Brackets and strings are tracked so commas and brackets inside them do not split; an element's text is cut out only
 * once it is complete, so memory holds one element plus one chunk.
 */
export class JsonArraySplitter implements RecordSplitter {
  private buf = '';
  private pos = 0;
  private ended = false;
  private phase = Phase.Start;
  /** True when the input is one object rather than an array of them. */
  private single = false;
  private inString = false;
  private readonly stack = new Uint8Array(MAX_JSON_DEPTH + 2);
  private depth = 0;
  private elemStart = -1;
  private elemLine = 0;
  private elemColumn = 0;
  private line = 1;
  /** Offset in `buf` where the current line starts (negative once compacted away). */
  private lineStart = 0;
  private arrayLine = 1;
  private arrayColumn = 1;

  constructor(private readonly file: string) {}

  push(text: string): void {
    const keep = this.elemStart >= 0 ? this.elemStart : this.pos;
    if (keep > 0) {
      this.buf = this.buf.slice(keep) + text;
      this.pos -= keep;
      this.lineStart -= keep;
      if (this.elemStart >= 0) this.elemStart -= keep;
    } else {
      this.buf += text;
    }
  }

  end(): void {
    this.ended = true;
  }

  /** The next complete element, or null when more input is needed or the input is done. */
  next(): JsonElement | null {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (this.inString) {
        const k = this.stringEnd(i);
        if (k < 0) {
          i = n;
          break;
        }
        this.inString = false;
        i = k + 1;
        continue;
      }
      if (c === LF || c === CR) {
        if (c === CR && i + 1 >= n && !this.ended) break;
        if (c === CR && buf.charCodeAt(i + 1) === LF) i++;
        this.line++;
        this.lineStart = i + 1;
        i++;
        continue;
      }
      if (this.phase === Phase.InElem) {
        const done = this.elemChar(c, i);
        if (done) return this.cut(done === 'last' ? Phase.End : Phase.NextElem, i);
        i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      this.structural(c, i);
      i++;
    }
    this.pos = i;
    if (this.ended && i >= n) this.finish();
    return null;
  }

  /** Offset of the quote closing the string whose body continues at `from`, or -1 if not in the buffer. */
  private stringEnd(from: number): number {
    const buf = this.buf;
    let j = from;
    for (;;) {
      const k = buf.indexOf('"', j);
      if (k < 0) return -1;
      let slashes = 0;
      for (let b = k - 1; b >= 0 && buf.charCodeAt(b) === BACKSLASH; b--) slashes++;
      if (slashes % 2 === 0) return k;
      j = k + 1;
    }
  }

  /** A non-space character between elements. */
  private structural(c: number, i: number): void {
    switch (this.phase) {
      case Phase.Start:
        if (c === OPEN_BRACKET) {
          this.phase = Phase.FirstElem;
          this.arrayLine = this.line;
          this.arrayColumn = i - this.lineStart + 1;
          this.stack[0] = OPEN_BRACKET;
          this.depth = 1;
          return;
        }
        if (c === OPEN_BRACE) {
          this.single = true;
          this.startElem(c, i);
          return;
        }
        throw this.error(`expected '[' or '{' at the start of the JSON document, found ${this.describe(i)}`, i);
      case Phase.FirstElem:
        if (c === CLOSE_BRACKET) {
          this.phase = Phase.End;
          this.depth = 0;
          return;
        }
        this.startElem(c, i);
        return;
      case Phase.NextElem:
        if (c === CLOSE_BRACKET || c === COMMA) throw this.error(`expected an array element, found ${this.describe(i)}`, i);
        this.startElem(c, i);
        return;
      case Phase.End:
        throw this.error(`unexpected ${this.describe(i)} after the end of the JSON document (is this JSON Lines?)`, i);
      case Phase.InElem:
        return;
    }
  }

  private startElem(c: number, i: number): void {
    this.phase = Phase.InElem;
    this.elemStart = i;
    this.elemLine = this.line;
    this.elemColumn = i - this.lineStart + 1;
    this.elemChar(c, i);
  }

  /** Tracks one character inside an element; says whether it ended the element and whether it was the last. */
  private elemChar(c: number, i: number): false | 'more' | 'last' {
    if (c === QUOTE) {
      this.inString = true;
      return false;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (this.depth > MAX_JSON_DEPTH + (this.single ? -1 : 0)) {
        throw new EngineError('BAD_INPUT', `record nests deeper than ${MAX_JSON_DEPTH} levels`, {
          location: { file: this.file, line: this.elemLine, column: this.elemColumn },
        });
      }
      this.stack[this.depth++] = c;
      return false;
    }
    const base = this.single ? 0 : 1;
    if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (this.depth === base && !this.single) return c === CLOSE_BRACKET ? 'last' : this.mismatch(i);
      const open = this.stack[this.depth - 1];
      if ((open === OPEN_BRACE) !== (c === CLOSE_BRACE)) this.mismatch(i);
      this.depth--;
      return this.single && this.depth === 0 ? 'last' : false;
    }
    if (c === COMMA && this.depth === base) return 'more';
    return false;
  }

  /** Cuts the element ended by the character at `at` (a separator, or the closing brace of a single object). */
  private cut(next: Phase, at: number): JsonElement {
    const text = this.buf.slice(this.elemStart, this.single ? at + 1 : at).trimEnd();
    const el = { text, line: this.elemLine, column: this.elemColumn };
    this.elemStart = -1;
    this.phase = next;
    if (next === Phase.End) this.depth = 0;
    this.pos = at + 1;
    return el;
  }

  private mismatch(i: number): never {
    throw this.error(`unexpected ${this.describe(i)}: brackets do not match`, i);
  }

  private finish(): void {
    if (this.phase === Phase.End) return;
    if (this.phase === Phase.Start) throw new EngineError('BAD_INPUT', 'file is empty', { location: { file: this.file } });
    if (this.phase === Phase.InElem || this.inString) {
      throw new EngineError('BAD_INPUT', 'unexpected end of file inside the record that starts here', {
        location: { file: this.file, line: this.elemLine, column: this.elemColumn },
      });
    }
    throw new EngineError('BAD_INPUT', 'unexpected end of file: the array that opens here is not closed', {
      location: { file: this.file, line: this.arrayLine, column: this.arrayColumn },
    });
  }

  private describe(i: number): string {
    return JSON.stringify(this.buf.charAt(i));
  }

  private error(message: string, i: number): EngineError {
    const column = i - this.lineStart + 1;
    return new EngineError('BAD_INPUT', message, {
      location: { file: this.file, line: this.line, column },
    });
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xfeff) return false;
  }
  return true;
}

/**
 * JSON Lines: one record per physical line; LF, CRLF and lone CR all end a line (JSON text cannot
 * hold a raw CR or LF). Blank lines are skipped but counted.
 */
export class LineSplitter implements RecordSplitter {
  private buf = '';
  private pos = 0;
  private ended = false;
  /** Next LF / CR offset at or after `pos`: -1 unknown, -2 none in the buffer. */
  private nextLF = -1;
  private nextCR = -1;
  private line = 0;
  private text = '';

  push(chunk: string): void {
    if (this.pos > 0) {
      this.buf = this.buf.slice(this.pos) + chunk;
      this.pos = 0;
    } else {
      this.buf += chunk;
    }
    this.nextLF = this.nextCR = -1;
  }

  end(): void {
    this.ended = true;
  }

  next(): JsonElement | null {
    while (this.nextLine()) {
      if (!isBlank(this.text)) return { text: this.text, line: this.line, column: 1 };
    }
    return null;
  }

  private nextLine(): boolean {
    const buf = this.buf;
    const p = this.pos;
    if (p >= buf.length) return false;
    // Cached so a file without CRs does not rescan to the end for every line.
    if (this.nextLF === -1 || (this.nextLF >= 0 && this.nextLF < p)) this.nextLF = buf.indexOf('\n', p);
    if (this.nextLF === -1) this.nextLF = -2;
    if (this.nextCR === -1 || (this.nextCR >= 0 && this.nextCR < p)) this.nextCR = buf.indexOf('\r', p);
    if (this.nextCR === -1) this.nextCR = -2;
    const lf = this.nextLF;
    const cr = this.nextCR;
    let end: number;
    let after: number;
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      if (cr + 1 >= buf.length && !this.ended) return false;
      end = cr;
      after = buf.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    } else if (lf >= 0) {
      end = lf;
      after = lf + 1;
    } else {
      if (!this.ended) return false;
      end = after = buf.length;
    }
    this.text = buf.slice(p, end);
    this.pos = after;
    this.line++;
    return true;
  }
}
