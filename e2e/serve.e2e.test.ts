/** Browser end to end: the built UI served by `startServer`, driven in Debian Chromium, fresh data folder per test. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

/** Every screen the scenario photographs, in order. */
const SCREENS = ['settings', 'open', 'preview', 'profile', 'preview-filtered', 'plan', 'run', 'diff', 'duplicates', 'duplicates-decided', 'audit', 'export', 'open-recent', 'diff-dark'];

/** One aggregate over a Parquet file, read with DuckDB. */
async function queryParquet(path: string, aggregate: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    const r = await c.runAndReadAll(`SELECT ${aggregate} FROM read_parquet('${path.replaceAll("'", "''")}')`);
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

  it('settings, open, profile, plan edits, clean, diff provenance, duplicate review, audit, export: Parquet reads back', async () => {
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
        csv: join(dir, 'customers.csv'), outDir: join(dir, 'out'), exportDir: join(dir, 'export'), shots: SHOTS, open: 'drop',
      });
      expect(result.screenshots.map((f) => basename(f))).toEqual(SCREENS.map((n, i) => `${String(i + 1).padStart(2, '0')}-${n}.png`));
      for (const s of result.screenshots) expect(existsSync(s)).toBe(true);

      const runs = await server.api.handlers['runs.list']({ limit: 2 });
      const [second, first] = runs;
      const report = await server.api.handlers['run.report']({ runId: second!.id });
      expect(report.rows.in).toBe(400);
      // The dropped file was uploaded into the server's data folder and cleaned from there.
      expect(second!.input.startsWith(join(dir, 'data', 'uploads'))).toBe(true);
      expect(readFileSync(second!.input, 'utf8')).toBe(readFileSync(join(dir, 'customers.csv'), 'utf8'));
      expect(report.rows.in).toBe(report.rows.out + report.rows.duplicates + report.rows.quarantined);
      // Settings → worker threads reached the engine.
      expect(report.timings['workers']).toBe(1);

      // Exactly the chosen artifacts were copied, the Parquet and the HTML report among them.
      const exported = readdirSync(join(dir, 'export')).sort();
      expect([...result.exported].sort()).toEqual(exported);
      expect(exported).toEqual(expect.arrayContaining(['customers.cleaned.parquet', 'customers.cleaned.report.html', 'customers.cleaned.audit.jsonl', 'customers.cleaned.provenance.parquet']));
      expect(exported.some((f) => f.endsWith('.duplicates.csv') || f.endsWith('.quarantine.jsonl'))).toBe(false);

      // The four review decisions ran, in the report and in the exported audit log.
      const ran = report.duplicates.decisions ?? [];
      expect(ran.map((d) => ({ kind: d.kind, rows: d.rows }))).toEqual(expect.arrayContaining(result.decisions));
      expect(ran).toHaveLength(4);
      // Confirming rows that are already one cluster changes nothing; the other three change the clusters.
      expect(Object.fromEntries(ran.map((d) => [d.kind, d.status]))).toEqual({ split: 'applied', survivor: 'applied', reject: 'applied', accept: 'unchanged' });
      const audit = readFileSync(join(dir, 'export', 'customers.cleaned.audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const logged = audit.filter((e) => e['runId'] === second!.id && e['event'] === 'dedupe.decision').map((e) => ({ kind: e['kind'], rows: e['rows'] }));
      expect(logged).toEqual(expect.arrayContaining(result.decisions));
      expect(logged).toHaveLength(4);
      // Split and reject each keep a row that the first run removed; choosing a survivor or confirming removes no more.
      expect(report.rows.duplicates).toBe(first!.duplicates! - 2);

      const html = readFileSync(join(dir, 'export', 'customers.cleaned.report.html'), 'utf8');
      expect(html).toContain(`${report.rows.in} = ${report.rows.out} + ${report.rows.duplicates} + ${report.rows.quarantined}`);
      expect(html).toContain(second!.artifacts['auditHead']!);

      // The Parquet reads back with the expected rows, and the alias table's renamed canonical value is in it.
      const parquet = join(dir, 'export', 'customers.cleaned.parquet');
      expect(await queryParquet(parquet, 'count(*)')).toBe(report.rows.out);
      expect(await queryParquet(parquet, "count(*) FILTER (WHERE city = 'boston')")).toBe(0);
      expect(await queryParquet(parquet, "count(*) FILTER (WHERE city = 'Boston')")).toBeGreaterThan(0);

      // The edited plan is the one that ran: the operation switched off in the UI did not run.
      expect(result.disabled.op).toMatch(/^core\//);
      expect(report.operations.some((o) => o.op === result.disabled.op && o.column === result.disabled.column)).toBe(false);
      expect(report.operations.length).toBeGreaterThan(2);
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
