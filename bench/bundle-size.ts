/**
 * The size of what a browser downloads: the browser entry with its bundled catalog and dependencies,
 * minified, then gzip-compressed. Target: under 100 kB gzip. Run with `npm run bench:bundle`.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const result = await build({
  entryPoints: [new URL('../src/browser.ts', import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  metafile: true,
  logLevel: 'silent',
});
const code = result.outputFiles[0]?.contents ?? new Uint8Array();
const gz = gzipSync(code, { level: 9 });
const inputs = Object.entries(result.metafile.outputs)[0]?.[1].inputs ?? {};
const byPackage = new Map<string, number>();
for (const [path, info] of Object.entries(inputs)) {
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path);
  const key = m?.[1] ?? (path.includes('generated') ? 'catalogue (règles et paramètres)' : 'non-recours (code)');
  byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
}
console.log(`browser entry: ${(code.length / 1024).toFixed(1)} kB minified, ${(gz.length / 1024).toFixed(1)} kB gzip (target < 100 kB gzip) — ${gz.length < 100 * 1024 ? 'OK' : 'OVER'}`);
for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(36)} ${(v / 1024).toFixed(1)} kB minified`);
