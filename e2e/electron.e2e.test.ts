/** Desktop end to end: the same scenario in the real Electron app; skips, saying why, where the Electron binary is not installed. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messyCustomers } from './sample.js';
import { runScenario } from './scenario.js';

const ROOT = join(import.meta.dirname, '..');

/**
 * Finds the binary the way the electron package does (path.txt → dist/…) but never requires the
 * package: its index.js starts a download when the binary is missing.
 */
function electronBinary(): { path: string | null; why: string } {
  if (process.env['ELECTRON_EXEC_PATH']) {
    const p = process.env['ELECTRON_EXEC_PATH'];
    return existsSync(p) ? { path: p, why: '' } : { path: null, why: `ELECTRON_EXEC_PATH ${p} does not exist` };
  }
  const pkg = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { path: null, why: 'the Electron binary is not installed (node_modules/electron/path.txt is missing)' };
  const p = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? { path: p, why: '' } : { path: null, why: `the Electron binary is not at ${p}` };
}

const electron = electronBinary();
if (!electron.path) {
  process.stderr.write(`electron.e2e: SKIPPED — ${electron.why}. Install it where downloads are allowed (\`npx install-electron\`), or point ELECTRON_EXEC_PATH at an Electron binary.\n`);
}

describe('desktop app', () => {
  it.skipIf(!electron.path)(`runs the analyst scenario in Electron${electron.path ? '' : ` (skipped: ${electron.why})`}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-electron-'));
    for (const d of ['home', 'out', 'export']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'customers.csv'), messyCustomers(400));
    const app = await _electron.launch({
      executablePath: electron.path!,
      args: [join(ROOT, 'out', 'main', 'index.js'), '--no-sandbox', '--disable-gpu'],
      env: { ...process.env, DATA_SANITIZER_HOME: join(dir, 'home'), ELECTRON_RENDERER_URL: '' } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      await page.setViewportSize({ width: 1280, height: 800 });
      // The page sees the bridge, never Node.
      expect(await page.evaluate('typeof window.api')).toBe('object');
      expect(await page.evaluate('typeof require')).toBe('undefined');
      const result = await runScenario(page, {
        csv: join(dir, 'customers.csv'), outDir: join(dir, 'out'), exportDir: join(dir, 'export'), shots: join(ROOT, 'test-results', 'e2e-electron'),
      });
      const exported = readdirSync(join(dir, 'export')).sort();
      expect([...result.exported].sort()).toEqual(exported);
      expect(exported).toEqual(expect.arrayContaining(['customers.cleaned.parquet', 'customers.cleaned.report.html']));
      expect(result.decisions).toHaveLength(4);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
