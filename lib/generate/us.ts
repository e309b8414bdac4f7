// The US shape: one national race, votes from the 50 states in proportion to their population, as a stream of vote
// records (vote_id, state, candidate, age_group, timestamp, valid, status) cut into files of 20,971 votes.
import type { CorpusFile, CorpusRow } from './corpus';
import { cumulativeOf, mix32, pickWeighted, Random } from './random';

/** 2020 census resident population. */
export const US_STATES: readonly (readonly [name: string, population: number])[] = [
  ['Alabama', 5_024_279], ['Alaska', 733_391], ['Arizona', 7_151_502], ['Arkansas', 3_011_524],
  ['California', 39_538_223], ['Colorado', 5_773_714], ['Connecticut', 3_605_944], ['Delaware', 989_948],
  ['Florida', 21_538_187], ['Georgia', 10_711_908], ['Hawaii', 1_455_271], ['Idaho', 1_839_106],
  ['Illinois', 12_812_508], ['Indiana', 6_785_528], ['Iowa', 3_190_369], ['Kansas', 2_937_880],
  ['Kentucky', 4_505_836], ['Louisiana', 4_657_757], ['Maine', 1_362_359], ['Maryland', 6_177_224],
  ['Massachusetts', 7_029_917], ['Michigan', 10_077_331], ['Minnesota', 5_706_494], ['Mississippi', 2_961_279],
  ['Missouri', 6_154_913], ['Montana', 1_084_225], ['Nebraska', 1_961_504], ['Nevada', 3_104_614],
  ['New Hampshire', 1_377_529], ['New Jersey', 9_288_994], ['New Mexico', 2_117_522], ['New York', 20_201_249],
  ['North Carolina', 10_439_388], ['North Dakota', 779_094], ['Ohio', 11_799_448], ['Oklahoma', 3_959_353],
  ['Oregon', 4_237_256], ['Pennsylvania', 13_002_700], ['Rhode Island', 1_097_379], ['South Carolina', 5_118_425],
  ['South Dakota', 886_667], ['Tennessee', 6_910_840], ['Texas', 29_145_505], ['Utah', 3_271_616],
  ['Vermont', 643_077], ['Virginia', 8_631_393], ['Washington', 7_705_281], ['West Virginia', 1_793_716],
  ['Wisconsin', 5_893_718], ['Wyoming', 576_851],
];

/** Six candidates, drawn 6:5:4:3:2:1. */
export const US_CANDIDATES: readonly (readonly [name: string, weight: number])[] = [
  ['Avery Caldwell', 6], ['Jordan Whitaker', 5], ['Morgan Delgado', 4], ['Riley Okafor', 3], ['Casey Lindqvist', 2],
  ['Quinn Abernathy', 1],
];

export const US_AGE_GROUPS: readonly (readonly [name: string, weight: number])[] = [
  ['18-29', 20], ['30-44', 25], ['45-64', 33], ['65+', 22],
];

export const US_COLUMNS = ['vote_id', 'state', 'candidate', 'age_group', 'timestamp', 'valid', 'status'] as const;

export const US_FILE_ROWS = 20_971;
const US_FILES = 55;
const BLANK_SHARE = 0.01;
const NULL_SHARE = 0.02;
// Polls open 06:00 EST and the last votes arrive 15 hours later; timestamps rise through the corpus.
const FIRST_VOTE_MS = Date.UTC(2020, 10, 3, 11, 0, 0);
const VOTING_MS = 15 * 3600 * 1000;

const STATE_WEIGHTS = cumulativeOf(US_STATES.map(([, population]) => population));
const CANDIDATE_WEIGHTS = cumulativeOf(US_CANDIDATES.map(([, weight]) => weight));
const AGE_WEIGHTS = cumulativeOf(US_AGE_GROUPS.map(([, weight]) => weight));

const FILE_ROWS = 3;

/** 55 files of 20,971 votes at scale 1 (1,153,405 votes); a smaller scale gives fewer files, the last one shorter. */
export function usFiles(seed: number, scale: number, extension: string, voterIds?: number): CorpusFile[] {
  const total = Math.max(1, Math.round(US_FILES * US_FILE_ROWS * scale));
  const count = Math.ceil(total / US_FILE_ROWS);
  return Array.from({ length: count }, (_, index) => {
    const first = index * US_FILE_ROWS;
    const rowCount = Math.min(US_FILE_ROWS, total - first);
    return {
      name: `us-${String(index + 1).padStart(3, '0')}.${extension}`,
      rowCount,
      columns: US_COLUMNS,
      rows: () => fileRows(new Random(seed, FILE_ROWS, index), seed, first, rowCount, total, voterIds),
    };
  });
}

function* fileRows(random: Random, seed: number, first: number, rowCount: number, total: number, voterIds?: number): Generator<CorpusRow> {
  for (let g = first; g < first + rowCount; g++) {
    const state = US_STATES[pickWeighted(STATE_WEIGHTS, random)][0];
    const drawn = US_CANDIDATES[pickWeighted(CANDIDATE_WEIGHTS, random)][0];
    const age = US_AGE_GROUPS[pickWeighted(AGE_WEIGHTS, random)][0];
    const kind = random.float();
    const status = kind < BLANK_SHARE ? 'blank' : kind < BLANK_SHARE + NULL_SHARE ? 'null' : 'valid';
    // A null (spoiled) ballot still names whom it was marked for; a blank one names nobody.
    const candidate = status === 'blank' ? '' : drawn;
    const voterKey = voterIds === undefined ? g : random.int(voterIds);
    const timestamp = new Date(FIRST_VOTE_MS + Math.floor(((g + random.float()) * VOTING_MS) / total)).toISOString();
    yield {
      region: state,
      candidate: status === 'valid' ? candidate : '',
      status,
      votes: 1,
      voterKey,
      cells: [voteId(seed, voterKey), state, candidate, age, timestamp, status === 'valid', status],
    };
  }
}

/**
 * A uuid-v4-shaped id for a voter key. The first group is a bijection of the key (for keys < 2^32), so distinct
 * keys never share an id; the rest only looks random.
 */
export function voteId(seed: number, key: number): string {
  const a = mix32((key ^ mix32(seed)) >>> 0);
  const b = mix32(a + seed + 1);
  const c = mix32(b + 2);
  const d = mix32(c + 3);
  return (
    hex(a, 8) +
    '-' +
    hex(b >>> 16, 4) +
    '-4' +
    hex(b & 0xfff, 3) +
    '-' +
    hex(0x8000 | (c & 0x3fff), 4) +
    '-' +
    hex(c >>> 16, 4) +
    hex(d, 8)
  );
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, '0');
}
