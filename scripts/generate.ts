/** CLI: dirty customer data with known duplicates, for benchmarks, demos and accuracy tests. */
import { parseArgs } from 'node:util';
import { extname } from 'node:path';
import { seedFromSalt } from '../src/main/engine/hash.js';
import { FORMATS, formatSummary, generate, type OutputFormat } from './generator/run.js';
import { DEFAULT_POOL } from './generator/rows.js';

const USAGE = `Usage: npm run generate -- --out FILE [options]

  --rows N        data rows (suffixes k, M, B allowed: 1M = 1,000,000)  [default 10000]
  --format F      csv | jsonl | parquet                  [default: from --out extension, else csv]
  --seed S        integer 0..4294967295, or any text (hashed)            [default 1]
  --out FILE      output file (written to a temp file, then renamed)
  --truth FILE    row,entity ground truth                [default <out>.truth.csv]
  --no-truth      skip the truth file
  --pool N        recent originals that duplicates are drawn from        [default ${DEFAULT_POOL}]
  -h, --help      show this help`;

class UsageError extends Error {}

const MULTIPLIERS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

function parseCount(flag: string, text: string, min: number, max: number): number {
  const m = /^(\d[\d_,]*)([kmb]?)$/i.exec(text.trim());
  const n = m ? Number((m[1] as string).replace(/[_,]/g, '')) * (MULTIPLIERS[(m[2] as string).toLowerCase()] as number) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return n;
}

function parseSeed(text: string): number {
  if (/^\d+$/.test(text) && Number(text) <= 0xffffffff) return Number(text);
  if (text.length === 0) throw new UsageError('--seed must not be empty');
  return seedFromSalt(text);
}

function parseFormat(flag: string | undefined, out: string): OutputFormat {
  if (flag !== undefined) {
    if (!(FORMATS as readonly string[]).includes(flag)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${flag}'`);
    }
    return flag as OutputFormat;
  }
  const ext = extname(out).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.parquet') return 'parquet';
  return 'csv';
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string' }, format: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
      truth: { type: 'string' }, 'no-truth': { type: 'boolean' }, pool: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.out === undefined || values.out === '') throw new UsageError('--out FILE is required (see --help)');
  if (values['no-truth'] && values.truth !== undefined) throw new UsageError('--truth and --no-truth conflict');
  const summary = await generate({
    rows: parseCount('--rows', values.rows ?? '10000', 0, 0xffffffff),
    format: parseFormat(values.format, values.out),
    seed: parseSeed(values.seed ?? '1'),
    out: values.out,
    truth: values['no-truth'] ? null : (values.truth ?? `${values.out}.truth.csv`),
    pool: parseCount('--pool', values.pool ?? String(DEFAULT_POOL), 1, 50_000_000),
  });
  process.stderr.write(formatSummary(summary) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags.
    const code = (err as { code?: unknown }).code;
    const usage = err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'));
    process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
