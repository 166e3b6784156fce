// Builds the CLI (and engine workers) into out/cli with esbuild; dependencies stay external.
import { build } from 'esbuild';

await build({
  entryPoints: { index: 'src/main/cli/index.ts' },
  outdir: 'out/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
