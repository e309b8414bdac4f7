// The one table `npm run bench` prints, and bench-out/last-run.json.
import type { CorpusRun } from './runCorpus';
import type { CopyReference, PerRowReference } from './references';
import { median } from './stats';

export interface BenchReport {
  startedAt: string;
  options: Record<string, unknown>;
  machine: { cpus: number; node: string; postgres?: { version: string; sharedBuffers: string; maxWalSize: string } };
  corpora: { corpus: string; runs: CorpusRun[] }[];
  reference: { rows: number; scale: number; copy: CopyReference[]; perRow: PerRowReference[] } | null;
}

interface Line {
  cells: string[];
}

const HEAD = [
  'what', 'files', 'rows', 'seconds', 'rows/s', '÷COPY', '×per-row', 'parse+stage s', 'apply tail s', 'web RSS MB',
  'worker RSS MB', 'push p50/p99 ms', 'deltas/s max', 'CPU s web/wrk/pg', 'exact',
];

export function formatReport(report: BenchReport): string {
  const ref = report.reference;
  const copySecondsPerRow = ref ? median(ref.copy.map((c) => c.seconds / c.rows)) : NaN;
  const perRowRate = ref ? median(ref.perRow.map((p) => p.rowsPerSecond)) : NaN;
  const lines: Line[] = [];
  for (const { corpus, runs } of report.corpora) {
    const m = (f: (r: CorpusRun) => number | null) => median(runs.map((r) => f(r) ?? NaN));
    const seconds = m((r) => r.seconds);
    const rows = runs[0].rows;
    const workerRss = runs[0].workerPeakRssMb.map((_, i) => m((r) => r.workerPeakRssMb[i]));
    lines.push({
      cells: [
        corpus + (runs.length > 1 ? ` (median of ${runs.length})` : ''),
        String(runs[0].files),
        int(rows),
        fix(seconds, 2),
        int(rows / seconds),
        fix(seconds / (copySecondsPerRow * rows), 2),
        fix(rows / seconds / perRowRate, 0),
        fix(m((r) => r.timings.parseStageSeconds), 2),
        fix(m((r) => r.timings.applyTailSeconds), 2),
        fix(m((r) => r.webPeakRssMb), 0),
        workerRss.map((v) => fix(v, 0)).join('/'),
        `${fix(m((r) => r.push.latencyP50Ms), 0)}/${fix(m((r) => r.push.latencyP99Ms), 0)}`,
        fix(m((r) => r.push.maxDeltasPerSecond), 0),
        [m((r) => r.cpu.seconds.web), m((r) => r.cpu.seconds.workers), m((r) => r.cpu.seconds['postgres (bench db)'])].map((v) => fix(v, 1)).join('/'),
        runs.every((r) => r.truth.ok) ? 'yes' : 'NO',
      ],
    });
  }
  if (ref) {
    const copySeconds = median(ref.copy.map((c) => c.seconds));
    lines.push({
      cells: ['ref: COPY csv → unindexed table', '1', int(ref.rows), fix(copySeconds, 2), int(ref.rows / copySeconds), '1.00', fix(ref.rows / copySeconds / perRowRate, 0), ...blank(8)],
    });
    const sample = ref.perRow[0].sampleRows;
    lines.push({
      cells: [
        `ref: per-row 1 tx, 3 SELECT + 4 writes (${int(sample)}-row sample, extrapolated)`,
        '-',
        int(ref.rows),
        fix(ref.rows / perRowRate, 1),
        int(perRowRate),
        fix(ref.rows / perRowRate / copySeconds, 1),
        '1',
        ...blank(8),
      ],
    });
  }
  const widths = HEAD.map((h, i) => Math.max(h.length, ...lines.map((l) => l.cells[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [fmt(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map((l) => fmt(l.cells))];
  out.push('', ...notes(report));
  return out.join('\n');
}

function notes(report: BenchReport): string[] {
  const out: string[] = [
    'seconds: first byte uploaded → last delta received by a Socket.IO client. ÷COPY: our seconds over the COPY seconds for',
    'the same number of rows. ×per-row: how many times faster than the old per-row SQL. parse+stage: first upload recorded →',
    'last file parsed; apply tail: last file parsed → last upload done. CPU s: CPU seconds of the web node, all workers,',
    'and the Postgres backends of the bench database during the run.',
  ];
  const pg = report.machine.postgres;
  out.push(
    `Machine: ${report.machine.cpus} CPUs, Node ${report.machine.node}` +
      (pg ? `, PostgreSQL ${pg.version} with shared_buffers ${pg.sharedBuffers}, max_wal_size ${pg.maxWalSize} (the server's own settings)` : ''),
  );
  if (report.reference) {
    out.push(
      `References on Peru rows at scale ${report.reference.scale} (${int(report.reference.rows)} rows): COPY is a real COPY … FROM STDIN (FORMAT csv) over`,
      'pg\'s protocol (no pg-copy-streams), streamed from disk; per-row runs sequentially on one connection.',
    );
  }
  for (const { corpus, runs } of report.corpora) {
    for (const [i, r] of runs.entries()) {
      const tag = runs.length > 1 ? `${corpus} run ${i + 1}` : corpus;
      const t = r.timings;
      const cpu = Object.entries(r.cpu.seconds).filter(([, s]) => s >= 0.05).map(([k, s]) => `${k} ${s.toFixed(1)}`).join(', ');
      out.push(
        `${tag}: ${r.requests} requests, all answered after ${r.uploadSeconds.toFixed(2)} s; ${t.chunks} chunks, ${t.versions} versions, ` +
          `${r.push.deltas} deltas (mean ${int(r.push.meanDeltaBytes)} B, p99 ${fix(r.push.latencyP99Ms, 0)} ms, max ${fix(r.push.latencyMaxMs, 0)} ms); ` +
          `commits spread over ${t.applyWindowSeconds.toFixed(2)} s; per file median parse ${t.fileParseMedianSeconds.toFixed(2)} s, apply ${t.fileApplyMedianSeconds.toFixed(2)} s; ` +
          `rows accepted ${int(t.rowsAccepted)}, rejected ${int(t.rowsRejected)} (truth: ${int(r.truth.truth.duplicatesRejected)} duplicates)`,
      );
      out.push(
        `${tag}: RSS after start-up (before the first byte): web ${fix(r.startRssMb.web ?? NaN, 0)} MB, workers ` +
          `${r.startRssMb.workers.map((v) => fix(v ?? NaN, 0)).join('/')} MB; peak web ${fix(r.webPeakRssMb ?? NaN, 0)} MB`,
      );
      const others = (r.cpu.seconds.other ?? 0) + (r.cpu.seconds['postgres (other)'] ?? 0) + r.cpu.unattributedSeconds;
      out.push(
        `${tag}: CPU seconds ${cpu}, exited processes ${r.cpu.unattributedSeconds.toFixed(1)}; machine busy ` +
          `${(r.cpu.machineBusy * 100).toFixed(0)}%${others > 0.1 * r.cpu.machineBusySeconds ? ` — NOT QUIET: ${others.toFixed(1)} of ${r.cpu.machineBusySeconds.toFixed(1)} busy CPU s were not this stack` : ''}`,
      );
      const waits = r.pgWaits.states.filter((w) => w.backends >= 0.05).map((w) => `${w.state} ${w.backends.toFixed(2)}`).join(', ');
      out.push(`${tag}: Postgres backends busy on average (${r.pgWaits.samples} samples): ${waits || 'none'}`);
      if (r.results) {
        out.push(`${tag}: GET /api/results at ${r.results.achievedRps.toFixed(0)} req/s during ingest: p50 ${fix(r.results.p50Ms, 1)} ms, p99 ${fix(r.results.p99Ms, 1)} ms, ${r.results.failures} failed of ${r.results.requests}`);
      }
      if (r.clients) {
        out.push(`${tag}: ${r.clients.clients} extra Socket.IO clients: ${r.clients.atFinal} reached the final version, ${r.clients.gaps} gaps, p99 ${fix(r.clients.latencyP99Ms, 0)} ms`);
      }
      const checks = `results ${ok(r.truth.resultsOk)}, socket state ${ok(r.truth.socketOk)}, verifyTallies ${ok(r.truth.verifyOk)}, row counts ${ok(r.truth.countsOk)}`;
      out.push(`${tag}: truth checks: ${checks}`);
      for (const p of r.truth.problems) out.push(`${tag}:   ${p}`);
    }
  }
  return out;
}

function ok(b: boolean): string {
  return b ? 'ok' : 'FAILED';
}

function blank(n: number): string[] {
  return new Array<string>(n).fill('');
}

function int(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-';
}

function fix(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}
