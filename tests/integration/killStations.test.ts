// Station tallies exactly once while real workers are SIGKILLed: a Peru-like corpus of polling-station tallies of
// three contests, with corrections and impossible stations, is counted by worker processes that are killed again and
// again while they hold a job — in a chunk's transaction, in the station step after an upload's last chunk, or
// (their Redis frozen) right after a commit. BullMQ redelivers; the end state must equal the generator's truth.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CHUNK_ROWS = '400';
});

import { replaceStations } from '../../lib/admin/stationsList';
import { disconnectPrisma, getPrisma } from '../../lib/db';
import type { Truth } from '../../lib/generate/truth';
import { writeCorpus } from '../../lib/generate/writeCorpus';
import { closeIngestQueue, getIngestQueue } from '../../lib/queue';
import { closeRedis } from '../../lib/redis';
import { verifyTallies } from '../../lib/tally/verifyTallies';
import { stageUpload } from '../../lib/uploads/stageUpload';
import { startProcess, type Running } from '../support/processes';
import { resetState } from '../support/resetState';
import { TcpRelay } from '../support/tcpRelay';

const MIN_KILLS = 4;
const MAX_KILLS = 8;
const DEADLINE_MS = 100_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Slot {
  run: Running;
  gate: TcpRelay;
  killed: boolean;
}

let dir: string;
let truth: Truth;
const slots: Slot[] = [];

async function startWorker(): Promise<Slot> {
  const gate = new TcpRelay(new URL(process.env.REDIS_URL!));
  const run = startProcess('workers/ingest.ts', {
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: await gate.listen(),
    QUEUE_PREFIX: process.env.QUEUE_PREFIX,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    TALLY_PROCESS: 'worker',
    WORKER_CONCURRENCY: '2',
    WORKER_LOCK_MS: '2000',
  });
  const slot = { run, gate, killed: false };
  slots.push(slot);
  return slot;
}

async function jobsHeld(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const job of await getIngestQueue().getActive()) {
    const pid = Number(job.processedBy?.split(':').at(-1));
    if (pid) out.set(pid, (out.get(pid) ?? 0) + 1);
  }
  return out;
}

beforeAll(async () => {
  await resetState(process.env.DATABASE_URL!, process.env.REDIS_URL!, process.env.QUEUE_PREFIX!);
  dir = await mkdtemp(path.join(os.tmpdir(), 'tally-kill-stations-'));
  const written = await writeCorpus({ shape: 'peru-stations', seed: 11, scale: 0.01 }, dir);
  truth = written.truth;
  expect(truth.stations!.held).toBeGreaterThan(0);
  expect(truth.stations!.corrections).toBeGreaterThan(0);
  const list = await readFile(path.join(dir, 'stations.csv'), 'utf8');
  expect((await replaceStations({ id: null as unknown as string, email: 'test' }, list, 'stations.csv')).ok).toBe(true);
  // Staged in name order (the corrections last) before any worker exists.
  for (const f of written.manifest.files) {
    const bytes = await readFile(path.join(dir, f.name));
    const upload = await getPrisma().upload.create({
      data: { filename: f.name, sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: BigInt(bytes.length), status: 'queued' },
    });
    const filePath = path.join(os.tmpdir(), `tally-kill-${upload.id}.csv`);
    await writeFile(filePath, bytes);
    await stageUpload(upload.id, filePath);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(slots.map((s) => s.run.stop('SIGKILL')));
  for (const s of slots) s.gate.close();
  await closeIngestQueue();
  await closeRedis();
  await disconnectPrisma();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('counts every station report exactly once, corrections replacing and checks holding, though workers are killed', { timeout: 150_000 }, async () => {
  const prisma = getPrisma();
  await startWorker();
  await startWorker();
  const started = Date.now();
  const kills: string[] = [];
  let nextKillAt = Date.now() + 400;
  for (;;) {
    const open = await prisma.upload.count({ where: { status: { in: ['queued', 'processing'] } } });
    const failed = await prisma.upload.count({ where: { status: 'failed' } });
    expect(failed, 'an upload failed').toBe(0);
    if (open === 0) {
      const q = await getIngestQueue().getJobCounts('waiting', 'active', 'delayed');
      if (q.waiting + q.active + q.delayed === 0) break;
    }
    if (Date.now() - started > DEADLINE_MS) throw new Error(`not counted within ${DEADLINE_MS / 1000} s after ${kills.length} kills:\n${slots.at(-1)?.run.output()}`);
    if (kills.length < MAX_KILLS && Date.now() >= nextKillAt) {
      const held = await jobsHeld();
      const victim = slots.find((s) => !s.killed && (held.get(s.run.proc.pid!) ?? 0) > 0);
      if (victim) {
        const afterCommit = kills.length % 2 === 1;
        victim.killed = true;
        await startWorker();
        if (afterCommit) {
          victim.gate.freeze();
          await sleep(250);
        }
        await victim.run.stop('SIGKILL');
        victim.gate.close();
        kills.push(afterCommit ? 'after-commit' : 'mid-job');
        nextKillAt = Date.now() + 300 + Math.random() * 500;
      }
    }
    await sleep(20);
  }
  expect(kills.length, `only ${kills.length} kills before the end`).toBeGreaterThanOrEqual(MIN_KILLS);

  // Every contest's tallies are the truth's: each station counted once, by its latest report that passes the checks.
  for (const [contest, t] of Object.entries(truth.contests!)) {
    const rows = await prisma.$queryRaw<{ region: string; candidate: string; status: string; votes: number }[]>`
      SELECT region, CASE WHEN status = 'valid' THEN candidate ELSE '' END AS candidate, status, sum(votes)::float8 AS votes
      FROM tally WHERE contest = ${contest} GROUP BY 1, 2, 3 HAVING sum(votes) <> 0`;
    const got = Object.fromEntries(rows.map((r) => [`${r.region}|${r.candidate}|${r.status}`, r.votes]));
    const want = Object.fromEntries(t.cells.filter((c) => c[3] !== 0).map(([r, c, s, v]) => [`${r}|${c}|${s}`, v]));
    expect.soft(got, contest).toEqual(want);
  }
  const states = await prisma.$queryRaw<{ state: string; n: number }[]>`SELECT state, count(*)::float8 AS n FROM station_report GROUP BY state`;
  const byState = Object.fromEntries(states.map((s) => [s.state, s.n]));
  expect(byState.held).toBe(truth.stations!.held);
  expect(byState.counted).toBe(Object.values(truth.stations!.reportedPerContest).reduce((a, b) => a + b, 0));
  expect(byState.replaced).toBe(truth.stations!.corrections);
  // One station step per upload: as many station versions as uploads with station rows.
  const [steps] = await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::float8 AS n FROM tally_delta WHERE stations AND reason = 'upload'`;
  expect(steps.n).toBe(await prisma.upload.count());
  expect((await verifyTallies()).ok).toBe(true);
});
