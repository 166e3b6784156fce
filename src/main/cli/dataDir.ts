/** Where the CLI keeps its catalog when --store is not given. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['DATA_SANITIZER_HOME']) return env['DATA_SANITIZER_HOME'];
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'data-sanitizer');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'data-sanitizer');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'data-sanitizer');
}

export function defaultCatalogPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataDir(env), 'catalog.db');
}
