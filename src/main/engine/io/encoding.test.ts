/** Encoding detection and chunked decoding: BOMs, UTF-8 validity, windows-1252's 0x80–0x9F, characters split across chunks. */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createChunkDecoder, decodeWindows1252, detectEncoding, isValidUtf8, normalizeEncoding, readTextChunks, type TextEncodingName } from './encoding.js';
import { TempDir } from './testUtil.js';

const tmp = new TempDir();
afterAll(() => tmp.remove());

function encode(s: string, enc: TextEncodingName): Buffer {
  if (enc === 'utf-16le') return Buffer.from(s, 'utf16le');
  if (enc === 'utf-16be') return Buffer.from(s, 'utf16le').swap16();
  return Buffer.from(s, 'utf8');
}

/** Decodes `bytes` fed in pieces cut at the given points. */
function decodeInPieces(bytes: Buffer, enc: TextEncodingName, cuts: number[]): string {
  const d = createChunkDecoder(enc);
  let out = '';
  let prev = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out += d.decode(bytes.subarray(prev, cut));
    prev = cut;
  }
  return out + d.decode(bytes.subarray(prev)) + d.end();
}

describe('detectEncoding', () => {
  it('recognises BOMs', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true)).toEqual({ encoding: 'utf-8', bomBytes: 3 });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]), true)).toEqual({ encoding: 'utf-16le', bomBytes: 2 });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]), true)).toEqual({ encoding: 'utf-16be', bomBytes: 2 });
  });

  it('takes invalid UTF-8 as windows-1252, but not a character cut by the window', () => {
    expect(detectEncoding(Buffer.from('plain ascii'), true).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0x43, 0x61, 0x66, 0xe9]), true).encoding).toBe('windows-1252');
    const cut = Buffer.from('abc€').subarray(0, 5);
    expect(isValidUtf8(cut, false)).toBe(true);
    expect(isValidUtf8(cut, true)).toBe(false);
    expect(detectEncoding(cut, false).encoding).toBe('utf-8');
    expect(detectEncoding(cut, true).encoding).toBe('windows-1252');
  });

  it('normalises labels and rejects unknown ones', () => {
    expect(normalizeEncoding('UTF8')).toBe('utf-8');
    expect(normalizeEncoding('latin1')).toBe('windows-1252');
    expect(normalizeEncoding('cp1252')).toBe('windows-1252');
    expect(normalizeEncoding('utf-16')).toBe('utf-16le');
    expect(() => normalizeEncoding('koi8-r')).toThrow(/unsupported encoding/);
  });
});

describe('decoding', () => {
  it('maps windows-1252 0x80–0x9F to their characters, not C1 controls', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f, 0xe9, 0x81]))).toBe('€‘’“”–—™Ÿé\u0081');
    expect(decodeWindows1252(Buffer.from('plain'))).toBe('plain');
  });

  it('drops a leading BOM once and keeps later U+FEFF', () => {
    expect(decodeInPieces(Buffer.from('\ufeffa\ufeffb'), 'utf-8', [1, 2])).toBe('a\ufeffb');
    expect(decodeInPieces(Buffer.from([0xff, 0xfe, 0x61, 0]), 'utf-16le', [1])).toBe('a');
    expect(decodeInPieces(Buffer.from([0xfe, 0xff, 0, 0x61]), 'utf-16be', [3])).toBe('a');
  });

  it('any split of any text decodes to the same text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.startsWith('\ufeff')),
        fc.constantFrom<TextEncodingName>('utf-8', 'utf-16le', 'utf-16be'),
        fc.array(fc.nat(), { maxLength: 6 }),
        (s, enc, rawCuts) => {
          const bytes = encode(s, enc);
          const cuts = rawCuts.map((c) => (bytes.length ? c % (bytes.length + 1) : 0));
          expect(decodeInPieces(bytes, enc, cuts)).toBe(s);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('invalid and truncated UTF-8 become U+FFFD', () => {
    expect(decodeInPieces(Buffer.from([0x61, 0xe9, 0x62]), 'utf-8', [2])).toBe('a\ufffdb');
    expect(decodeInPieces(Buffer.from([0x61, 0xe2, 0x82]), 'utf-8', [])).toBe('a\ufffd');
  });

  it('readTextChunks streams a file and reports bytes', async () => {
    const text = 'ab€' + 'x'.repeat(100) + '😀';
    const path = tmp.file(text, '.txt');
    const seen: number[] = [];
    let out = '';
    for await (const chunk of readTextChunks(path, 'utf-8', { chunkBytes: 16, onBytes: (b) => seen.push(b) })) out += chunk;
    expect(out).toBe(text);
    expect(seen[seen.length - 1]).toBe(Buffer.byteLength(text));
    expect(seen.length).toBe(Math.ceil(Buffer.byteLength(text) / 16));
  });
});
