// The bench's own Next build in .next-bench (never .next, which tests and `npm start` use).
import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const BENCH_DIST_DIR = '.next-bench';

// `next build` with another distDir rewrites these tracked files to point at it; the bench puts them back.
const REWRITTEN_BY_BUILD = ['next-env.d.ts', 'tsconfig.json'];

/** Builds .next-bench when missing, or when app/, lib/ or next.config.js changed since it was built. */
export async function ensureBenchBuild(root: string): Promise<'fresh' | 'built'> {
  const buildId = await stat(path.join(root, BENCH_DIST_DIR, 'BUILD_ID')).catch(() => null);
  const newestSource = Math.max(
    await newestMtime(path.join(root, 'app')),
    await newestMtime(path.join(root, 'lib'), ['generated']),
    (await stat(path.join(root, 'next.config.js'))).mtimeMs,
  );
  if (buildId && buildId.mtimeMs >= newestSource) return 'fresh';
  process.stderr.write(`bench: ${buildId ? 'sources changed since' : 'no'} ${BENCH_DIST_DIR} build, running next build (about a minute) …\n`);
  const before = new Map<string, string>();
  for (const f of REWRITTEN_BY_BUILD) before.set(f, await readFile(path.join(root, f), 'utf8'));
  try {
    await run('npx', ['next', 'build', '--webpack'], { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: BENCH_DIST_DIR }, root);
  } finally {
    for (const [f, text] of before) await restoreIfOnlyDistDirChanged(path.join(root, f), text);
  }
  return 'built';
}

/** Puts a file back as it was unless someone else changed it meanwhile (then it is left alone and reported). */
async function restoreIfOnlyDistDirChanged(file: string, before: string): Promise<void> {
  const after = await readFile(file, 'utf8');
  if (after === before) return;
  if (withoutBenchDistDir(after) === withoutBenchDistDir(before)) await writeFile(file, before);
  else process.stderr.write(`bench: ${file} changed during the build beyond the dist dir; left as it is\n`);
}

/** The text with every .next-bench path read as .next, a line that then repeats an earlier one dropped, and trailing
 * commas ignored (tsconfig's include list grows by two entries). */
function withoutBenchDistDir(text: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replaceAll(`./${BENCH_DIST_DIR}/`, './.next/').replaceAll(`"${BENCH_DIST_DIR}/`, '".next/').replace(/,\s*$/, '');
    if (raw.includes(BENCH_DIST_DIR) && seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out.join('\n');
}

async function newestMtime(dir: string, skip: string[] = []): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (skip.includes(e.name)) continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? await newestMtime(p) : (await stat(p)).mtimeMs);
  }
  return newest;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (b: Buffer) => {
      out = (out + b.toString()).slice(-8000);
    };
    p.stdout!.on('data', keep);
    p.stderr!.on('data', keep);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}
