/** End to end through the CLI against a real S3 endpoint (s3rver): s3:// in, every artifact out under a run prefix, no partial set on failure. */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource } from '../../src/main/engine/io/open.js';
import { S3ObjectStore } from '../../src/main/store/s3/S3ObjectStore.js';
import { cli, scratch } from '../cli/helpers.js';
import { startFaultyProxy, startS3, type S3TestServer } from '../store/s3Harness.js';

let s3: S3TestServer;
let objects: S3ObjectStore;
const csv = 'id,name,email\n1,  Ann Lee ,ANN@EXAMPLE.COM\n2,Bob Ray,bob@example.com\n3,Ann Lee,ann@example.com\n4,Cy Dee,cy@example.com\n';

beforeAll(async () => {
  s3 = await startS3();
  objects = await S3ObjectStore.open(s3.bucket, s3.options);
  const dir = await scratch();
  await writeFile(join(dir, 'people.csv'), csv);
  await objects.putFile('in/people.csv', join(dir, 'people.csv'));
});
afterAll(async () => {
  await objects?.close();
  await s3?.stop();
});

describe('clean with S3 input and output', () => {
  it('reads s3://, uploads cleaned data, report, audit log, provenance and quarantine under a run prefix, and records where', async () => {
    const dir = await scratch();
    const r = await cli(['clean', `s3://${s3.bucket}/in/people.csv`, '--out', `s3://${s3.bucket}/out/people.parquet`, '--json'], { cwd: dir, env: s3.env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as { runId: string; rows: { in: number; out: number }; outputs: Record<string, string> };
    const prefix = `out/${res.runId}/`;
    expect(await objects.list(prefix)).toEqual(['people.audit.jsonl', 'people.parquet', 'people.provenance.parquet', 'people.quarantine.jsonl', 'people.report.json'].map((f) => prefix + f));
    expect(res.outputs['cleaned']).toBe(`s3://${s3.bucket}/${prefix}people.parquet`);
    expect(res.outputs['report']).toBe(`s3://${s3.bucket}/${prefix}people.report.json`);

    await objects.getFile(`${prefix}people.report.json`, join(dir, 'report.json'));
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { input: { path: string; sha256: string }; outputs: Record<string, string>; rows: { out: number } };
    expect(report.input).toMatchObject({ path: `s3://${s3.bucket}/in/people.csv`, sha256: createHash('sha256').update(csv).digest('hex') });
    expect(report.outputs).toEqual(res.outputs);

    await objects.getFile(`${prefix}people.parquet`, join(dir, 'cleaned.parquet'));
    let rows = 0;
    for await (const b of openSource(join(dir, 'cleaned.parquet')).read()) rows += b.length;
    expect(rows).toBe(report.rows.out);
    expect(rows).toBe(res.rows.out);

    await objects.getFile(`${prefix}people.audit.jsonl`, join(dir, 'audit.jsonl'));
    const verify = await cli(['verify', join(dir, 'audit.jsonl')], { cwd: dir });
    expect(verify.stdout).toMatch(/^ok: \d+ entries, chain intact/);

    const runs = await cli(['runs', '--json'], { cwd: dir });
    const [run] = JSON.parse(runs.stdout) as { input: string; artifacts: Record<string, string> }[];
    expect(run!.input).toBe(`s3://${s3.bucket}/in/people.csv`);
    expect(run!.artifacts['cleaned']).toBe(res.outputs['cleaned']);
  });

  it('a failed upload leaves no object of the run behind, and the run is recorded as failed', async () => {
    const dir = await scratch();
    // The report goes up last; cutting it means everything else was already uploaded and must be removed again.
    const proxy = await startFaultyProxy(s3.endpoint, (req) => req.method === 'PUT' && /people\.report\.json/.test(req.url ?? ''));
    const r = await cli(['clean', `s3://${s3.bucket}/in/people.csv`, '--out', `s3://${s3.bucket}/failed/people.parquet`, '-q'],
      { cwd: dir, env: { ...s3.env, DATA_SANITIZER_S3_ENDPOINT: proxy.endpoint } });
    await proxy.close();
    expect(r.code).toBe(74);
    expect(r.stderr).toMatch(/cannot upload s3:\/\/.*people\.report\.json/);
    expect(proxy.seen.filter((x) => x.startsWith('PUT ') && /people\.parquet/.test(x))).toHaveLength(1);
    expect(proxy.seen.some((x) => x.startsWith('POST ') && /delete/.test(x))).toBe(true);
    expect(await objects.list('failed/')).toEqual([]);
    const runs = await cli(['runs', '--json'], { cwd: dir });
    expect((JSON.parse(runs.stdout) as { status: string }[]).map((x) => x.status)).toEqual(['failed']);
  });

  it('says which object is missing', async () => {
    const dir = await scratch();
    const r = await cli(['clean', `s3://${s3.bucket}/in/nope.csv`, '--out', join(dir, 'x.csv')], { cwd: dir, env: s3.env });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/cannot download s3:\/\/.*\/in\/nope\.csv/);
  });
});
