// Top self-time functions of V8 .cpuprofile files (from NODE_OPTIONS=--cpu-prof), grouped by function and file.
// Standalone: npx tsx scripts/bench/summarizeProfile.ts DIR_OR_FILE [top=25]
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Share of sampled time not idle (program + GC). */
  busyMs: number;
  top: { name: string; selfMs: number; share: number }[];
  byArea: { area: string; selfMs: number; share: number }[];
}

export async function summarizeProfile(file: string, top = 25): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's time is the delta to the next sample (V8 convention: timeDeltas[i] precedes samples[i]).
  for (let i = 0; i < samples.length; i++) {
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt);
  }
  const byName = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') idle += us;
    const short = shortUrl(url);
    const name = `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
    byName.set(name, (byName.get(name) ?? 0) + us);
    const area = areaOf(functionName, url);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const busy = total - idle;
  const rank = (m: Map<string, number>) => [...m].filter(([k]) => !k.includes('(idle)')).sort((a, b) => b[1] - a[1]);
  return {
    file,
    totalMs: total / 1000,
    busyMs: busy / 1000,
    top: rank(byName).slice(0, top).map(([name, us]) => ({ name, selfMs: us / 1000, share: us / busy })),
    byArea: rank(byArea).map(([area, us]) => ({ area, selfMs: us / 1000, share: us / busy })),
  };
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const root = process.cwd();
  return url.replace('file://', '').replace(`${root}/`, '');
}

/** A coarse bucket: our code by lib/ folder, dependencies by package, node internals, GC. */
function areaOf(fn: string, url: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)') return '(program: native, not attributed)';
  if (!url) return `native: ${fn}`;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return `pkg: ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const m = /\/(lib\/[^/]+|workers|server\.ts|\.next-bench[^/]*|app)\//.exec(url) ?? /\/(server\.ts)$/.exec(url);
  return m ? `ours: ${m[1]}` : `other: ${shortUrl(url)}`;
}

/** Every .cpuprofile under dir (recursively), largest first (the main thread; tsx's loader thread is tiny). */
export async function findProfiles(dir: string): Promise<string[]> {
  const s = await stat(dir);
  if (!s.isDirectory()) return [dir];
  const out: { file: string; size: number }[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.cpuprofile')) out.push({ file: p, size: (await stat(p)).size });
    }
  };
  await walk(dir);
  return out.sort((a, b) => b.size - a.size).map((f) => f.file);
}

export function formatSummary(s: ProfileSummary): string {
  const lines = [`${s.file}: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.busyMs / 1000).toFixed(1)} s busy`];
  lines.push('  by area (self time):');
  for (const a of s.byArea.slice(0, 12)) lines.push(`    ${(a.share * 100).toFixed(1).padStart(5)}%  ${(a.selfMs / 1000).toFixed(2).padStart(7)} s  ${a.area}`);
  lines.push('  top functions (self time):');
  for (const t of s.top) lines.push(`    ${(t.share * 100).toFixed(1).padStart(5)}%  ${(t.selfMs / 1000).toFixed(2).padStart(7)} s  ${t.name}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: npx tsx scripts/bench/summarizeProfile.ts DIR_OR_FILE [top]');
    process.exit(2);
  }
  const top = Number(process.argv[3] ?? 25);
  for (const f of await findProfiles(path.resolve(target))) {
    const s = await summarizeProfile(f, top);
    if (s.totalMs < 50) continue;
    console.log(formatSummary(s));
  }
}
