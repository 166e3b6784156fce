/** electron-vite: main (ESM) and preload (CommonJS, as sandboxed preloads require) for Node; the React renderer for Chromium. */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/** The built page carries a strict CSP in a meta tag (file:// pages get no response headers); dev relies on the main process's header. */
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'",
].join('; ');

function cspMeta(): Plugin {
  return {
    name: 'data-sanitizer:csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // jobWorker runs profile and clean jobs in a worker thread (src/main/app/jobRunner.ts finds it beside index.js).
      lib: { entry: { index: resolve('src/main/index.ts'), jobWorker: resolve('src/main/app/jobWorker.ts') }, formats: ['es'] },
      outDir: 'out/main',
    },
  },
  preload: {
    build: {
      lib: { entry: resolve('src/preload/index.ts'), formats: ['cjs'] },
      outDir: 'out/preload',
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve('out/renderer'),
      target: 'chrome130',
      minify: true,
      rolldownOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
