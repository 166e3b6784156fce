/**
 * The analyst's path through the UI, shared by the browser and Electron specs: open → preview → profile (and its
 * click-through to rows) → edit plan → run → diff → review a duplicate cluster → run again with the decision → audit → export.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface ScenarioPaths {
  csv: string;
  outDir: string;
  exportDir: string;
  /** Folder for screenshots. */
  shots: string;
}

export interface ScenarioResult {
  screenshots: string[];
  /** Files the UI reported copied by the export. */
  exportedCount: number;
  /** The operation the scenario switched off in the plan editor. */
  disabled: { op: string; column: string };
  /** The row the scenario split out of its duplicate cluster before running again. */
  splitRow: number;
}

async function shot(page: Page, p: ScenarioPaths, name: string, list: string[]): Promise<void> {
  const file = join(p.shots, `${String(list.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  list.push(file);
}

export async function runScenario(page: Page, p: ScenarioPaths): Promise<ScenarioResult> {
  mkdirSync(p.shots, { recursive: true });
  const shots: string[] = [];
  const main = page.getByRole('main');
  const nav = page.getByRole('navigation', { name: 'Steps' });

  // Open
  await main.getByRole('heading', { name: 'Open a table' }).waitFor();
  await main.getByLabel('File path').fill(p.csv);
  await shot(page, p, 'open', shots);
  await main.getByRole('button', { name: 'Open', exact: true }).click();

  // Preview: the grid pages rows in from the server.
  await main.getByRole('heading', { name: 'Preview' }).waitFor();
  await main.getByRole('grid').getByRole('row').nth(1).getByRole('gridcell').first().waitFor();
  expect(await main.getByRole('columnheader', { name: /email/ }).count()).toBe(1);
  await main.getByRole('grid').evaluate((el) => el.scrollTo(0, 26 * 150));
  await main.getByRole('rowheader', { name: '160', exact: true }).waitFor();
  await shot(page, p, 'preview', shots);

  // Profile
  await main.getByRole('button', { name: 'Profile this file' }).click();
  await main.getByRole('heading', { name: 'Profile', exact: true }).waitFor();
  await main.getByRole('button', { name: 'Profile', exact: true }).click();
  await main.getByRole('article', { name: 'amount' }).waitFor();
  expect(await main.getByRole('article').count()).toBe(6);
  await shot(page, p, 'profile', shots);

  // Click-through: a top value of a column opens Preview on exactly those rows.
  const cityCard = main.getByRole('article', { name: 'city' });
  const chicago = cityCard.getByRole('button', { name: /^Show rows where city is Chicago \(/ });
  const expected = Number(/\(([\d,]+)/.exec((await chicago.getAttribute('aria-label')) ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
  await chicago.click();
  await main.getByRole('heading', { name: 'Preview' }).waitFor();
  const status = main.getByRole('status').filter({ hasText: /rows where city/ });
  await status.getByText(`${expected} rows`).waitFor();
  const grid = main.getByRole('grid');
  await grid.getByRole('row').nth(1).getByRole('gridcell').first().waitFor();
  const cities = await grid.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => r.querySelectorAll('[role=gridcell]')[3]?.textContent ?? ''));
  expect(cities.length).toBeGreaterThan(0);
  expect(new Set(cities)).toEqual(new Set(['Chicago']));
  await shot(page, p, 'preview-filtered', shots);
  await main.getByRole('button', { name: 'Back to profile' }).click();
  await main.getByRole('article', { name: 'amount' }).waitFor();

  // Plan: disable the last operation, so the run uses an edited plan.
  await main.getByRole('button', { name: /Review plan/ }).click();
  await main.getByRole('heading', { name: 'Plan' }).waitFor();
  const ops = main.getByRole('list', { name: 'Operations in order' }).getByRole('listitem');
  const count = await ops.count();
  expect(count).toBeGreaterThan(1);
  const last = ops.nth(count - 1);
  const disabled = { op: (await last.locator('.op-name').textContent()) ?? '', column: (await last.locator('.op-column').textContent()) ?? '' };
  const lastToggle = last.getByRole('checkbox').first();
  await lastToggle.uncheck();
  await main.getByText(`${count - 1} of ${count} operations enabled`).waitFor();
  await shot(page, p, 'plan', shots);

  // Run
  await main.getByRole('button', { name: 'Continue to run' }).click();
  await main.getByRole('heading', { name: 'Run', exact: true }).waitFor();
  await main.getByLabel('Output folder').fill(p.outDir);
  await main.getByRole('button', { name: 'Start clean' }).click();
  await main.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 120_000 });
  await main.getByRole('group', { name: 'Row counts' }).waitFor();
  await main.getByText(/in = out \+ duplicates \+ quarantined/).waitFor();
  await shot(page, p, 'run', shots);

  // Diff: a changed name cell shows its provenance (core/trim).
  await main.getByRole('button', { name: 'Review changes' }).click();
  await main.getByRole('heading', { name: 'Changes' }).waitFor();
  await main.getByLabel('Column').selectOption('name');
  const cell = main.getByRole('button', { name: /^name, cleaned: / }).first();
  await cell.waitFor();
  await cell.click();
  const panel = main.getByRole('complementary');
  await panel.getByText('core/trim').waitFor();
  await shot(page, p, 'diff', shots);

  // Duplicates: clusters side by side; split a member out, which goes into the plan.
  await nav.getByRole('button', { name: 'Duplicates' }).click();
  await main.getByRole('heading', { name: 'Duplicates', exact: true }).waitFor();
  const cluster = main.getByRole('article').first();
  await cluster.getByRole('heading', { name: /^Cluster / }).waitFor();
  expect(await cluster.locator('.cell-differs').count()).toBeGreaterThan(0);
  await shot(page, p, 'duplicates', shots);
  const split = cluster.getByRole('button', { name: /^Split row \d+ out of cluster/ }).first();
  const splitRow = Number(/Split row (\d+)/.exec((await split.getAttribute('aria-label')) ?? '')?.[1]);
  await split.click();
  const decisions = main.getByRole('region', { name: 'Review decisions in the plan' });
  await decisions.getByText('1 review decision').waitFor();
  await decisions.getByText(`row ${splitRow} is unique`).waitFor();
  await shot(page, p, 'duplicates-decided', shots);

  // Run again with the decision in the plan.
  await decisions.getByRole('button', { name: 'Run again…' }).click();
  await main.getByRole('heading', { name: 'Run', exact: true }).waitFor();
  await main.getByRole('button', { name: 'New run' }).click();
  await main.getByLabel('Output folder').fill(p.outDir);
  await main.getByLabel('Replace existing outputs').check();
  await main.getByRole('button', { name: 'Start clean' }).click();
  await main.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 120_000 });
  await main.getByText(/in = out \+ duplicates \+ quarantined/).waitFor();

  // Audit
  await nav.getByRole('button', { name: 'Audit log' }).click();
  await main.getByText(/Chain intact/).waitFor();
  await shot(page, p, 'audit', shots);

  // Export every artifact.
  await nav.getByRole('button', { name: 'Run', exact: true }).click();
  await main.getByLabel('Export folder').fill(p.exportDir);
  await main.getByRole('button', { name: 'Export', exact: true }).click();
  const done = main.getByText(/^Copied \d+ files to /);
  await done.waitFor();
  const exportedCount = Number(/Copied (\d+)/.exec((await done.textContent()) ?? '')?.[1] ?? 0);

  // Settings: force the dark theme to see it.
  await nav.getByRole('button', { name: 'Settings' }).click();
  await main.getByLabel('Theme').selectOption('dark');
  await main.getByRole('button', { name: 'Save settings' }).click();
  await main.getByText('Settings saved.').waitFor();
  await nav.getByRole('button', { name: 'Changes' }).click();
  await main.getByRole('heading', { name: 'Changes' }).waitFor();
  await main.getByRole('button', { name: /, cleaned: / }).first().waitFor();
  await shot(page, p, 'diff-dark', shots);

  return { screenshots: shots, exportedCount, disabled, splitRow };
}
