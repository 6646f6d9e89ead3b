import { defineConfig } from 'vite';

// The example page: `npm run caseworker` (development server) or `npm run caseworker:build` (static files).
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, cssMinify: false },
  // The DSFR stylesheet keeps old-browser hacks that the CSS minifier refuses: shipped as published (already minified).
  server: { host: '127.0.0.1' },
});
