import type { RawVote } from './mapColumns';
import type { VoteRow, VoteStatus } from './types';

export const MAX_VOTES_PER_ROW = 1_000_000;

/** Contest names and station ids are keys shown on every page: a sane bound. */
export const MAX_NAME_LENGTH = 200;

/** Valid-flag spellings, already lower case and without accents. */
const FLAG_VALUES = new Map<string, boolean>([
  ['1', true], ['true', true], ['si', true], ['yes', true], ['y', true], ['t', true], ['verdadero', true],
  ['0', false], ['false', false], ['no', false], ['n', false], ['f', false], ['falso', false],
]);

/** Status spellings (English, Spanish, Portuguese), folded: lower case, no accents, no spaces. */
const STATUS_VALUES = new Map<string, VoteStatus>([
  ...['valid', 'valido', 'valida', 'validos', 'validas'].map((w) => [w, 'valid'] as const),
  ...['blank', 'blanco', 'blanca', 'branco', 'enblanco', 'embranco', 'votoenblanco', 'votosenblanco', 'votoblanco',
    'votosblancos', 'votoembranco', 'votosembranco', 'votobranco', 'votosbrancos', 'blankvote', 'blankvotes'].map((w) => [w, 'blank'] as const),
  ...['null', 'nulo', 'nula', 'nulos', 'nulas', 'votonulo', 'votosnulos', 'nullvote', 'nullvotes', 'invalid', 'invalido',
    'invalida', 'void', 'spoiled', 'spoilt', 'anulado', 'anulada'].map((w) => [w, 'null'] as const),
]);

/** What a results sheet writes in the candidate column for its blank/null lines ("VOTOS EN BLANCO", "VOTOS NULOS").
 * Only phrases that say "vote": a candidate may well be called Blanco. */
const STATUS_CANDIDATES = new Map<string, VoteStatus>(
  [...STATUS_VALUES].filter(([w]) => /^voto|vote/.test(w)),
);

/**
 * A mapped row as a VoteRow, or the short reason it is rejected. Every value is trimmed and NFC-normalised so
 * that "Áncash" typed composed or decomposed counts as one region.
 */
export function validateRow(raw: RawVote): VoteRow | string {
  const region = raw.region === undefined ? '' : cleanText(raw.region);
  if (region.length === 0) return 'missing region';

  let status: VoteStatus | null = null;
  if (raw.status !== undefined && raw.status.trim().length > 0) {
    status = parseVoteStatus(raw.status);
    if (status === null) return `unknown vote status "${clip(raw.status.trim())}" (valid, blank or null)`;
  }

  if (raw.valid !== undefined && (status === null || raw.valid.trim().length > 0)) {
    const flag = parseValidFlag(raw.valid);
    if (flag === null) {
      const shown = raw.valid.trim();
      return shown.length === 0 ? 'missing valid flag' : `invalid valid flag "${clip(shown)}"`;
    }
    // A blank ballot may be flagged valid (some authorities count it so); a null one may not, nor the reverse.
    if ((status === 'valid' && !flag) || (status === 'null' && flag)) {
      return `status "${clip(raw.status!.trim())}" contradicts valid flag "${clip(raw.valid.trim())}"`;
    }
    status ??= flag ? 'valid' : 'null';
  }

  let candidate = raw.candidate === undefined ? '' : cleanText(raw.candidate);
  if (raw.status === undefined || raw.status.trim().length === 0) {
    // Every such phrase contains "vot": a cheap test spares the fold (Unicode normalisation) on ordinary names.
    const named = candidate.length < 30 && containsVot(candidate) ? STATUS_CANDIDATES.get(foldWords(candidate)) : undefined;
    if (named !== undefined) {
      if (named === 'null' && status === 'valid') return `candidate "${clip(candidate)}" contradicts valid flag "${clip(raw.valid!.trim())}"`;
      status = named;
      candidate = '';
    }
  }
  status ??= 'valid';
  if (status === 'valid' && candidate.length === 0) return 'missing candidate';

  let votes = 1;
  if (raw.votes !== undefined) {
    const text = raw.votes.trim();
    if (text.length > 0) {
      votes = parseVoteCount(text);
      if (votes < 0) return `invalid vote count "${clip(text)}"`;
    }
  }

  const voterId = raw.voterId === undefined ? '' : cleanText(raw.voterId);
  const contest = raw.contest === undefined ? '' : cleanText(raw.contest);
  const station = raw.station === undefined ? '' : cleanText(raw.station);
  if (contest.length > MAX_NAME_LENGTH) return `contest name longer than ${MAX_NAME_LENGTH} characters`;
  if (station.length > MAX_NAME_LENGTH) return `station id longer than ${MAX_NAME_LENGTH} characters`;
  // A station row is that station's tally (an acta), replaced whole by a correction; a voter id marks one ballot,
  // counted once across files. A row cannot be both: which rule would decide whether it counts?
  if (station.length > 0 && voterId.length > 0) return 'a polling-station tally row cannot carry a voter id';
  // Postgres text cannot hold U+0000: such a row could never be stored, so it is refused here, not at commit.
  if (hasNul(region, raw.province, raw.district, candidate, voterId) || contest.includes('\u0000') || station.includes('\u0000') || (raw.extra !== null && extraHasNul(raw.extra))) {
    return 'a value contains a NUL character';
  }
  return {
    contest,
    station,
    region,
    province: raw.province === undefined ? '' : cleanText(raw.province),
    district: raw.district === undefined ? '' : cleanText(raw.district),
    candidate,
    status,
    votes,
    voterId: voterId.length === 0 ? null : voterId,
    extra: raw.extra === null ? null : cleanExtra(raw.extra),
  };
}

/** Trimmed and NFC; ASCII (most values) skips the normaliser. */
export function cleanText(text: string): string {
  const t = text.trim();
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) > 0x7f) return normalizedNfc(t);
  return t;
}

// Files repeat the same few names (regions, candidates) on every row: their NFC form is remembered, up to a bound.
const NFC_CACHE_LIMIT = 4096;
const NFC_MAX_CACHED_LENGTH = 200;
const nfcCache = new Map<string, string>();

function normalizedNfc(t: string): string {
  if (t.length > NFC_MAX_CACHED_LENGTH) return t.normalize('NFC');
  let nfc = nfcCache.get(t);
  if (nfc === undefined) {
    nfc = t.normalize('NFC');
    if (nfcCache.size >= NFC_CACHE_LIMIT) nfcCache.clear();
    nfcCache.set(t, nfc);
  }
  return nfc;
}

/** 1/0, true/false, sí/no, yes/no, y/n, t/f, verdadero/falso in any case and with or without accents; null otherwise. */
export function parseValidFlag(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  const flag = FLAG_VALUES.get(t);
  if (flag !== undefined) return flag;
  return FLAG_VALUES.get(t.normalize('NFD').replace(/[\u0300-\u036f]/g, '')) ?? null;
}

/** valid | blank | null in English, Spanish or Portuguese ("Voto en blanco", "NULO", "inválido"); null otherwise. */
export function parseVoteStatus(text: string): VoteStatus | null {
  return STATUS_VALUES.get(foldWords(text)) ?? null;
}

function foldWords(text: string): string {
  // Already folded (lower-case ASCII letters and digits only, e.g. "valid"): nothing to do.
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) break;
  }
  if (i === text.length) return text;
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s_\-]+/g, '');
}

/** A whole number 0..MAX_VOTES_PER_ROW ("12", "0012", "12.0"); -1 for anything else. */
export function parseVoteCount(text: string): number {
  let n = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    if (n > MAX_VOTES_PER_ROW) return -1;
  }
  if (i === 0) return -1;
  if (i < text.length) {
    // "12.0" / "12.00" as spreadsheets and float columns write whole numbers
    if (text.charCodeAt(i) !== 0x2e || i + 1 === text.length) return -1;
    for (i++; i < text.length; i++) if (text.charCodeAt(i) !== 0x30) return -1;
  }
  return n;
}

function cleanExtra(extra: Record<string, string>): Record<string, string> | null {
  let kept = 0;
  for (const key of Object.keys(extra)) {
    const value = cleanText(extra[key]);
    if (value.length === 0) delete extra[key];
    else {
      extra[key] = value;
      kept++;
    }
  }
  return kept === 0 ? null : extra;
}

/** /vot/i.test(text) without a regex: ASCII letters only, as /i without the u flag matches them. */
function containsVot(text: string): boolean {
  for (let i = 0; i + 2 < text.length; i++) {
    if ((text.charCodeAt(i) | 0x20) === 0x76 && (text.charCodeAt(i + 1) | 0x20) === 0x6f && (text.charCodeAt(i + 2) | 0x20) === 0x74) return true;
  }
  return false;
}

function hasNul(a: string, b: string | undefined, c: string | undefined, d: string, e: string): boolean {
  return a.includes('\u0000') || (b !== undefined && b.includes('\u0000')) || (c !== undefined && c.includes('\u0000')) || d.includes('\u0000') || e.includes('\u0000');
}

function extraHasNul(extra: Record<string, string>): boolean {
  for (const key of Object.keys(extra)) if (key.includes('\u0000') || extra[key].includes('\u0000')) return true;
  return false;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
