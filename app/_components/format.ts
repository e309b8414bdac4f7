// Display helpers shared by the dashboard components. Fixed locale so server and browser render the same text.
const integer = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatInt(n: number): string {
  return integer.format(n);
}

/** Share of a whole, "—" when the whole is 0 (no division by zero on an empty tally). */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? percent.format(part / whole) : '—';
}

export function candidateLabel(candidate: string): string {
  return candidate === '' ? '(no name)' : candidate;
}

// Distinguishable on white and for common colour-vision deficiencies (Okabe–Ito + Tableau-like extras).
const PALETTE = [
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9',
  '#8C6D31', '#6A51A3', '#C0392B', '#117A65', '#7F8C8D', '#B7950B',
];

function hash(s: string): number {
  // FNV-1a: the same name gives the same number on every page load and for every viewer.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A candidate's colour on its own (no knowledge of the other candidates): its hashed palette slot. */
export function candidateColour(candidate: string): string {
  return PALETTE[hash(candidate) % PALETTE.length];
}

/**
 * Colours for the candidates of one race, all different: each takes its hashed slot, or the next free one, in name
 * order — so the same set of candidates gets the same colours on every chart, page load and viewer. Past the
 * palette, hues spread by the golden angle.
 */
export function assignColours(candidates: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<number>();
  const names = [...new Set(candidates)].sort();
  for (const name of names) {
    if (taken.size >= PALETTE.length) {
      out.set(name, `hsl(${Math.round((hash(name) * 137.508) % 360)} 55% 45%)`);
      continue;
    }
    let slot = hash(name) % PALETTE.length;
    while (taken.has(slot)) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    out.set(name, PALETTE[slot]);
  }
  return out;
}

const UTC_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'UTC' });

/** A stored instant as the same text on server and browser (UTC), or a dash when there is none. */
export function formatUtc(iso: string | null): string {
  return iso ? `${UTC_TIME.format(new Date(iso))} UTC` : '—';
}
