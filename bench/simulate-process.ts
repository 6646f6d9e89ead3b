/**
 * Child processes for bench/simulate.bench.ts: one command timed from spawn to exit, with its peak
 * resident memory and CPU time (GNU time where it is installed, else the child's own
 * `process.resourceUsage()` written on exit by a preloaded module), and the bare reading pass that
 * `simulate` is compared with.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';
const MARK = 'NRBENCH';
const withTime = existsSync(TIME);

/** How peak memory is measured, for the report. */
export const RSS_SOURCE = withTime ? 'GNU time (%M)' : 'process.resourceUsage().maxRSS du fils';

// Without GNU time: the child writes its own peak RSS (kB) and CPU time (µs) when it exits.
const REPORTER = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\n${MARK} "+u.maxRSS+" "+(u.userCPUTime+u.systemCPUTime)/1e6+"\\n")})`;

/** One finished child: wall time (ms, spawn to exit), peak resident memory (bytes), CPU time of all its threads (ms), its standard output. */
export interface ChildRun {
  readonly ms: number;
  readonly rss: number;
  readonly cpuMs: number;
  readonly stdout: string;
}

/** Runs `node <args>` in `cwd` and waits for it; throws with its error output if it does not exit with 0. */
export function runNode(args: readonly string[], cwd: string): ChildRun {
  const command = withTime ? TIME : process.execPath;
  const argv = withTime ? ['-f', `${MARK} %M %U %S`, process.execPath, ...args] : ['--import', REPORTER, ...args];
  const t0 = performance.now();
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} : sortie ${String(r.status)}\n${r.stderr}`);
  const line = r.stderr.split('\n').reverse().find((l) => l.startsWith(MARK)) ?? '';
  const f = line.split(' ').slice(1).map(Number);
  const rss = (f[0] ?? Number.NaN) * 1024;
  const cpuMs = withTime ? ((f[1] ?? Number.NaN) + (f[2] ?? Number.NaN)) * 1000 : (f[1] ?? Number.NaN) * 1000;
  return { ms, rss, cpuMs, stdout: r.stdout };
}

/**
 * The bare pass over a JSON Lines (.gz) file, as a module for `node --input-type=module -e`, the file as
 * its first argument: gunzip, lines, `JSON.parse` of each, nothing else. `readline` splits the lines as
 * `simulate` does (src/cli/simulate.ts, `readJsonLines`); `split` cuts the decoded text by hand.
 * Prints the number of records and of persons (so that no parse can be skipped).
 */
export function barePass(splitter: 'readline' | 'split'): string {
  const head = `import { createReadStream } from 'node:fs'; import { createGunzip } from 'node:zlib'; import { createInterface } from 'node:readline';
const file = process.argv[1];
const input = file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
let n = 0, persons = 0;
const take = (line) => { if (line.trim() === '') return; const o = JSON.parse(line); n += 1; persons += o.persons.length; };`;
  const body =
    splitter === 'readline'
      ? `for await (const line of createInterface({ input, crlfDelay: Infinity })) take(line);`
      : `input.setEncoding('utf8'); let rest = '';
for await (const chunk of input) { const text = rest + chunk; let i = 0; let j; while ((j = text.indexOf('\\n', i)) >= 0) { take(text.slice(i, j)); i = j + 1; } rest = text.slice(i); }
take(rest);`;
  return `${head}\n${body}\nprocess.stdout.write(n + ' ' + persons + '\\n');`;
}
