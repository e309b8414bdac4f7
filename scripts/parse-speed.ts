// Parse-only speed of lib/ingest: runs openVoteRows over the files of a corpus and reports rows/s and µs/row (the
// median of several runs). No database, no network, no worker threads: only the readers, mapping and validation.
//
// Usage: npx tsx scripts/parse-speed.ts DIR_OR_FILE [--files N] [--runs K] [--base PATH] [--hash]
//   --files N   only the first N files of the directory (sorted by name); default all
//   --runs K    timed runs per implementation (default 5); the median is reported
//   --base PATH another copy of readVoteRows.ts (e.g. the previous commit's lib/ingest, extracted with
//               `mkdir -p .parse-base && git archive HEAD~1 lib/ingest | tar -x -C .parse-base`) to compare with:
//               its runs alternate with the current code's in this one process, so machine load hits both alike
//   --only NAME run only `current` or `base` (e.g. one per process under valgrind --tool=callgrind)
//   --hash      also print a sha256 of every parsed row (row number, vote or error) and every file-level error, per
//               implementation: equal hashes mean identical output
import { createHash, type Hash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Open = typeof import('../lib/ingest/readVoteRows').openVoteRows;

const args = process.argv.slice(2);
const target = args.find((a, i) => !a.startsWith('--') && !(i > 0 && ['--files', '--runs', '--base', '--only'].includes(args[i - 1])));
if (!target) {
  console.error('usage: npx tsx scripts/parse-speed.ts DIR_OR_FILE [--files N] [--runs K] [--base PATH] [--hash]');
  process.exit(2);
}
const option = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const maxFiles = Number(option('--files') ?? Infinity);
const runs = Number(option('--runs') ?? 5);
const basePath = option('--base');
const wantHash = args.includes('--hash');

const dataFile = /\.(xlsx|csv|json|ndjson)$/i;
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => dataFile.test(f) && f !== 'manifest.json' && f !== 'truth.json')
      .sort()
      .slice(0, maxFiles)
      .map((f) => path.join(target, f))
  : [target];

const only = option('--only');
let impls: { name: string; open: Open }[] = [{ name: 'current', open: (await import('../lib/ingest/readVoteRows')).openVoteRows }];
if (basePath) impls.push({ name: 'base', open: (await import(pathToFileURL(path.resolve(basePath)).href)).openVoteRows });
if (only) impls = impls.filter((i) => i.name === only);

async function parseAll(open: Open, hash: Hash | null): Promise<{ rows: number; ms: number; cpuMs: number }> {
  let rows = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const file of files) {
    try {
      const opened = await open(file);
      hash?.update(`file ${path.basename(file)} ${opened.format} ${JSON.stringify(opened.header)}\n`);
      for await (const parsed of opened.rows) {
        rows++;
        if (hash) hash.update(JSON.stringify(parsed) + '\n');
        else if (parsed.error === undefined && parsed.vote.region.length < 0) throw new Error('unreachable'); // keep the row alive
      }
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (!hash) throw err;
      hash.update(`failed ${path.basename(file)} ${e.code} ${e.message}\n`);
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { rows, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`${files.length} file(s) from ${target}; ${runs} runs per implementation${impls.length > 1 ? ', alternating' : ''}`);
if (wantHash) {
  for (const impl of impls) {
    const hash = createHash('sha256');
    const { rows } = await parseAll(impl.open, hash);
    console.log(`${impl.name.padEnd(8)} hash ${hash.digest('hex')} over ${rows} rows`);
  }
}
// One untimed warm-up each (JIT), then alternate.
for (const impl of impls) await parseAll(impl.open, null);
const times = new Map<string, number[]>(impls.map((i) => [i.name, []]));
const cpuTimes = new Map<string, number[]>(impls.map((i) => [i.name, []]));
let rowCount = 0;
for (let r = 0; r < runs; r++) {
  const order = r % 2 === 0 ? impls : [...impls].reverse();
  for (const impl of order) {
    const { rows, ms, cpuMs } = await parseAll(impl.open, null);
    rowCount = rows;
    times.get(impl.name)!.push(ms);
    cpuTimes.get(impl.name)!.push(cpuMs);
  }
}
// Wall time includes waiting (e.g. for zlib's thread pool to inflate); CPU time is the whole process's user+system
// time (all threads), less sensitive to other load on the machine.
for (const impl of impls) {
  const ms = times.get(impl.name)!;
  const med = median(ms);
  const cpu = median(cpuTimes.get(impl.name)!);
  console.log(
    `${impl.name.padEnd(8)} ${rowCount} rows: median wall ${(med / 1000).toFixed(3)} s = ${Math.round(rowCount / (med / 1000))} rows/s = ${((med * 1000) / rowCount).toFixed(3)} µs/row; ` +
      `median CPU ${((cpu * 1000) / rowCount).toFixed(3)} µs/row  (wall runs: ${ms.map((m) => (m / 1000).toFixed(2)).join(' ')})`,
  );
}
if (impls.length > 1) {
  const [cur, base] = impls.map((i) => median(times.get(i.name)!));
  const [curCpu, baseCpu] = impls.map((i) => median(cpuTimes.get(i.name)!));
  console.log(`current/base ratio: wall ${(cur / base).toFixed(3)}, CPU ${(curCpu / baseCpu).toFixed(3)}`);
}
