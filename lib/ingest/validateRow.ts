import type { RawVote } from './mapColumns';
import type { VoteRow } from './types';

export const MAX_VOTES_PER_ROW = 1_000_000;

/** Valid-flag spellings, already lower case and without accents. */
const FLAG_VALUES = new Map<string, boolean>([
  ['1', true], ['true', true], ['si', true], ['yes', true], ['y', true], ['t', true], ['verdadero', true],
  ['0', false], ['false', false], ['no', false], ['n', false], ['f', false], ['falso', false],
]);

/**
 * A mapped row as a VoteRow, or the short reason it is rejected. Every value is trimmed and NFC-normalised so
 * that "Áncash" typed composed or decomposed counts as one region.
 */
export function validateRow(raw: RawVote): VoteRow | string {
  const region = raw.region === undefined ? '' : cleanText(raw.region);
  if (region.length === 0) return 'missing region';

  let valid = true;
  if (raw.valid !== undefined) {
    const flag = parseValidFlag(raw.valid);
    if (flag === null) {
      const shown = raw.valid.trim();
      return shown.length === 0 ? 'missing valid flag' : `invalid valid flag "${clip(shown)}"`;
    }
    valid = flag;
  }

  const candidate = raw.candidate === undefined ? '' : cleanText(raw.candidate);
  if (valid && candidate.length === 0) return 'missing candidate';

  let votes = 1;
  if (raw.votes !== undefined) {
    const text = raw.votes.trim();
    if (text.length > 0) {
      votes = parseVoteCount(text);
      if (votes < 0) return `invalid vote count "${clip(text)}"`;
    }
  }

  const voterId = raw.voterId === undefined ? '' : cleanText(raw.voterId);
  return {
    region,
    province: raw.province === undefined ? '' : cleanText(raw.province),
    district: raw.district === undefined ? '' : cleanText(raw.district),
    candidate,
    valid,
    votes,
    voterId: voterId.length === 0 ? null : voterId,
    extra: raw.extra === null ? null : cleanExtra(raw.extra),
  };
}

/** Trimmed and NFC; ASCII (most values) skips the normaliser. */
export function cleanText(text: string): string {
  const t = text.trim();
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) > 0x7f) return t.normalize('NFC');
  return t;
}

/** 1/0, true/false, sí/no, yes/no, y/n, t/f, verdadero/falso in any case and with or without accents; null otherwise. */
export function parseValidFlag(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  const flag = FLAG_VALUES.get(t);
  if (flag !== undefined) return flag;
  return FLAG_VALUES.get(t.normalize('NFD').replace(/[\u0300-\u036f]/g, '')) ?? null;
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

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
