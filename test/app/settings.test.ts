/** Settings persist atomically as versioned JSON; bad or foreign values fall back to defaults instead of breaking startup. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, migrateSettings, SettingsStore } from '../../src/main/app/settings.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migrateSettings', () => {
  it('keeps valid fields and drops invalid ones', () => {
    expect(migrateSettings({ theme: 'dark', outputDir: '/data/out', workers: 4, recentFiles: ['/a.csv', 'relative.csv', 7] })).toEqual({
      version: 1, theme: 'dark', outputDir: '/data/out', workers: 4, recentFiles: ['/a.csv'],
    });
    expect(migrateSettings({ theme: 'neon', outputDir: 'rel', workers: 0 })).toEqual(defaultSettings());
    expect(migrateSettings('garbage')).toEqual(defaultSettings());
  });
});

describe('SettingsStore', () => {
  it('starts from defaults, persists changes and reloads them', async () => {
    const path = join(dir, 'sub', 'settings.json');
    const a = new SettingsStore(path);
    expect(await a.get()).toEqual(defaultSettings());
    await a.set({ theme: 'light', outputDir: '/tmp', workers: 2 });
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ version: 1, theme: 'light', outputDir: '/tmp', workers: 2 });
    const b = new SettingsStore(path);
    expect(await b.get()).toMatchObject({ theme: 'light', outputDir: '/tmp', workers: 2 });
    await b.set({ outputDir: null, workers: null });
    expect(await new SettingsStore(path).get()).toMatchObject({ theme: 'light', outputDir: null, workers: null });
  });

  it('rejects invalid patches', async () => {
    const s = new SettingsStore(join(dir, 'settings.json'));
    await expect(s.set({ workers: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(s.set({ outputDir: 'relative' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('keeps recent files newest first, unique and bounded, under concurrent updates', async () => {
    const s = new SettingsStore(join(dir, 'settings.json'));
    await Promise.all(Array.from({ length: 15 }, (_, i) => s.addRecent(`/f${i}.csv`)));
    await s.addRecent('/f3.csv');
    const r = (await new SettingsStore(join(dir, 'settings.json')).get()).recentFiles;
    expect(r[0]).toBe('/f3.csv');
    expect(r).toHaveLength(12);
    expect(new Set(r).size).toBe(12);
    expect(r[1]).toBe('/f14.csv');
  });

  it('survives a corrupt file', async () => {
    writeFileSync(join(dir, 'settings.json'), '{not json');
    expect(await new SettingsStore(join(dir, 'settings.json')).get()).toEqual(defaultSettings());
  });
});
