/** `clean --report-html` and `report <report.json> --html` through the built CLI, on the bundled sample; a Chromium screenshot is kept. */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/shared/report.js';
import { cli, ROOT, scratch } from './helpers.js';

const SAMPLE = join(ROOT, 'resources', 'samples', 'customers.csv');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results', 'report-html');

let dir = '';
let report: Report;

beforeAll(async () => {
  dir = await scratch('ds-report-html-');
  const r = await cli(['clean', SAMPLE, '--out', join(dir, 'customers.cleaned.parquet'), '--plan-out', join(dir, 'customers.plan.json'),
    '--report-html', join(dir, 'customers.report.html'), '--quiet', '--store', join(dir, 'cat.db')], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  report = JSON.parse(await readFile(join(dir, 'customers.cleaned.report.json'), 'utf8')) as Report;
});

describe('HTML audit report from the CLI', () => {
  it('clean --report-html writes the report and lists it among the outputs', async () => {
    const html = await readFile(join(dir, 'customers.report.html'), 'utf8');
    expect(report.outputs['reportHtml']).toBe(join(dir, 'customers.report.html'));
    const { rows } = report;
    expect(html).toContain(`in = out + duplicates + quarantined — ${rows.in.toLocaleString('en-US')} = ${rows.out.toLocaleString('en-US')} + ${rows.duplicates.toLocaleString('en-US')} + ${rows.quarantined}`);
    for (const c of report.columns) expect(html).toContain(`<h3>${c.name}</h3>`);
    const audit = (await readFile(join(dir, 'customers.cleaned.audit.jsonl'), 'utf8')).trimEnd().split('\n');
    const head = (JSON.parse(audit[audit.length - 1]!) as { hash: string }).hash;
    expect(html).toContain(head);
    expect(html).toContain(report.input.sha256);
  });

  it('refuses to overwrite an existing HTML report without --force', async () => {
    const again = await cli(['clean', SAMPLE, '--out', join(dir, 'second.parquet'), '--report-html', join(dir, 'customers.report.html'), '--quiet', '--store', join(dir, 'cat.db')], { cwd: dir });
    expect(again.code).toBe(73);
    expect(again.stderr).toMatch(/customers\.report\.html exists/);
    expect(existsSync(join(dir, 'second.parquet'))).toBe(false);
  });

  it('report --html renders an existing report.json the same way', async () => {
    const out = join(dir, 'rendered.html');
    const r = await cli(['report', join(dir, 'customers.cleaned.report.json'), '--html', out], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`report of run ${report.runId} written to ${out}`);
    const fromClean = await readFile(join(dir, 'customers.report.html'), 'utf8');
    // Rendering later adds only the verification note; everything else is identical.
    expect((await readFile(out, 'utf8')).replace(' <span class="invariant ok">(chain verified)</span>', '')).toBe(fromClean);

    const exists = await cli(['report', join(dir, 'customers.cleaned.report.json'), '--html', out], { cwd: dir });
    expect(exists.code).toBe(73);
    expect((await cli(['report', join(dir, 'customers.cleaned.report.json'), '--html', out, '--force'], { cwd: dir })).code).toBe(0);

    await writeFile(join(dir, 'not-a-report.json'), '{"hello": "world"}');
    const bad = await cli(['report', join(dir, 'not-a-report.json'), '--html', join(dir, 'x.html')], { cwd: dir });
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/not a Data Sanitizer report/);
    const missing = await cli(['report', join(dir, 'nope.json'), '--html', join(dir, 'x.html')], { cwd: dir });
    expect(missing.code).toBe(66);
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in Chromium (screenshot kept in test-results/report-html)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`file://${join(dir, 'customers.report.html')}`);
      expect(await page.getByRole('heading', { name: 'Data cleaning audit report' }).count()).toBe(1);
      expect(await page.locator('.col').count()).toBe(report.columns.length);
      await page.screenshot({ path: join(SHOTS, 'customers-top.png') });
      await page.screenshot({ path: join(SHOTS, 'customers-full.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(SHOTS, 'customers-print.png') });
    } finally {
      await browser.close();
    }
  });
});
