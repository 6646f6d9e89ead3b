import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts', browser: 'src/browser.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: false,
    target: 'node20',
    platform: 'neutral',
    external: ['node:fs', 'node:path', 'node:url'],
  },
  {
    // The worker of `simulate --workers` is loaded by URL next to cli.js (src/simulate/worker.ts).
    entry: { cli: 'src/cli/main.ts', 'simulate-worker': 'src/simulate/worker.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
