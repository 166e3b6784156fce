/** User settings persisted as versioned JSON in the data folder (theme, default output folder, workers, recent files). */
import { readFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import type { Settings, SettingsPatch, Theme } from '../../shared/api.js';
import { EngineError } from '../engine/errors.js';
import { atomicWriteFile } from '../engine/io/atomic.js';

export const SETTINGS_VERSION = 1;
const RECENT_MAX = 12;
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export function defaultSettings(): Settings {
  return { version: SETTINGS_VERSION, theme: 'system', outputDir: null, workers: null, recentFiles: [] };
}

/** Brings any earlier or hand-edited file to the current shape; unknown or invalid fields fall back to defaults. */
export function migrateSettings(raw: unknown): Settings {
  const s = defaultSettings();
  if (!raw || typeof raw !== 'object') return s;
  const o = raw as Record<string, unknown>;
  if (typeof o['theme'] === 'string' && (THEMES as readonly string[]).includes(o['theme'])) s.theme = o['theme'] as Theme;
  if (typeof o['outputDir'] === 'string' && isAbsolute(o['outputDir'])) s.outputDir = o['outputDir'];
  if (typeof o['workers'] === 'number' && Number.isInteger(o['workers']) && o['workers'] >= 1 && o['workers'] <= 256) s.workers = o['workers'];
  if (Array.isArray(o['recentFiles'])) s.recentFiles = o['recentFiles'].filter((f): f is string => typeof f === 'string' && isAbsolute(f)).slice(0, RECENT_MAX);
  return s;
}

export function validatePatch(patch: SettingsPatch): void {
  if (patch.theme !== undefined && !THEMES.includes(patch.theme)) throw new EngineError('INVALID_ARGUMENT', `theme must be one of ${THEMES.join(', ')}`);
  if (patch.outputDir !== undefined && patch.outputDir !== null && (typeof patch.outputDir !== 'string' || !isAbsolute(patch.outputDir))) {
    throw new EngineError('INVALID_ARGUMENT', 'outputDir must be an absolute path or null');
  }
  if (patch.workers !== undefined && patch.workers !== null && (!Number.isInteger(patch.workers) || patch.workers < 1 || patch.workers > 256)) {
    throw new EngineError('INVALID_ARGUMENT', 'workers must be a whole number from 1 to 256, or null for one per core');
  }
}

/** Reads once, then serves from memory; every change is written atomically. Writes are serialised. */
export class SettingsStore {
  private current: Settings | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  async get(): Promise<Settings> {
    if (this.current) return structuredClone(this.current);
    let raw: unknown = null;
    try {
      raw = JSON.parse(await readFile(this.path, 'utf8'));
    } catch (err) {
      // A missing file is the first start; a corrupt one is replaced by defaults rather than blocking the app.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) {
        throw new EngineError('IO_ERROR', `cannot read settings ${this.path}: ${(err as Error).message}`);
      }
    }
    this.current = migrateSettings(raw);
    return structuredClone(this.current);
  }

  async set(patch: SettingsPatch): Promise<Settings> {
    validatePatch(patch);
    return this.update((s) => {
      if (patch.theme !== undefined) s.theme = patch.theme;
      if (patch.outputDir !== undefined) s.outputDir = patch.outputDir;
      if (patch.workers !== undefined) s.workers = patch.workers;
    });
  }

  async addRecent(file: string): Promise<void> {
    await this.update((s) => {
      s.recentFiles = [file, ...s.recentFiles.filter((f) => f !== file)].slice(0, RECENT_MAX);
    });
  }

  private update(change: (s: Settings) => void): Promise<Settings> {
    const next = this.queue.then(async () => {
      const s = await this.get();
      change(s);
      mkdirSync(dirname(this.path), { recursive: true });
      await atomicWriteFile(this.path, JSON.stringify(s, null, 2) + '\n', { overwrite: true });
      this.current = s;
      return structuredClone(s);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
