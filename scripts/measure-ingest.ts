// Rough single-file ingest measurement until `npm run bench` exists (issue 4). Resets the `test` database!
// Usage: npx tsx scripts/measure-ingest.ts [rows]   — uploads one Peruvian csv 3 times (runs 2 and 3 as confirmed
// duplicate batches whose voter ids are all already counted), prints seconds from POST to status done.
export {};
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
process.env.QUEUE_PREFIX = 'tallymeasure';
process.env.LOG_LEVEL = 'warn';
const { startTestSystem, uploadFiles, getJson } = await import('../tests/support/system');
const { peruRows, emptyExpected, toCsv, resultsAsExpected } = await import('../tests/support/fixtures');
const { disconnectPrisma } = await import('../lib/db');
const e = emptyExpected();
const N = Number(process.argv[2] ?? 200000);
const csv = toCsv(peruRows(5, N, e, 10_000_000));
const sys = await startTestSystem({ workers: 1, env: { NODE_ENV: 'production', CHUNK_ROWS: '5000', WORKER_CONCURRENCY: '2' } });
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  const res = await uploadFiles(sys, [{ name: `m${run}.csv`, body: csv }], run ? '?confirmDuplicate=true' : '');
  const id = ((await res.json()) as { uploads: { id: string }[] }).uploads[0].id;
  for (;;) {
    const u = await getJson<{ status: string; rowsAccepted: number; rowsRejected: number; timings: { createdAt: string; parsedAt: string | null; finishedAt: string | null } }>(sys, `/api/uploads/${id}`);
    if (u.status === 'done' || u.status === 'failed') {
      const t = (x: string | null) => (x ? Date.parse(x) : NaN);
      const parse = (t(u.timings.parsedAt) - t(u.timings.createdAt)) / 1000;
      const apply = (t(u.timings.finishedAt) - t(u.timings.parsedAt)) / 1000;
      console.log(`run ${run}: ${u.status}, accepted ${u.rowsAccepted}, rejected ${u.rowsRejected}; parse+stage ${parse.toFixed(2)} s, then apply ${apply.toFixed(2)} s`);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`run ${run}: ${N} rows in ${s.toFixed(2)} s = ${Math.round(N / s)} rows/s`);
}
const r = await getJson<Parameters<typeof resultsAsExpected>[0]>(sys, '/api/results');
console.log('first run exact:', JSON.stringify(resultsAsExpected(r).votes), e.votes);
await sys.stop();
await disconnectPrisma();
process.exit(0);
