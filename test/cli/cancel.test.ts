/** Ctrl-C mid-run: exit 130, no output under its final name, no temp files, the catalog says cancelled. */
import { createWriteStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from './helpers.js';

async function bigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('id,name,city,amount\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += `${i},Person ${i % 9973},City ${i % 101},${(i * 7919) % 100000}.5\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}

describe('cancellation', () => {
  it('SIGINT leaves no partial output and records the run as cancelled', async () => {
    const d = await scratch();
    await bigCsv(join(d, 'big.csv'), 1_500_000);
    let pid = 0;
    const run = cli(['clean', 'big.csv', '--out', 'out.parquet', '--quiet', '--store', 'cat.db'], { cwd: d, onSpawn: (p) => { pid = p; } });
    // Wait until the CLI has opened its catalog (its Ctrl-C handler is installed by then), then let the run get going.
    const started = Date.now();
    while (!existsSync(join(d, 'cat.db')) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(pid, 'SIGINT');
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/cancel/);
    const files = await readdir(d);
    expect(files.filter((f) => f.startsWith('out') || f.includes('.tmp'))).toEqual([]);
    const runs = await cli(['runs', '--store', 'cat.db', '--json'], { cwd: d });
    expect((JSON.parse(runs.stdout) as { status: string }[])[0]!.status).toBe('cancelled');
  });
});
