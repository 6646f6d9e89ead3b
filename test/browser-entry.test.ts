import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the browser entry', () => {
  it('bundles for the browser with no Node built-in reachable, no clock read and no eval', async () => {
    const result = await build({
      entryPoints: [new URL('../src/browser.ts', import.meta.url).pathname],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || /\/src\/(cli|node)\//.test(i) || i.endsWith('/src/node.ts'))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports.filter((p) => p.startsWith('node:') || ['fs', 'path', 'os', 'child_process'].includes(p))).toEqual([]);
    expect(inputs.some((i) => i.includes('json-rules-engine'))).toBe(false);
    // The library's own code never reads the clock, draws random numbers or builds code from strings.
    const own = inputs.filter((i) => i.startsWith('src/'));
    expect(own.length).toBeGreaterThan(10);
    for (const file of own) {
      const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random\(|\beval\(|new Function\(/);
    }
  });
});
