// Builds the CLI (and engine workers) into out/cli with esbuild; dependencies stay external.
import { build } from 'esbuild';

await build({
  // jobWorker: the app's job runner starts it in a worker thread beside index.js.
  // engineWorker: run/workers/pool.ts starts it for the segments of both passes.
  entryPoints: { index: 'src/main/cli/index.ts', jobWorker: 'src/main/app/jobWorker.ts', engineWorker: 'src/main/engine/run/workers/engineWorker.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
