import { describe, expect, it } from 'vitest';
import { leaderFill, NO_LEADER_COLOUR, regionLeader, shadeByMargin } from '../../../lib/regions/regionLeaders';
import type { RegionResults } from '../../../lib/results/summarizeCells';

const region = (name: string, votes: [string, number][], blank = 0): RegionResults => {
  const valid = votes.reduce((n, [, v]) => n + v, 0);
  return { region: name, votes: valid + blank, valid, blank, null: 0, candidates: votes.map(([candidate, v]) => ({ candidate, votes: v })) };
};

describe('regionLeader', () => {
  it('leader, runner-up and margin as a share of valid votes', () => {
    expect(regionLeader(region('Lima', [['A', 60], ['B', 30], ['C', 10]], 50))).toEqual({
      region: 'Lima', leader: 'A', runnerUp: 'B', margin: 0.3, tied: false, valid: 100,
    });
  });
  it('a lone candidate leads by everything; a tie is flagged; no valid votes means no leader', () => {
    expect(regionLeader(region('X', [['A', 5]])).margin).toBe(1);
    expect(regionLeader(region('X', [['A', 5], ['B', 5]]))).toMatchObject({ leader: 'A', tied: true, margin: 0 });
    expect(regionLeader(region('X', [], 7))).toMatchObject({ leader: null, margin: null });
  });
});

describe('shadeByMargin / leaderFill', () => {
  it('full colour from 20 points, paler below, never white', () => {
    expect(shadeByMargin('#0072B2', 0.25)).toBe('#0072b2');
    expect(shadeByMargin('#0072B2', 0.2)).toBe('#0072b2');
    const close = shadeByMargin('#0072B2', 0);
    expect(close).not.toBe('#ffffff');
    expect(parseInt(close.slice(1, 3), 16)).toBeGreaterThan(0x00);
    expect(shadeByMargin('#0072B2', null)).toBe('#0072B2');
    expect(shadeByMargin('hsl(120 55% 45%)', 0.3)).toBe('hsl(120 55% 45%)');
    expect(shadeByMargin('hsl(120 55% 45%)', 0)).toBe('hsl(120 55% 81%)');
    expect(shadeByMargin('red', 0)).toBe('red');
  });
  it('grey for no leader or a tie', () => {
    const colour = () => '#000000';
    expect(leaderFill(regionLeader(region('X', [['A', 5], ['B', 5]])), colour)).toBe(NO_LEADER_COLOUR);
    expect(leaderFill(regionLeader(region('X', [])), colour)).toBe(NO_LEADER_COLOUR);
    expect(leaderFill(regionLeader(region('X', [['A', 9], ['B', 1]])), colour)).toBe('#000000');
  });
});
