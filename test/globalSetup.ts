/** Builds the CLI once before the suite, so end-to-end tests run the real `data-sanitizer` binary. */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
