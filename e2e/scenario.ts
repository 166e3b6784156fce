/**
 * The analyst's path through the UI, shared by the browser and Electron specs: settings → open → preview → profile (and
 * its click-through to rows) → edit the plan (alias table, a switched-off operation) → run → diff with provenance →
 * review duplicates (split, survivor, reject, accept) → run again with the decisions → audit → export → recent runs.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface ScenarioPaths {
  csv: string;
  outDir: string;
  exportDir: string;
  /** Folder for screenshots. */
  shots: string;
  /**
   * How the file is opened: its path typed in, or dropped on the Open screen (the served UI uploads a dropped file).
   * @default 'path'
   */
  open?: 'path' | 'drop';
}

export interface ScenarioResult {
  screenshots: string[];
  /** Files the UI reported copied by the export. */
  exported: string[];
  /** The operation the scenario switched off in the plan editor. */
  disabled: { op: string; column: string };
  /** Review decisions made on the Duplicates screen, in the order they were made. */
  decisions: { kind: 'split' | 'survivor' | 'reject' | 'accept'; rows: number[] }[];
}

/** Artifacts the scenario leaves out of the export (the rest are copied). */
export const NOT_EXPORTED = ['Duplicate clusters (CSV)', 'Quarantined rows'];

/** A 1280×800 screenshot of what the analyst sees (the viewport, not the whole page). */
async function shot(page: Page, p: ScenarioPaths, name: string, list: string[]): Promise<void> {
  const file = join(p.shots, `${String(list.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  list.push(file);
}

/** The row numbers in a duplicate cluster's member headers ("Row 12"), survivor first. */
async function memberRows(cluster: Locator): Promise<number[]> {
  const heads = await cluster.locator('.member-title > span:first-child').allTextContents();
  return heads.map((t) => Number(/Row (\d+)/.exec(t)?.[1]));
}

export async function runScenario(page: Page, p: ScenarioPaths): Promise<ScenarioResult> {
  mkdirSync(p.shots, { recursive: true });
  // Profile and clean jobs run on the server; on a machine shared with other work they can take longer than
  // Playwright's 30 s default to show up. Waiting longer changes nothing about what is checked.
  page.setDefaultTimeout(90_000);
  const shots: string[] = [];
  const main = page.getByRole('main');
  const nav = page.getByRole('navigation', { name: 'Steps' });

  // Settings first: one worker thread and a default output folder, which the Run screen then offers.
  await main.getByRole('heading', { name: 'Open a table' }).waitFor();
  await nav.getByRole('button', { name: 'Settings' }).click();
  await main.getByLabel('Default output folder (empty: beside the input)').fill(p.outDir);
  await main.getByLabel('Worker threads (empty: one per core)').fill('1');
  await main.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  await shot(page, p, 'settings', shots);
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // Open
  await nav.getByRole('button', { name: 'Open' }).click();
  await main.getByRole('heading', { name: 'Open a table' }).waitFor();
  if (p.open === 'drop') {
    // What a drag from the file manager delivers: a File in the drop's DataTransfer.
    const text = readFileSync(p.csv, 'utf8');
    // (A string: this file is type-checked without the DOM library.)
    const transfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(basename(p.csv))}, { type: 'text/csv' }));
      return dt;
    })()`);
    await shot(page, p, 'open', shots);
    await main.getByRole('region', { name: 'Drop a file here to open it' }).dispatchEvent('drop', { dataTransfer: transfer });
  } else {
    await main.getByLabel('File path').fill(p.csv);
    await shot(page, p, 'open', shots);
    await main.getByRole('button', { name: 'Open', exact: true }).click();
  }

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

  // Plan: rename a canonical value in the alias table, then switch the last operation off.
  await main.getByRole('button', { name: /Review plan/ }).click();
  await main.getByRole('heading', { name: 'Plan' }).waitFor();
  const aliases = main.getByRole('table', { name: 'Alias table for city' });
  const bostonCanonical = aliases.getByRole('textbox', { name: 'Canonical city value boston' });
  await bostonCanonical.fill('Boston');
  await bostonCanonical.press('Enter');
  // 'boston' is now a variant of 'Boston' (the profile had picked the lower-case spelling as canonical).
  await aliases.getByRole('textbox', { name: 'Canonical city value Boston' }).waitFor();
  await aliases.getByRole('button', { name: 'Keep boston as written' }).waitFor();
  const ops = main.getByRole('list', { name: 'Operations in order' }).getByRole('listitem').filter({ has: page.locator('.op-main') });
  const count = await ops.count();
  expect(count).toBeGreaterThan(3);
  const last = ops.nth(count - 1);
  const disabled = { op: (await last.locator('.op-name').textContent()) ?? '', column: (await last.locator('.op-column').textContent()) ?? '' };
  await last.getByRole('checkbox', { name: /^Enable / }).uncheck();
  await main.getByText(`${count - 1} of ${count} operations enabled`).waitFor();
  await main.getByText(/· valid$/).waitFor();
  await main.getByRole('heading', { name: 'Plan' }).scrollIntoViewIfNeeded();
  await shot(page, p, 'plan', shots);

  // Run
  await main.getByRole('button', { name: 'Continue to run' }).click();
  await main.getByRole('heading', { name: 'Run', exact: true }).waitFor();
  // The default output folder from Settings.
  expect(await main.getByLabel('Output folder').inputValue()).toBe(p.outDir);
  await main.getByRole('button', { name: 'Start clean' }).click();
  await main.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 120_000 });
  await main.getByRole('group', { name: 'Row counts' }).waitFor();
  await main.getByText(/in = out \+ duplicates \+ quarantined/).waitFor();
  await shot(page, p, 'run', shots);

  // Diff: filtered to the alias operation on city, a changed cell shows its provenance (the renamed canonical value).
  await main.getByRole('button', { name: 'Review changes' }).click();
  await main.getByRole('heading', { name: 'Changes' }).waitFor();
  await main.getByLabel('Column').selectOption('city');
  const aliasOption = await main.getByLabel('Operation').locator('option', { hasText: 'core/alias' }).getAttribute('value');
  await main.getByLabel('Operation').selectOption(aliasOption!);
  const cell = main.getByRole('button', { name: /^city, cleaned: Boston/ }).first();
  await cell.waitFor();
  await cell.click();
  const panel = main.getByRole('complementary');
  await panel.getByText('core/alias').waitFor();
  await panel.getByText('boston', { exact: true }).waitFor();
  await shot(page, p, 'diff', shots);

  // Duplicates: ranked least confident first; one decision of each kind on the first four clusters.
  await nav.getByRole('button', { name: 'Duplicates' }).click();
  await main.getByRole('heading', { name: 'Duplicates', exact: true }).waitFor();
  const clusters = main.getByRole('article');
  await clusters.first().getByRole('heading', { name: /^Cluster / }).waitFor();
  // The least confident cluster is a near duplicate: a differing field, with its similarity.
  expect(await clusters.first().locator('.cell-differs').count()).toBeGreaterThan(0);
  await clusters.first().locator('.cell-sim').first().waitFor();
  await shot(page, p, 'duplicates', shots);
  const decisions: ScenarioResult['decisions'] = [];
  const [a1 = 0, b1 = 0] = await memberRows(clusters.nth(0));
  await clusters.nth(0).getByRole('button', { name: `Split row ${b1} out of cluster`, exact: false }).click();
  decisions.push({ kind: 'split', rows: [b1] });
  const [, b2 = 0] = await memberRows(clusters.nth(1));
  await clusters.nth(1).getByRole('button', { name: new RegExp(`^Keep row ${b2} instead of row \\d+$`) }).click();
  decisions.push({ kind: 'survivor', rows: [b2] });
  const [a3 = 0, b3 = 0] = await memberRows(clusters.nth(2));
  await clusters.nth(2).getByRole('button', { name: `Row ${b3} is not the same as row ${a3}` }).click();
  decisions.push({ kind: 'reject', rows: [a3, b3] });
  const [a4 = 0, b4 = 0] = await memberRows(clusters.nth(3));
  await clusters.nth(3).getByRole('button', { name: /^Confirm cluster / }).click();
  decisions.push({ kind: 'accept', rows: [a4, b4] });
  expect(a1).toBeGreaterThan(0);
  const review = main.getByRole('region', { name: 'Review decisions in the plan' });
  await review.getByText('4 review decisions').waitFor();
  await review.getByText(`row ${b1} is unique`).waitFor();
  await review.getByText(`row ${b2} is kept as its cluster's survivor`).waitFor();
  await review.getByText(`rows ${a3} and ${b3} are different records`).waitFor();
  await review.getByText(`rows ${a4} and ${b4} are the same record`).waitFor();
  await shot(page, p, 'duplicates-decided', shots);

  // The decisions are in the plan.
  await nav.getByRole('button', { name: 'Plan' }).click();
  await main.getByText(/4 review decisions/).waitFor();

  // Run again with the decisions in the plan.
  await nav.getByRole('button', { name: 'Duplicates' }).click();
  await review.getByRole('button', { name: 'Run again…' }).click();
  await main.getByRole('heading', { name: 'Run', exact: true }).waitFor();
  await main.getByRole('button', { name: 'New run' }).click();
  await main.getByLabel('Replace existing outputs').check();
  await main.getByRole('button', { name: 'Start clean' }).click();
  await main.getByRole('heading', { name: 'Finished' }).waitFor({ timeout: 120_000 });
  await main.getByText(/in = out \+ duplicates \+ quarantined/).waitFor();

  // Audit: the chain verifies, and the four decisions are logged.
  await nav.getByRole('button', { name: 'Audit log' }).click();
  await main.getByText(/Chain intact/).waitFor();
  await main.getByLabel('Event').selectOption('dedupe.decision');
  await main.getByText('4 dedupe.decision entries of this run').waitFor();
  await shot(page, p, 'audit', shots);

  // Export the cleaned Parquet, the HTML report and the rest, leaving two artifacts out.
  await nav.getByRole('button', { name: 'Run', exact: true }).click();
  const exportPanel = main.getByRole('region', { name: 'Export' });
  for (const label of NOT_EXPORTED) await exportPanel.getByLabel(label).uncheck();
  await exportPanel.getByLabel('Export folder').fill(p.exportDir);
  await exportPanel.getByRole('button', { name: 'Export', exact: true }).click();
  await exportPanel.getByText(/^Copied \d+ files to /).waitFor();
  const exported = await exportPanel.getByRole('list', { name: 'Exported files' }).getByRole('listitem').allTextContents();
  await exportPanel.scrollIntoViewIfNeeded();
  await shot(page, p, 'export', shots);

  // Open again: the file and both runs are listed.
  await nav.getByRole('button', { name: 'Open' }).click();
  await main.getByRole('heading', { name: 'Recent runs' }).waitFor();
  expect(await main.getByRole('button', { name: /^Open run of customers\.csv/ }).count()).toBe(2);
  await main.getByRole('button', { name: 'customers.csv', exact: true }).waitFor();
  await shot(page, p, 'open-recent', shots);

  // Settings: force the dark theme to see it.
  await nav.getByRole('button', { name: 'Settings' }).click();
  await main.getByLabel('Theme').selectOption('dark');
  await main.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved.').waitFor();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await nav.getByRole('button', { name: 'Changes' }).click();
  await main.getByRole('heading', { name: 'Changes' }).waitFor();
  await main.getByRole('button', { name: /, cleaned: / }).first().waitFor();
  await shot(page, p, 'diff-dark', shots);

  return { screenshots: shots, exported, disabled, decisions };
}
