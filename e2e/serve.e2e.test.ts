/** Browser end to end: the built UI served by `startServer`, driven in Debian Chromium, fresh data folder per test. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/main/server/index.js';
import { messyCustomers } from './sample.js';
import { runScenario } from './scenario.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..');
const SHOTS = join(ROOT, 'test-results', 'e2e-serve');

let browser: Browser;

beforeAll(async () => {
  // Screenshots of this run only: a stale one from an earlier scenario would be looked at by mistake.
  rmSync(SHOTS, { recursive: true, force: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function countParquetRows(path: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const r = await c.runAndReadAll(`SELECT count(*) FROM read_parquet('${path.replaceAll("'", "''")}')`);
    return Number(r.getRowsJS()[0]![0]);
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

describe('served UI', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ds-e2e-'));
    for (const d of ['data', 'out', 'export']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'customers.csv'), messyCustomers(400));
    server = await startServer({ dataDir: join(dir, 'data'), port: 0, staticDir: join(ROOT, 'out', 'renderer'), log: () => undefined });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens, profiles, edits the plan, cleans, shows the diff and audit, exports', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    try {
      await page.goto(`${server.url}/?token=${encodeURIComponent(server.token)}`);
      // The token moves to sessionStorage; the address bar no longer shows it.
      await page.waitForFunction("!window.location.search.includes('token')");
      const result = await runScenario(page, {
        csv: join(dir, 'customers.csv'), outDir: join(dir, 'out'), exportDir: join(dir, 'export'), shots: SHOTS,
      });
      expect(result.screenshots.length).toBe(11);
      for (const s of result.screenshots) expect(existsSync(s)).toBe(true);

      const exported = readdirSync(join(dir, 'export')).sort();
      expect(result.exportedCount).toBe(exported.length);
      expect(exported).toContain('customers.cleaned.parquet');
      expect(exported).toContain('customers.cleaned.audit.jsonl');
      expect(exported).toContain('customers.cleaned.report.html');
      const runs = await server.api.handlers['runs.list']({ limit: 2 });
      const report = await server.api.handlers['run.report']({ runId: runs[0]!.id });
      expect(report.rows.in).toBe(400);
      expect(report.rows.duplicates).toBeGreaterThan(0);
      // The split decision made on the Duplicates screen ran: one duplicate fewer, recorded as applied.
      expect(report.duplicates.decisions).toEqual([expect.objectContaining({ kind: 'split', rows: [result.splitRow], status: 'applied' })]);
      // (The first run's files were replaced by the second, so its count comes from the catalog.)
      expect(report.rows.duplicates).toBe(runs[1]!.duplicates! - 1);
      const html = readFileSync(join(dir, 'export', 'customers.cleaned.report.html'), 'utf8');
      expect(html).toContain(`${report.rows.in} = ${report.rows.out} + ${report.rows.duplicates} + ${report.rows.quarantined}`);
      expect(html).toContain(runs[0]!.artifacts['auditHead']!);
      expect(await countParquetRows(join(dir, 'export', 'customers.cleaned.parquet'))).toBe(report.rows.out);
      // The edited plan is the one that ran: the operation switched off in the UI did not run.
      expect(result.disabled.op).toMatch(/^core\//);
      expect(report.operations.some((o) => o.op === result.disabled.op && o.column === result.disabled.column)).toBe(false);
      expect(report.operations.length).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('asks for the token when the page is opened without one, and refuses a wrong one', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/`);
      await page.getByLabel('Access token').fill('wrong-token-wrong-token');
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.getByText('The server refused the token.').waitFor();
      await page.getByLabel('Access token').fill(server.token);
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.getByRole('heading', { name: 'Open a table' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
