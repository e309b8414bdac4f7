// Who leads each region and by how much: what the map and the tiles colour. Pure, shared with tests.
import { leadOf } from '../results/areaView';
import type { RegionResults } from '../results/summarizeCells';

export interface RegionLeader {
  region: string;
  /** null while the region has no valid votes. */
  leader: string | null;
  runnerUp: string | null;
  /** (leader − runner-up) / valid votes, 0–1; null without valid votes. A tie is 0. */
  margin: number | null;
  tied: boolean;
  valid: number;
}

/** A region's leader as the headline computes it (leadOf), in the shape the map and the tiles colour. */
export function regionLeader(r: RegionResults): RegionLeader {
  const lead = leadOf(r.candidates, r.valid);
  if (!lead) return { region: r.region, leader: null, runnerUp: null, margin: null, tied: false, valid: r.valid };
  return {
    region: r.region,
    leader: lead.leader.candidate,
    runnerUp: lead.runnerUp?.candidate ?? null,
    margin: lead.marginShare,
    tied: lead.tie,
    valid: r.valid,
  };
}

/** Colour of a region with no valid votes yet, or a tie. */
export const NO_LEADER_COLOUR = '#d0d5db';

/**
 * The leader's colour, lighter the closer the race: margins from 0 to 20 points run from 35% to full strength
 * (mixed with white), so a landslide and a toss-up look different while the leader stays recognisable.
 */
export function shadeByMargin(colour: string, margin: number | null): string {
  if (margin === null) return colour;
  const strength = 0.35 + 0.65 * Math.min(1, Math.max(0, margin) / 0.2);
  // hsl(h s% l%), as assignColours gives past its palette: raise the lightness towards white.
  const hsl = /^hsl\(\s*([\d.]+)\s+([\d.]+)%\s+([\d.]+)%\s*\)$/.exec(colour);
  if (hsl) return `hsl(${hsl[1]} ${hsl[2]}% ${Math.round(100 - (100 - Number(hsl[3])) * strength)}%)`;
  const m = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!m) return colour;
  const n = parseInt(m[1], 16);
  const mix = (c: number) => Math.round(255 - (255 - c) * strength);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The fill of a region: shaded leader colour, or the neutral grey for no votes / a tie. */
export function leaderFill(l: RegionLeader, colourOf: (candidate: string) => string): string {
  if (l.leader === null || l.tied) return NO_LEADER_COLOUR;
  return shadeByMargin(colourOf(l.leader), l.margin);
}
