// npm run generate -- --shape peru|us|peru-stations [--format xlsx|csv|json|ndjson] [--seed 1] [--scale 1] [--single]
//                     [--voter-ids N] --out DIR
// Writes a deterministic synthetic corpus into DIR with manifest.json and truth.json (default upload order: by name).
// peru-stations: ~86,000 polling-station tallies (mesas) × 3 contests, one file per region, then correction files
// (zz-corrections-*); also writes stations.csv, the list of mesas with their registered voters (load it first).
// npm run generate -- --shape peru|us|peru-stations --stream --url http://localhost:3000 [--token T | env TALLY_TOKEN] [--every 5]
//                     [--limit N] [--format ...] [--seed N] [--scale X]
// Stream mode: uploads one new file every --every seconds through the HTTP API until stopped (Ctrl-C) or --limit.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_FORMATS, CORPUS_SHAPES, type CorpusFormat, type CorpusShape, type CorpusSpec } from '../lib/generate/corpus';
import { writeCorpus } from '../lib/generate/writeCorpus';
import { streamUploads } from './streamUploads';

const USAGE =
  'usage: npm run generate -- --shape peru|us|peru-stations [--format xlsx|csv|json|ndjson] [--seed N] [--scale X] [--single] ' +
  '[--voter-ids N] --out DIR\n' +
  '       (default format: peru xlsx, us json, peru-stations csv; peru-stations also writes stations.csv; no --voter-ids)\n' +
  '       npm run generate -- --shape peru|us|peru-stations --stream --url URL [--token T] [--every SECONDS] [--limit N] [--format ...] [--seed N] [--scale X]';

interface StreamArgs {
  url: string;
  token: string;
  everyMs: number;
  limit?: number;
}

function parseSpec(argv: string[]): { spec: CorpusSpec; out: string; stream?: StreamArgs } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      shape: { type: 'string' },
      format: { type: 'string' },
      seed: { type: 'string', default: '1' },
      scale: { type: 'string', default: '1' },
      single: { type: 'boolean', default: false },
      'voter-ids': { type: 'string' },
      out: { type: 'string' },
      stream: { type: 'boolean', default: false },
      url: { type: 'string' },
      token: { type: 'string' },
      every: { type: 'string', default: '5' },
      limit: { type: 'string' },
    },
  });
  if (!values.shape || !CORPUS_SHAPES.includes(values.shape as CorpusShape)) throw new Error(`--shape must be one of ${CORPUS_SHAPES.join(', ')}`);
  if (values.format !== undefined && !CORPUS_FORMATS.includes(values.format as CorpusFormat)) {
    throw new Error(`--format must be one of ${CORPUS_FORMATS.join(', ')}`);
  }
  let stream: StreamArgs | undefined;
  if (values.stream) {
    if (!values.url || !/^https?:\/\//.test(values.url)) throw new Error('--stream needs --url http(s)://host:port');
    const token = values.token ?? process.env.TALLY_TOKEN;
    if (!token) throw new Error('--stream needs --token or TALLY_TOKEN (npm run token -- --email <user>)');
    const every = Number(values.every);
    if (!(every >= 0 && every <= 3600)) throw new Error(`--every must be seconds from 0 to 3600, got "${values.every}"`);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw new Error(`--limit must be a positive integer, got "${values.limit}"`);
    stream = { url: values.url, token, everyMs: every * 1000, limit };
  } else if (!values.out) throw new Error('--out DIR is required');
  const seed = Number(values.seed);
  if (!/^\d+$/.test(values.seed) || seed > 0xffffffff) throw new Error(`--seed must be an integer 0..4294967295, got "${values.seed}"`);
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 100)) throw new Error(`--scale must be a number above 0 and at most 100, got "${values.scale}"`);
  let voterIds: number | undefined;
  if (values['voter-ids'] !== undefined) {
    voterIds = Number(values['voter-ids']);
    if (!/^\d+$/.test(values['voter-ids']) || voterIds < 1) throw new Error(`--voter-ids must be a positive integer, got "${values['voter-ids']}"`);
  }
  return {
    spec: { shape: values.shape as CorpusShape, format: values.format as CorpusFormat | undefined, seed, scale, single: values.single, voterIds },
    out: path.resolve(values.out ?? '.'),
    stream,
  };
}

let parsed: ReturnType<typeof parseSpec>;
try {
  parsed = parseSpec(process.argv.slice(2));
} catch (err) {
  console.error(`generate: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}

if (parsed.stream) {
  await streamUploads(parsed.spec, parsed.stream).catch((err: unknown) => {
    console.error(`generate: ${(err as Error).message}`);
    process.exit(1);
  });
  process.exit(0);
}

const started = performance.now();
const { manifest, truth } = await writeCorpus(parsed.spec, parsed.out).catch((err: unknown) => {
  if (!(err instanceof RangeError)) throw err;
  console.error(`generate: ${err.message}\n${USAGE}`);
  process.exit(2);
});
const seconds = (performance.now() - started) / 1000;
const n = (x: number) => x.toLocaleString('en-US');
const detail = truth.stations
  ? `${n(truth.stations.total)} stations, ${n(truth.stations.corrections)} corrections, ${n(truth.stations.held)} reports held`
  : `${n(truth.duplicatesRejected)} repeated voter ids`;
console.log(`${manifest.shape}: ${manifest.files.length} ${manifest.format} files, ${n(manifest.rows)} rows (${detail}) in ${seconds.toFixed(1)} s → ${parsed.out}`);
