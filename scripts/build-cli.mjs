// Builds the CLI (and engine workers) into out/cli with esbuild; dependencies stay external.
import { build } from 'esbuild';

await build({
  // jobWorker: the app's job runner starts it in a worker thread beside index.js.
  entryPoints: { index: 'src/main/cli/index.ts', jobWorker: 'src/main/app/jobWorker.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
