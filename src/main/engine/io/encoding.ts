/** Text encodings for the streaming readers: detection from the first bytes, chunked decoding, file access errors. */
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { isAscii } from 'node:buffer';
import { EngineError, throwIfAborted } from '../errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes read up front to sniff encoding and dialect. */
export const SNIFF_BYTES = 64 * 1024;
/** Bytes per read() while streaming. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

const ALIASES: Record<string, TextEncodingName> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf-8-bom': 'utf-8', 'utf-8-sig': 'utf-8',
  'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16': 'utf-16le', ucs2: 'utf-16le', 'ucs-2': 'utf-16le',
  'utf-16be': 'utf-16be', utf16be: 'utf-16be',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252', 'iso8859-1': 'windows-1252', ascii: 'windows-1252', 'us-ascii': 'windows-1252',
};

/** Maps a user-given encoding label to one this reader decodes; unknown labels are the caller's mistake. */
export function normalizeEncoding(label: string): TextEncodingName {
  const name = ALIASES[label.trim().toLowerCase()];
  if (!name) {
    throw new EngineError('INVALID_ARGUMENT', `unsupported encoding '${label}' (use utf-8, utf-16le, utf-16be or windows-1252)`);
  }
  return name;
}

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** Length of the byte-order mark at the start of the file (0 when absent). */
  bomBytes: number;
}

/**
 * A BOM decides; otherwise the head must be valid UTF-8 (a multi-byte sequence cut by the end
 * of the window is fine unless the window is the whole file) or it is taken as windows-1252.
 */
export function detectEncoding(head: Uint8Array, wholeFile: boolean): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  return { encoding: isValidUtf8(head, wholeFile) ? 'utf-8' : 'windows-1252', bomBytes: 0 };
}

export function isValidUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** Stateful decoder: `decode` may be handed a chunk that ends inside a character. */
export interface ChunkDecoder {
  decode(bytes: Uint8Array): string;
  /** Flushes a character left incomplete at end of input (as U+FFFD). */
  end(): string;
}

// Node's TextDecoder('windows-1252') decodes 0x80–0x9F as C1 controls (ISO-8859-1), so the
// 27 bytes where windows-1252 differs are mapped here; 0x81, 0x8D, 0x8F, 0x90, 0x9D stay as is.
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const HAS_C1 = /[\u0080-\u009f]/;
const C1_RANGE = /[\u0080-\u009f]/g;
const mapC1 = (ch: string): string => CP1252_HIGH[ch.charCodeAt(0) - 0x80] ?? ch;

export function decodeWindows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return HAS_C1.test(text) ? text.replace(C1_RANGE, mapC1) : text;
}

/**
 * UTF-8 that cuts each chunk at the last complete character and carries the rest. An all-ASCII
 * chunk is decoded as latin1 (a plain copy), many times faster than the UTF-8 path.
 */
function utf8Decoder(): ChunkDecoder {
  let carry: Buffer | undefined;
  return {
    decode(bytes) {
      let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (carry !== undefined) {
        buf = Buffer.concat([carry, buf]);
        carry = undefined;
      }
      let end = buf.length;
      for (let k = 1; k <= 3 && k <= buf.length; k++) {
        const b = buf[buf.length - k]!;
        if ((b & 0xc0) === 0x80) continue;
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        if (need > k) end = buf.length - k;
        break;
      }
      // Copied: the caller reuses its read buffer.
      if (end < buf.length) carry = Buffer.from(buf.subarray(end));
      const part = buf.subarray(0, end);
      return isAscii(part) ? part.toString('latin1') : part.toString('utf8');
    },
    end: () => (carry === undefined ? '' : carry.toString('utf8')),
  };
}

/** UTF-16BE: swap byte pairs into UTF-16LE, carrying an odd trailing byte to the next chunk. */
function utf16beDecoder(): ChunkDecoder {
  const inner = new StringDecoder('utf16le');
  let carry: Buffer | undefined;
  return {
    decode(bytes) {
      // Both branches copy, so swapping in place never touches the caller's buffer.
      const buf = carry === undefined ? Buffer.from(bytes) : Buffer.concat([carry, bytes]);
      const even = buf.length - (buf.length % 2);
      carry = even < buf.length ? buf.subarray(even) : undefined;
      return inner.write(buf.subarray(0, even).swap16());
    },
    end: () => inner.end() + (carry === undefined ? '' : '\ufffd'),
  };
}

/** Drops a leading U+FEFF once, wherever the first non-empty text appears. */
function withoutBom(decoder: ChunkDecoder): ChunkDecoder {
  let first = true;
  const strip = (text: string): string => {
    if (!first || text.length === 0) return text;
    first = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  return { decode: (bytes) => strip(decoder.decode(bytes)), end: () => strip(decoder.end()) };
}

/**
 * Buffer decoding, not TextDecoder: TextDecoder returns two-byte strings even for ASCII, which
 * doubles the memory of every cell sliced from them and the GC work with it.
 */
export function createChunkDecoder(encoding: TextEncodingName): ChunkDecoder {
  if (encoding === 'windows-1252') return { decode: decodeWindows1252, end: () => '' };
  if (encoding === 'utf-16be') return withoutBom(utf16beDecoder());
  if (encoding === 'utf-8') return withoutBom(utf8Decoder());
  const inner = new StringDecoder('utf16le');
  return withoutBom({ decode: (bytes) => inner.write(bytes), end: () => inner.end() });
}

function ioError(path: string, err: unknown): EngineError {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new EngineError('NOT_FOUND', `file not found: ${path}`, { location: { file: path }, cause: err });
  if (code === 'EISDIR') return new EngineError('BAD_INPUT', `not a file: ${path}`, { location: { file: path }, cause: err });
  const msg = err instanceof Error ? err.message : String(err);
  return new EngineError('IO_ERROR', `cannot read ${path}: ${msg}`, { location: { file: path }, cause: err });
}

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw ioError(path, err);
  }
}

export interface FileHead {
  bytes: Uint8Array;
  /** Total file size in bytes. */
  size: number;
}

/** Reads up to `maxBytes` from the start of the file. */
export async function readHead(path: string, maxBytes: number): Promise<FileHead> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (err) {
    throw ioError(path, err);
  }
  const handle = await openFile(path);
  try {
    const buf = Buffer.allocUnsafe(Math.min(maxBytes, size));
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buf.subarray(0, filled), size };
  } catch (err) {
    throw ioError(path, err);
  } finally {
    await handle.close();
  }
}

/** Decodes the head for sniffing; a character cut by the window's end is left out. */
export function decodeHead(head: FileHead, encoding: TextEncodingName): string {
  const whole = head.bytes.length >= head.size;
  const decoder = createChunkDecoder(encoding);
  const text = decoder.decode(head.bytes);
  return whole ? text + decoder.end() : text;
}

export interface TextChunkOptions {
  chunkBytes?: number | undefined;
  signal?: AbortSignal | undefined;
  onBytes?: ((bytesRead: number) => void) | undefined;
}

/** Streams a file as decoded text chunks; memory is bounded by the chunk size. */
export async function* readTextChunks(path: string, encoding: TextEncodingName, opts: TextChunkOptions = {}): AsyncGenerator<string> {
  const handle = await openFile(path);
  try {
    const decoder = createChunkDecoder(encoding);
    const buf = Buffer.allocUnsafe(Math.max(16, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES));
    let total = 0;
    for (;;) {
      throwIfAborted(opts.signal);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buf, 0, buf.length, null));
      } catch (err) {
        throw ioError(path, err);
      }
      if (bytesRead === 0) break;
      total += bytesRead;
      const text = decoder.decode(buf.subarray(0, bytesRead));
      opts.onBytes?.(total);
      if (text.length > 0) yield text;
    }
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
  } finally {
    await handle.close();
  }
}
