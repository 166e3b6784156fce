/** The HTML report over a real clean of hostile input: escaping, invariant, every column, no external URLs, the chain head. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/report.js';
import { verifyAuditLog } from '../audit/auditLog.js';
import { cleanFile, type CleanResult } from '../run/clean.js';
import { readAuditHead } from './auditHead.js';
import { esc } from './format.js';
import { renderReportFile } from './fromFile.js';
import { renderReportHtml } from './html.js';

const HOSTILE_COL = '<script>alert("col")</script>';
const HOSTILE_VAL = '<img src=x onerror=alert(1)>';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

let dir: string;
let result: CleanResult;
let html: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ds-report-'));
  const quoted = `"${HOSTILE_COL.replaceAll('"', '""')}"`;
  const rows = [`id,${quoted},city`];
  for (let i = 1; i <= 30; i++) rows.push(`${i},${i % 3 === 0 ? HOSTILE_VAL : ` v${i % 4} `},${i % 2 ? 'new york' : 'New York'}`);
  rows.push('29, v1 ,new york');
  await writeFile(join(dir, 'in.csv'), rows.join('\n') + '\n');
  result = await cleanFile({
    input: join(dir, 'in.csv'), out: join(dir, 'out.csv'), dedupe: 'exact',
    artifacts: { planOut: join(dir, 'out.plan.json'), reportHtml: join(dir, 'out.report.html') },
  });
  html = await readFile(join(dir, 'out.report.html'), 'utf8');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderReportHtml', () => {
  it('escapes hostile column names and values', () => {
    expect(result.report.columns.map((c) => c.name)).toContain(HOSTILE_COL);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain(esc(HOSTILE_COL));
    // The hostile value is a top value of its column, so the chart shows it, escaped.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows the row invariant with the real counts', () => {
    const r = result.report.rows;
    // The proposed dedupe key leaves out the id column, so the repeated values collapse.
    expect(r).toEqual({ in: 31, out: 5, duplicates: 26, quarantined: 0 });
    expect(html).toContain('in = out + duplicates + quarantined — 31 = 5 + 26 + 0');
    expect(html).toContain('✓ Every row is accounted for');
    const broken: Report = { ...result.report, rows: { ...r, out: 29 }, invariantHolds: false };
    expect(renderReportHtml(broken, { auditHead: null })).toContain('✗ Row accounting does not add up');
  });

  it('has a card for every column and a row for every operation, with descriptions from the plan', () => {
    for (const c of result.report.columns) expect(html).toContain(`<h3>${esc(c.name)}</h3>`);
    expect((html.match(/<div class="col">/g) ?? []).length).toBe(result.report.columns.length);
    for (const o of result.report.operations) expect(html).toContain(`<div class="muted small mono">${esc(o.id)}</div>`);
    expect(html).toContain(esc(`Trim whitespace in ${JSON.stringify(HOSTILE_COL)}`));
    const trim = result.report.operations.find((o) => o.op === 'core/trim' && o.column === HOSTILE_COL)!;
    expect(html).toMatch(new RegExp(`${trim.id}</div></td><td>${esc(HOSTILE_COL).replace(/[()]/g, '\\$&')}</td>.*?<td class="num">${trim.changed}</td>`));
  });

  it('carries the fingerprints: input sha256, plan hash and the audit chain head', async () => {
    expect(html).toContain(result.report.input.sha256);
    expect(html).toContain(result.report.planHash);
    const verified = await verifyAuditLog(join(dir, 'out.audit.jsonl'));
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    expect(result.auditHead).toBe(verified.head);
    expect(await readAuditHead(join(dir, 'out.audit.jsonl'), result.runId)).toBe(verified.head);
    expect(html).toContain(verified.head);
    expect(result.report.outputs['reportHtml']).toBe(join(dir, 'out.report.html'));
  });

  it('references nothing outside the file and runs nothing', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<[^>]*\s(?:src|href|xlink:href|action)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/@media print/);
  });

  it('is deterministic', () => {
    const opts = { auditHead: result.auditHead, plan: result.plan };
    expect(renderReportHtml(result.report, opts)).toBe(renderReportHtml(result.report, opts));
  });

  it('never lets any column name or value out of its text context', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 40 }), (name, value) => {
      const base = result.report.columns[0]!;
      const col = { ...base.before, name, topValues: [{ value, count: 3 }], min: value, max: value };
      const report: Report = { ...result.report, columns: [{ name, before: col, after: col }] };
      const page = renderReportHtml(report, { auditHead: 'h'.repeat(64) });
      // Outside the stylesheet, every '<' starts a tag this renderer wrote.
      const body = page.slice(page.indexOf('</style>'));
      for (const m of body.matchAll(/<\/?([a-zA-Z0-9]+)/g)) {
        expect(['head', 'style', 'body', 'header', 'div', 'h1', 'h2', 'h3', 'p', 'span', 'br', 'main', 'section', 'b', 'i', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'svg', 'rect', 'g', 'title', 'text', 'ul', 'li', 'footer', 'html']).toContain(m[1]);
      }
    }), { numRuns: 200 });
  });

  it('renders from report.json alone, finding the plan and audit log', async () => {
    const r = await renderReportFile(join(dir, 'out.report.json'));
    expect(r.plan).toBe(join(dir, 'out.plan.json'));
    expect(r.audit).toBe(join(dir, 'out.audit.jsonl'));
    expect(r.html).toContain(result.auditHead);
    expect(r.html).toContain('(chain verified)');
    await writeFile(join(dir, 'junk.json'), '{"a":1}');
    await expect(renderReportFile(join(dir, 'junk.json'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(renderReportFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.skipIf(!existsSync(CHROMIUM))('parses in Chromium with no script, the hostile name as text, and prints', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${join(dir, 'out.report.html')}`);
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('.col h3').allTextContents()).toEqual(result.report.columns.map((c) => c.name));
      expect(await page.locator('svg').count()).toBeGreaterThan(result.report.columns.length);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  });
});
