import { describe, expect, it } from 'vitest';
import { summarizeDelta } from '../../../lib/results/summarizeDelta';

describe('summarizeDelta', () => {
  it('nets each region and lists the valid candidates that went down, largest drop first', () => {
    const s = summarizeDelta([
      ['Lima', 'Ana', 'valid', 10],
      ['Lima', '', 'null', 2],
      ['Cusco', 'Beto', 'valid', -3],
      ['Cusco', 'Ana', 'valid', 1],
      ['Áncash', 'Ana', 'valid', -7],
      ['Áncash', '', 'blank', -1],
    ]);
    expect(s.votes).toBe(2);
    expect(s.regions).toEqual([
      { region: 'Áncash', votes: -8 },
      { region: 'Cusco', votes: -2 },
      { region: 'Lima', votes: 12 },
    ]);
    expect(s.decreases).toEqual([
      { region: 'Áncash', candidate: 'Ana', votes: -7 },
      { region: 'Cusco', candidate: 'Beto', votes: -3 },
    ]);
  });

  it('nets a cell named twice, leaves out regions that net to zero and never lists blank or null drops', () => {
    const s = summarizeDelta([
      ['Lima', 'Ana', 'valid', 5],
      ['Lima', 'Ana', 'valid', -3],
      ['Cusco', 'Beto', 'valid', 4],
      ['Cusco', 'Ana', 'valid', -4],
      ['Piura', '', 'null', -6],
      ['Piura', 'X', 'valid', 0],
    ]);
    expect(s.regions).toEqual([
      { region: 'Lima', votes: 2 },
      { region: 'Piura', votes: -6 },
    ]);
    expect(s.decreases).toEqual([{ region: 'Cusco', candidate: 'Ana', votes: -4 }]);
    expect(s.votes).toBe(-4);
  });

  it('is empty for an empty delta', () => {
    expect(summarizeDelta([])).toEqual({ regions: [], votes: 0, decreases: [] });
  });
});
