// Our npm registry mirror serves only the platform packages of linux-x64 machines, so `npm install` leaves the other
// platforms' optional binaries (@next/swc-darwin-*, @rollup/rollup-win32-*, ...) out of package-lock.json and
// `npm ci` then refuses the lockfile as out of sync. This adds those entries back as optional packages with their
// os/cpu, which `npm ci` skips on a platform they do not match (and fetches normally where the registry has them).
// Run after any `npm install` that changes the lockfile: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openbsd', 'netbsd', 'openharmony', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? path + '/' : ''}node_modules/${name}`;
    if (pkgs[nested] || pkgs[`node_modules/${name}`]) continue;
    const base = name.split('/').pop();
    const os = OS.find((o) => base.includes(`-${o}`));
    const cpu = CPU.find((c) => base.includes(`-${c}`) || base.endsWith(c));
    if (!os || !/^\d+\.\d+\.\d+/.test(spec)) continue; // only pinned platform binaries
    const entry = { version: spec, dev: meta.dev || undefined, optional: true, os: [os], ...(cpu ? { cpu: [cpu] } : {}) };
    if (os === 'linux' && /musl/.test(base)) entry.libc = ['musl'];
    else if (os === 'linux' && /gnu/.test(base)) entry.libc = ['glibc'];
    pkgs[`node_modules/${name}`] = JSON.parse(JSON.stringify(entry));
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} foreign-platform entries`);
