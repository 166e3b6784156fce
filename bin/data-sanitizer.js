#!/usr/bin/env node
// Launcher for the built CLI (npm install runs `prepare`, which builds out/cli).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'index.js');
if (!existsSync(entry)) {
  process.stderr.write('data-sanitizer: the CLI is not built; run `npm install` (or `npm run build:cli`) in the project folder\n');
  process.exit(2);
}
await import(pathToFileURL(entry).href);
