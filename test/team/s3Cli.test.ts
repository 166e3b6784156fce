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

  it('a run killed mid-upload leaves no object: the next command deletes its uploads and aborts the unfinished one', async () => {
    const dir = await scratch();
    // About 13 MiB of cleaned CSV: more than one 8 MiB part, so the cleaned file goes up as a multipart upload.
    const lines = ['id,name,email,city'];
    for (let i = 1; i <= 220_000; i++) lines.push(`${i},Person ${i.toString(36)} Example,person${i}@example.com,City ${i % 97}`);
    await writeFile(join(dir, 'big.csv'), lines.join('\n') + '\n');
    await objects.putFile('in/big.csv', join(dir, 'big.csv'));
    // Parts of the upload are never answered; the audit log (uploaded before the data) is already whole by then.
    const proxy = await startFaultyProxy(s3.endpoint, () => false, { hold: (req) => req.method === 'PUT' && /[?&]partNumber=/.test(req.url ?? ''), answerAborts: true });
    const viaProxy = { ...s3.env, DATA_SANITIZER_S3_ENDPOINT: proxy.endpoint };
    let pid = 0;
    const running = cli(['clean', `s3://${s3.bucket}/in/big.csv`, '--out', `s3://${s3.bucket}/killed/big.csv`, '--dedupe', 'off', '--no-provenance', '-q'],
      { cwd: dir, env: viaProxy, onSpawn: (p) => { pid = p; } });
    await proxy.held;
    process.kill(pid, 'SIGKILL');
    expect((await running).code).toBeNull();
    const created = proxy.seen.find((x) => x.startsWith('POST ') && /big\.csv\?uploads/.test(x));
    expect(created).toBeDefined();
    // The killed run left a partial set: the audit log is there, the data is not.
    const before = await objects.list('killed/');
    expect(before).toHaveLength(1);
    expect(before[0]).toMatch(/^killed\/[0-9a-f-]{36}\/big\.audit\.jsonl$/);

    const runs = await cli(['runs', '--json'], { cwd: dir, env: viaProxy });
    await proxy.close();
    expect(runs.code).toBe(0);
    const [run] = JSON.parse(runs.stdout) as { id: string; status: string }[];
    expect(run!.status).toBe('interrupted');
    expect(before[0]).toContain(run!.id);
    expect(await objects.list('killed/')).toEqual([]);
    expect(proxy.seen.some((x) => x.startsWith('DELETE ') && /big\.csv\?uploadId=/.test(x))).toBe(true);
    // Cleaned up once: the journal is gone, so a further command has nothing left to do.
    const again = await cli(['runs', '--json'], { cwd: dir, env: s3.env });
    expect(again.stderr).toBe('');
    expect(proxy.seen.filter((x) => x.startsWith('DELETE '))).toHaveLength(1);
  });

  it('says which object is missing', async () => {
    const dir = await scratch();
    const r = await cli(['clean', `s3://${s3.bucket}/in/nope.csv`, '--out', join(dir, 'x.csv')], { cwd: dir, env: s3.env });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/cannot download s3:\/\/.*\/in\/nope\.csv/);
  });
});
