// CPU seconds per process during a run, from /proc: where the machine's 2 cores went (web, workers, Postgres, …).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

export interface CpuSample {
  /** pid → [comm, CPU ticks (user + system)] */
  procs: Map<number, [string, number]>;
  busyTicks: number;
  totalTicks: number;
}

export function sampleCpu(): CpuSample {
  const procs = new Map<number, [string, number]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm is in parentheses and may contain spaces; fields after it are space separated.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      procs.set(Number(name), [comm, Number(fields[11]) + Number(fields[12])]);
    } catch {
      /* gone meanwhile */
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return { procs, busyTicks: total - idle, totalTicks: total };
}

export interface CpuSplit {
  /** CPU seconds by group ("web", "workers", "postgres (bench)", …). */
  seconds: Record<string, number>;
  /** Busy share of all cores over the interval, 0..1. */
  machineBusy: number;
  /** Busy CPU seconds of the whole machine, and the part no live process accounts for (processes that exited during
   * the run: another user's build or tests, short-lived Postgres backends). */
  machineBusySeconds: number;
  unattributedSeconds: number;
}

/**
 * Groups the CPU used between two samples. A process that started in between counts from zero; one that exited in
 * between is lost (so Postgres backends are counted while their pool connection lives, which covers a run).
 */
export function splitCpu(before: CpuSample, after: CpuSample, groups: { name: string; pids: number[] }[], benchDbPids: number[]): CpuSplit {
  const named = new Map<number, string>();
  for (const g of groups) for (const pid of g.pids) named.set(pid, g.name);
  for (const pid of benchDbPids) named.set(pid, 'postgres (bench db)');
  const seconds: Record<string, number> = {};
  for (const g of groups) seconds[g.name] = 0;
  for (const [pid, [comm, ticks]] of after.procs) {
    const used = ticks - (before.procs.get(pid)?.[1] ?? 0);
    if (used <= 0) continue;
    const group = named.get(pid) ?? (comm === 'postgres' ? 'postgres (other)' : comm.startsWith('redis') ? 'redis' : 'other');
    seconds[group] = (seconds[group] ?? 0) + used / TICKS_PER_SECOND;
  }
  const total = after.totalTicks - before.totalTicks;
  const busySeconds = (after.busyTicks - before.busyTicks) / TICKS_PER_SECOND;
  const attributed = Object.values(seconds).reduce((a, b) => a + b, 0);
  return {
    seconds,
    machineBusy: total > 0 ? (after.busyTicks - before.busyTicks) / total : NaN,
    machineBusySeconds: busySeconds,
    unattributedSeconds: Math.max(0, busySeconds - attributed),
  };
}

/**
 * Waits (up to maxMs) until the machine's cores are mostly idle over a 2 s window, so that a build or test run
 * someone else started does not end up in the numbers. Returns the busy share it last saw.
 */
export async function waitForQuiet(maxBusy = 0.25, maxMs = 180_000, onWait?: (busy: number) => void): Promise<number> {
  const until = Date.now() + maxMs;
  let warned = false;
  for (;;) {
    const a = sampleCpu();
    await new Promise((r) => setTimeout(r, 2000));
    const b = sampleCpu();
    const busy = (b.busyTicks - a.busyTicks) / Math.max(1, b.totalTicks - a.totalTicks);
    if (busy <= maxBusy || Date.now() > until) return busy;
    if (!warned) onWait?.(busy);
    warned = true;
  }
}
