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

/** FNV-1a: the same name gets the same colour on every page load and for every viewer. */
export function candidateColour(candidate: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < candidate.length; i++) {
    h ^= candidate.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return PALETTE[(h >>> 0) % PALETTE.length];
}

const UTC_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'UTC' });

/** A stored instant as the same text on server and browser (UTC), or a dash when there is none. */
export function formatUtc(iso: string | null): string {
  return iso ? `${UTC_TIME.format(new Date(iso))} UTC` : '—';
}
