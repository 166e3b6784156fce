/** The audit log's hash chain: intact logs verify, any edit, deletion or reordering is caught. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog, GENESIS, verifyAuditLog } from '../../src/main/engine/audit/auditLog.js';

const fixedClock = (): Date => new Date('2026-01-01T00:00:00Z');

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function makeLog(n: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'audit-'));
  dirs.push(dir);
  const path = join(dir, 'audit.jsonl');
  const log = await AuditLog.open(path, 'run-1', fixedClock);
  for (let i = 0; i < n; i++) await log.append({ event: 'test', i });
  return path;
}

describe('audit log', () => {
  it('chains every entry to the previous line and verifies', async () => {
    const path = await makeLog(5);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0]!).prev).toBe(GENESIS);
    expect(JSON.parse(lines[1]!).prev).toBe(JSON.parse(lines[0]!).hash);
    const r = await verifyAuditLog(path);
    expect(r).toMatchObject({ ok: true, entries: 5 });
  });

  it('continues an existing log instead of restarting the chain', async () => {
    const path = await makeLog(2);
    const log = await AuditLog.open(path, 'run-2', fixedClock);
    const e = await log.append({ event: 'more' });
    expect(e.seq).toBe(3);
    expect(await verifyAuditLog(path)).toMatchObject({ ok: true, entries: 3 });
  });

  it.each([
    ['an edited value', (l: string[]) => { l[1] = l[1]!.replace('"i":1', '"i":9'); }, 2],
    ['a deleted entry', (l: string[]) => { l.splice(1, 1); }, 2],
    ['reordered entries', (l: string[]) => { const t = l[1]!; l[1] = l[2]!; l[2] = t; }, 2],
    ['a truncated tail line', (l: string[]) => { l[3] = l[3]!.slice(0, 10); }, 4],
    ['an edited last entry', (l: string[]) => { l[3] = l[3]!.replace('"i":3', '"i":7'); }, 4],
    ['a dropped hash', (l: string[]) => { l[2] = l[2]!.replace(/,"hash":"[0-9a-f]+"/, ''); }, 3],
  ])('detects %s', async (_name, mutate, badLine) => {
    const path = await makeLog(4);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    mutate(lines);
    await writeFile(path, lines.join('\n') + '\n');
    const r = await verifyAuditLog(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(badLine);
  });

  it('refuses to append to a tampered log', async () => {
    const path = await makeLog(3);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    lines.splice(0, 1);
    await writeFile(path, lines.join('\n') + '\n');
    await expect(AuditLog.open(path, 'run-3')).rejects.toMatchObject({ code: 'AUDIT_TAMPERED' });
  });
});
