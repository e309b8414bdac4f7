// Command-line options of `npm run bench`.
import path from 'node:path';
import { parseArgs } from 'node:util';

export const CORPUS_NAMES = ['peru-xlsx', 'peru-csv', 'us-json', 'peru-stations'] as const;
export type CorpusName = (typeof CORPUS_NAMES)[number];

export interface BenchOptions {
  corpora: CorpusName[];
  /** Multiplies the generator's row counts (1 = ~1.9M Peru rows, ~1.15M US votes). */
  scale: number;
  seed: number;
  /** Runs per corpus; the table shows medians when > 1. */
  runs: number;
  /** Ingest worker processes. */
  workers: number;
  out: string;
  /** Files per upload request; all requests are sent at once. */
  filesPerRequest: number;
  /** Extra Socket.IO clients that must all reach the final version (0: none). */
  clients: number;
  /** GET /api/results at this pace while the corpus ingests (0: off). */
  resultsRps: number;
  /** Rows in the per-row reference's sample. */
  perRowSample: number;
  /** Write V8 CPU profiles of the web node and workers here (NODE_OPTIONS=--cpu-prof). */
  profileDir: string | null;
  /** Extra environment for the web node and workers (KEY=VALUE), e.g. CHUNK_ROWS=10000. */
  stackEnv: Record<string, string>;
  /** Skip the COPY and per-row references. */
  skipReferences: boolean;
}

export const USAGE = `usage: npm run bench -- [--corpus peru-xlsx|peru-csv|us-json|peru-stations|all] [--scale 1] [--runs 1] [--workers 2]
       [--out bench-out] [--seed 1] [--files-per-request 12] [--clients 0] [--results-rps 0]
       [--per-row-sample 5000] [--profile DIR] [--set KEY=VALUE ...] [--no-references]`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      corpus: { type: 'string', default: 'all' },
      scale: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '1' },
      workers: { type: 'string', default: '2' },
      out: { type: 'string', default: 'bench-out' },
      'files-per-request': { type: 'string', default: '12' },
      clients: { type: 'string', default: '0' },
      'results-rps': { type: 'string', default: '0' },
      'per-row-sample': { type: 'string', default: '5000' },
      profile: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      'no-references': { type: 'boolean', default: false },
    },
  });
  const corpora =
    values.corpus === 'all' ? [...CORPUS_NAMES] : values.corpus.split(',').map((c) => {
      if (!CORPUS_NAMES.includes(c as CorpusName)) throw new Error(`--corpus must be one of ${CORPUS_NAMES.join(', ')} or all, got "${c}"`);
      return c as CorpusName;
    });
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 10)) throw new Error(`--scale must be above 0 and at most 10, got "${values.scale}"`);
  const stackEnv: Record<string, string> = {};
  for (const kv of values.set) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(kv);
    if (!m) throw new Error(`--set takes KEY=VALUE, got "${kv}"`);
    stackEnv[m[1]] = m[2];
  }
  return {
    corpora,
    scale,
    seed: int('seed', values.seed, 0, 0xffffffff),
    runs: int('runs', values.runs, 1, 100),
    workers: int('workers', values.workers, 1, 64),
    out: path.resolve(values.out),
    filesPerRequest: int('files-per-request', values['files-per-request'], 1, 500),
    clients: int('clients', values.clients, 0, 20_000),
    resultsRps: int('results-rps', values['results-rps'], 0, 5000),
    perRowSample: int('per-row-sample', values['per-row-sample'], 100, 1_000_000),
    profileDir: values.profile ? path.resolve(values.profile) : null,
    stackEnv,
    skipReferences: values['no-references'],
  };
}

function int(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new Error(`--${name} must be a whole number ${min}..${max}, got "${text}"`);
  return n;
}
