/** Minimal ZIP central-directory reader: lists entries, inflates small ones and verifies declared sizes, for XLSX checks. */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { EngineError } from '../errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_COMMENT = 0xffff;

function notZip(path: string, why: string): EngineError {
  return new EngineError('BAD_INPUT', `not a valid XLSX (zip) file: ${why}`, { location: { file: path } });
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return bytesRead === length ? buf : buf.subarray(0, bytesRead);
}

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Where the central directory starts: the entries' data must end exactly here. */
  cdOffset: number;
}

/** Reads the central directory, following ZIP64 records where the 32-bit fields overflow. */
export async function listZipEntries(path: string): Promise<ZipEntry[]> {
  return (await readZipDirectory(path)).entries;
}

/** The central directory and where it starts. */
export async function readZipDirectory(path: string): Promise<ZipDirectory> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const tailLen = Math.min(size, 22 + MAX_COMMENT);
    const tail = await readAt(fh, size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw notZip(path, 'no end-of-central-directory record');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const locAt = eocd - 20;
      if (locAt < 0 || tail.readUInt32LE(locAt) !== ZIP64_LOCATOR_SIG) throw notZip(path, 'missing ZIP64 locator');
      const z64 = await readAt(fh, u64(tail, locAt + 8), 56);
      if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw notZip(path, 'bad ZIP64 end record');
      count = u64(z64, 32);
      cdSize = u64(z64, 40);
      cdOffset = u64(z64, 48);
    }
    if (cdOffset + cdSize > size) throw notZip(path, 'central directory lies beyond the end of the file');
    const cd = await readAt(fh, cdOffset, cdSize);
    return { entries: parseCentralDirectory(cd, count, path), cdOffset };
  } finally {
    await fh.close();
  }
}

function parseCentralDirectory(cd: Buffer, count: number, path: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIG) throw notZip(path, `central directory entry ${i + 1} is damaged`);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extra field: 64-bit values appear only for the fields that overflowed, in this order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let q = x + 4;
        if (uncompressedSize === 0xffffffff && q + 8 <= x + 4 + len) { uncompressedSize = u64(cd, q); q += 8; }
        if (compressedSize === 0xffffffff && q + 8 <= x + 4 + len) { compressedSize = u64(cd, q); q += 8; }
        if (localHeaderOffset === 0xffffffff && q + 8 <= x + 4 + len) localHeaderOffset = u64(cd, q);
      }
      x += 4 + len;
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    p = xEnd + commentLen;
  }
  return entries;
}

export interface ZipLimits {
  /** @default 2 GiB */
  maxTotalBytes?: number;
  /** @default 200 */
  maxRatio?: number;
  /** Below this much declared content the ratio is not checked: tiny archives cannot hurt. @default 16 MiB */
  ratioFloorBytes?: number;
}

function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  for (; v >= 1024 && u < units.length - 1; u++) v /= 1024;
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** Refuses archives whose declared contents are too large or too compressed (zip bombs). */
export function checkZipLimits(entries: ZipEntry[], path: string, limits: ZipLimits = {}): void {
  const maxTotal = limits.maxTotalBytes ?? 2 * 1024 ** 3;
  const maxRatio = limits.maxRatio ?? 200;
  const floor = limits.ratioFloorBytes ?? 16 * 1024 ** 2;
  let total = 0;
  let packed = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    packed += e.compressedSize;
  }
  if (total > maxTotal) {
    throw new EngineError('LIMIT_EXCEEDED', `would expand to ${humanBytes(total)}, over the ${humanBytes(maxTotal)} limit for XLSX input`, { location: { file: path } });
  }
  const ratio = total / Math.max(packed, 1);
  if (total > floor && ratio > maxRatio) {
    throw new EngineError('LIMIT_EXCEEDED', `expands ${ratio.toFixed(0)}:1 (${humanBytes(packed)} to ${humanBytes(total)}), over the ${maxRatio}:1 limit for XLSX input`, { location: { file: path } });
  }
}

/** Inflates one entry fully; only for small metadata parts (workbook.xml, rels). */
export async function readZipEntry(path: string, entry: ZipEntry, maxBytes = 16 * 1024 ** 2): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) {
    throw new EngineError('LIMIT_EXCEEDED', `${entry.name} is larger than ${maxBytes} bytes`, { location: { file: path } });
  }
  const fh = await open(path, 'r');
  try {
    const local = await readAt(fh, entry.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIG) throw notZip(path, `bad local header for ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const data = await readAt(fh, start, entry.compressedSize);
    if (entry.method === 0) return data;
    if (entry.method !== 8) throw notZip(path, `${entry.name} uses unsupported compression method ${entry.method}`);
    try {
      return inflateRawSync(data, { maxOutputLength: maxBytes });
    } catch (err) {
      throw notZip(path, `${entry.name} cannot be inflated (${(err as Error).message})`);
    }
  } finally {
    await fh.close();
  }
}

const DATA_DESCRIPTOR_FLAG = 0x8;
/** Sizes a data descriptor may take: with or without its signature, 32- or 64-bit sizes. */
const DESCRIPTOR_SIZES = [12, 16, 20, 24];
const VERIFY_CHUNK = 1024 * 1024;

class SizeMismatch extends Error {}

async function* rangeChunks(fh: FileHandle, start: number, length: number): AsyncGenerator<Buffer> {
  for (let pos = 0; pos < length; pos += VERIFY_CHUNK) {
    const buf = await readAt(fh, start + pos, Math.min(VERIFY_CHUNK, length - pos));
    if (buf.length === 0) return;
    yield buf;
  }
}

/** Inflates an entry's data without keeping it, stopping as soon as it outgrows `limit` bytes. */
async function inflatedSize(fh: FileHandle, start: number, length: number, limit: number): Promise<number> {
  let out = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.length;
      done(out > limit ? new SizeMismatch() : null);
    },
  });
  await pipeline(Readable.from(rangeChunks(fh, start, length)), createInflateRaw(), counter);
  return out;
}

/**
 * Checks what the central directory declares against the bytes themselves, before a streaming
 * reader (which trusts local headers) meets them: every entry must inflate to exactly its declared
 * size, and the entries must tile the archive with nothing unlisted between them. A forged size
 * would otherwise slip past checkZipLimits and a hidden entry past everything. Costs one inflate
 * of the archive, with memory bounded by one chunk.
 */
export async function verifyZipContents(path: string, dir: ZipDirectory): Promise<void> {
  const entries = [...dir.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const fh = await open(path, 'r');
  try {
    let expected = 0;
    let descriptor = false;
    for (const e of entries) {
      const gap = e.localHeaderOffset - expected;
      if (gap !== 0 && !(descriptor && DESCRIPTOR_SIZES.includes(gap))) throw notZip(path, `unlisted data before ${e.name}`);
      const local = await readAt(fh, e.localHeaderOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIG) throw notZip(path, `bad local header for ${e.name}`);
      descriptor = (local.readUInt16LE(6) & DATA_DESCRIPTOR_FLAG) !== 0;
      const start = e.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      expected = start + e.compressedSize;
      let actual: number;
      if (e.method === 0) actual = e.compressedSize;
      else if (e.method !== 8) throw notZip(path, `${e.name} uses unsupported compression method ${e.method}`);
      else {
        try {
          actual = await inflatedSize(fh, start, e.compressedSize, e.uncompressedSize);
        } catch (err) {
          if (err instanceof SizeMismatch) actual = e.uncompressedSize + 1;
          else throw notZip(path, `${e.name} cannot be inflated (${(err as Error).message})`);
        }
      }
      if (actual > e.uncompressedSize) {
        throw new EngineError('LIMIT_EXCEEDED', `${e.name} expands beyond the ${humanBytes(e.uncompressedSize)} its header declares; the archive is forged (a zip bomb) or damaged`, { location: { file: path } });
      }
      if (actual < e.uncompressedSize) throw notZip(path, `${e.name} holds ${humanBytes(actual)}, not the ${humanBytes(e.uncompressedSize)} its header declares`);
    }
    const tail = dir.cdOffset - expected;
    if (entries.length > 0 && tail !== 0 && !(descriptor && DESCRIPTOR_SIZES.includes(tail))) throw notZip(path, 'unlisted data before the central directory');
  } finally {
    await fh.close();
  }
}
