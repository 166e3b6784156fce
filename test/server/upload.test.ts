/** PUT /api/upload: a browser's file lands in the data folder and opens by path; names, size and token are checked. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/server/index.js';

const CSV = 'id,name\n1,Alice\n2,Bob\n';
let dir: string;
let server: RunningServer;

async function upload(name: string | null, body: string, token = server.token): Promise<{ status: number; json: { path?: string; error?: { code: string; message: string } } }> {
  const q = name === null ? '' : `?name=${encodeURIComponent(name)}`;
  const res = await fetch(`${server.url}/api/upload${q}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' }, body });
  return { status: res.status, json: (await res.json()) as { path?: string; error?: { code: string; message: string } } };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ds-upload-'));
  server = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: null, log: () => undefined, maxUploadBytes: 1024, paths: { inputRoots: [join(dir, 'elsewhere')] } });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('upload', () => {
  it('stores the file under the data folder and opens it by the returned path, even with restricted input folders', async () => {
    const r = await upload('people.csv', CSV);
    expect(r.status).toBe(201);
    const path = r.json.path!;
    expect(path.startsWith(join(dir, 'data', 'uploads'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(CSV);
    // Only the final file is left: the partial was renamed.
    expect(readdirSync(dirname(path))).toEqual(['people.csv']);
    const info = await server.api.handlers['dataset.info']({ path });
    expect(info.rows).toBe(2);
    expect(info.columns.map((c) => c.name)).toEqual(['id', 'name']);
  });

  it('keeps two uploads of the same name apart', async () => {
    const a = await upload('same.csv', CSV);
    const b = await upload('same.csv', 'x\n1\n');
    expect(a.json.path).not.toBe(b.json.path);
    expect(readFileSync(a.json.path!, 'utf8')).toBe(CSV);
  });

  it('refuses names with folders, hidden names and non-table extensions', async () => {
    for (const bad of ['../escape.csv', 'a/b.csv', '.hidden.csv', '']) {
      const r = await upload(bad, CSV);
      expect(r.status, bad).toBe(400);
      expect(r.json.error?.code).toBe('INVALID_ARGUMENT');
    }
    expect((await upload(null, CSV)).status).toBe(400);
    const exe = await upload('run.sh', CSV);
    expect(exe.status).toBe(422);
    expect(exe.json.error?.code).toBe('UNSUPPORTED_FORMAT');
  });

  it('refuses a body over the limit and an empty one, leaving nothing behind', async () => {
    const before = readdirSync(join(dir, 'data', 'uploads')).length;
    const big = await upload('big.csv', 'x'.repeat(2048));
    expect(big.status).toBe(413);
    const empty = await upload('empty.csv', '');
    expect(empty.status).toBe(422);
    expect(readdirSync(join(dir, 'data', 'uploads')).length).toBe(before);
  });

  it('needs the token', async () => {
    const before = readdirSync(join(dir, 'data', 'uploads')).length;
    const r = await upload('people.csv', CSV, 'wrong-token-wrong-token');
    expect(r.status).toBe(401);
    expect(readdirSync(join(dir, 'data', 'uploads')).length).toBe(before);
  });
});
