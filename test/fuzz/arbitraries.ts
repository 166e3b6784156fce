/** fast-check arbitraries for malformed CSV, JSON and JSON Lines bytes: plausible structure, then damage. */
import fc from 'fast-check';
import type { FuzzCase } from './protocol.js';

const enc = (s: string): number[] => [...Buffer.from(s, 'utf8')];

/** Byte sequences that break decoders: lone lead bytes, cut sequences, BOMs, NUL, C1 controls. */
const BAD_BYTES: number[][] = [
  [0xff], [0xfe], [0xc3], [0xe2, 0x82], [0x80], [0x9d], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff],
  [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x00], [0x00, 0x00],
];

const CSV_UNITS: string[] = [',', ';', '\t', '|', '"', "'", '""', '\r', '\n', '\r\n', ' ', 'a', 'Z', '1', '0', '-', '.', 'é', '😀', '\ufeff', '\u2028', '\\'];
const JSON_UNITS: string[] = [
  '{', '}', '[', ']', '"', '\\', '\\"', '\\u', '\\ud800', ',', ':', ' ', '\n', '\r', '\r\n', 'true', 'null', 'fals', '0', '-',
  '1e999', '-1e-400', '12345678901234567890', '1.5', '"k"', '"a.b"', '"__proto__"', '{}', '[]', 'é', '😀',
];

function unitsToBytes(units: readonly (string | number[])[]): number[] {
  const out: number[] = [];
  for (const u of units) out.push(...(typeof u === 'string' ? enc(u) : u));
  return out;
}

/** Units of text and bad bytes, as raw bytes. */
function soup(units: readonly string[], maxLength: number): fc.Arbitrary<number[]> {
  const unit = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...units) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_BYTES) });
  return fc.array(unit, { maxLength }).map(unitsToBytes);
}

type Mutation = { at: number; kind: 'insert' | 'delete' | 'replace' | 'truncate' | 'repeat'; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('insert', 'delete', 'replace', 'truncate', 'repeat'),
  bytes: fc.oneof(fc.constantFrom(...BAD_BYTES), fc.constantFrom(...[...CSV_UNITS, ...JSON_UNITS].map(enc))),
});

/** Applies byte-level damage at relative positions, so the same mutation list fits any input length. */
function mutate(bytes: number[], mutations: readonly Mutation[]): number[] {
  let b = bytes;
  for (const m of mutations) {
    const i = Math.min(b.length, Math.floor(m.at * (b.length + 1)));
    switch (m.kind) {
      case 'insert': b = [...b.slice(0, i), ...m.bytes, ...b.slice(i)]; break;
      case 'delete': b = [...b.slice(0, i), ...b.slice(i + m.bytes.length)]; break;
      case 'replace': b = [...b.slice(0, i), ...m.bytes, ...b.slice(i + m.bytes.length)]; break;
      case 'truncate': b = b.slice(0, i); break;
      case 'repeat': b = [...b.slice(0, i), ...b.slice(i, i + 8), ...b.slice(i)]; break;
    }
  }
  return b;
}

function damaged(base: fc.Arbitrary<number[]>): fc.Arbitrary<number[]> {
  return fc.tuple(base, fc.array(mutation, { maxLength: 4 })).map(([b, ms]) => mutate(b, ms));
}

const word = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CSV_UNITS), maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 5 }),
  fc.constantFrom('', 'id', 'name', 'NAME', 'name', '1,5', '"q"', 'a"b', '\0'),
);

/** Rows of fields with mostly consistent quoting, a delimiter and line endings that may change midway. */
const csvText: fc.Arbitrary<number[]> = fc.record({
  delim: fc.constantFrom(',', ';', '\t', '|'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  width: fc.integer({ min: 1, max: 6 }),
  rows: fc.array(fc.array(fc.tuple(word, fc.boolean()), { maxLength: 7 }), { maxLength: 12 }),
  finalEol: fc.boolean(),
}).map(({ delim, eol, bom, rows, finalEol }) => {
  const line = (fields: [string, boolean][]): string => fields.map(([v, quote]) => (quote ? `"${v.replaceAll('"', '""')}"` : v)).join(delim);
  const text = rows.map(line).join(eol) + (finalEol ? eol : '');
  return [...(bom ? [0xef, 0xbb, 0xbf] : []), ...enc(text)];
});

/** Number literals a double cannot hold as written (overflow, underflow, beyond 2^53) and other edge values, as raw JSON text. */
const EDGE_LITERALS = ['1e999', '-1e400', '1e-400', '2e308', '12345678901234567890', '-0', '0.0', '1E+2', '"\\u0000"', '"\\ud800"', '""'];

const jsonValueText = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_LITERALS) },
);

/** One record as JSON text, so edge literals survive (JSON.stringify would normalise them). */
const jsonRecord = fc.array(
  fc.tuple(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a.b', '__proto__', 'constructor', 'A', 'a', '')), jsonValueText),
  { maxLength: 5 },
).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);

/** A JSON document: usually an array of records, sometimes one record or another value, maybe deep. */
const jsonText: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.array(jsonRecord, { maxLength: 8 }), fc.constantFrom(',', ',\n  ', ' , ')).map(([recs, sep]) => enc(`[${recs.join(sep)}]`)) },
  { weight: 1, arbitrary: jsonRecord.map(enc) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => enc(JSON.stringify(v) ?? 'null')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1500 }).map((d) => enc(`[${'{"a":'.repeat(d)}1${'}'.repeat(d)}]`)) },
);

const jsonlText: fc.Arbitrary<number[]> = fc.record({
  lines: fc.array(fc.oneof(
    { weight: 6, arbitrary: jsonRecord },
    { weight: 1, arbitrary: jsonValueText },
    { weight: 1, arbitrary: fc.constantFrom('', '   ', '\ufeff', '{"a":1', '{"a":1}}', '[1,', 'not json') },
  ), { maxLength: 12 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  finalEol: fc.boolean(),
}).map(({ lines, eol, finalEol }) => enc(lines.join(eol) + (finalEol ? eol : '')));

const readKnobs = fc.record({
  chunkBytes: fc.oneof(fc.integer({ min: 16, max: 96 }), fc.constant(1 << 20)),
  batchSize: fc.integer({ min: 1, max: 7 }),
  encoding: fc.option(fc.constantFrom('utf-8', 'utf-16le', 'utf-16be', 'windows-1252'), { nil: undefined, freq: 6 }),
});

/** One case in CLEAN_EVERY also goes through the whole clean (the readers alone are much faster). */
export const CLEAN_EVERY = 3;

const cleanKnobs: fc.Arbitrary<FuzzCase['clean']> = fc.oneof(
  { weight: CLEAN_EVERY - 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.record({ dedupe: fc.constantFrom('exact', 'near', 'off'), out: fc.constantFrom('csv', 'jsonl') }) },
);

function caseOf(kind: FuzzCase['kind'], bytes: fc.Arbitrary<number[]>): fc.Arbitrary<FuzzCase> {
  return fc.tuple(bytes, readKnobs, cleanKnobs).map(([b, k, clean]) => {
    const c: FuzzCase = { kind, bytes: Uint8Array.from(b), chunkBytes: k.chunkBytes, batchSize: k.batchSize };
    if (k.encoding !== undefined) c.encoding = k.encoding;
    if (clean) c.clean = clean;
    return c;
  });
}

const rawBytes = fc.uint8Array({ maxLength: 300 }).map((a) => [...a]);

export const csvCase = caseOf('csv', fc.oneof(
  { weight: 5, arbitrary: damaged(csvText) },
  { weight: 1, arbitrary: soup(CSV_UNITS, 80) },
  { weight: 1, arbitrary: rawBytes },
));
export const tsvCase = caseOf('tsv', fc.oneof({ weight: 4, arbitrary: damaged(csvText) }, { weight: 1, arbitrary: soup(CSV_UNITS, 80) }));
export const jsonCase = caseOf('json', fc.oneof(
  { weight: 5, arbitrary: damaged(jsonText) },
  { weight: 1, arbitrary: soup(JSON_UNITS, 60) },
  { weight: 1, arbitrary: rawBytes },
));
export const jsonlCase = caseOf('jsonl', fc.oneof(
  { weight: 5, arbitrary: damaged(jsonlText) },
  { weight: 1, arbitrary: soup(JSON_UNITS, 60) },
  { weight: 1, arbitrary: rawBytes },
));
