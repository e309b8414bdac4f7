import { describe, expect, it } from 'vitest';
import { looksLikeUsStates, matchRegionNames, normalizeRegionName, US_STATE_NAMES } from '../../../lib/regions/regionNames';
import { US_STATES } from '../../../lib/generate/us';

describe('normalizeRegionName', () => {
  it('ignores case, accents, punctuation and spacing', () => {
    expect(normalizeRegionName('  APURÍMAC ')).toBe('apurimac');
    expect(normalizeRegionName('San  Martín')).toBe(normalizeRegionName('san-martin'));
    expect(normalizeRegionName('Washington, D.C.')).toBe('washington d c');
    expect(normalizeRegionName("Côte-d'Ivoire")).toBe('cote d ivoire');
  });

  it('drops a leading "State of" / "Estado de" / "Departamento de" / "the", not a trailing word', () => {
    expect(normalizeRegionName('State of California')).toBe('california');
    expect(normalizeRegionName('Estado de México')).toBe('mexico');
    expect(normalizeRegionName('Departamento de Lima')).toBe('lima');
    expect(normalizeRegionName('Commonwealth of the Northern Mariana Islands')).toBe('northern mariana islands');
    expect(normalizeRegionName('New York State')).toBe('new york state');
    // Nothing but a prefix word: kept rather than emptied.
    expect(normalizeRegionName('Region')).toBe('region');
  });
});

describe('matchRegionNames', () => {
  it('pairs result regions with shapes by normalised name and lists what is left on each side', () => {
    const m = matchRegionNames(['LIMA', 'Cusco', 'Atlantis', 'lima '], ['Lima', 'Cusco', 'Puno']);
    expect([...m.matched]).toEqual([
      ['LIMA', 'Lima'],
      ['Cusco', 'Cusco'],
      ['lima ', 'Lima'],
    ]);
    expect(m.unmatchedRegions).toEqual(['Atlantis']);
    expect(m.unmatchedShapes).toEqual(['Puno']);
  });

  it('with US codes: postal codes and DC spellings match the built-in states', () => {
    const m = matchRegionNames(['CA', 'tx', 'Washington DC', 'D.C.', 'Washington', 'State of New York', 'ZZ'], US_STATE_NAMES, { usCodes: true });
    expect(Object.fromEntries(m.matched)).toEqual({
      CA: 'California',
      tx: 'Texas',
      'Washington DC': 'District of Columbia',
      'D.C.': 'District of Columbia',
      Washington: 'Washington',
      'State of New York': 'New York',
    });
    expect(m.unmatchedRegions).toEqual(['ZZ']);
  });

  it('does not read two-letter names as US codes unless asked', () => {
    expect(matchRegionNames(['CA'], US_STATE_NAMES).unmatchedRegions).toEqual(['CA']);
  });

  it('matches every state of the US corpus generator', () => {
    const m = matchRegionNames(US_STATES.map(([n]) => n), US_STATE_NAMES, { usCodes: true });
    expect(m.unmatchedRegions).toEqual([]);
    expect(m.matched.size).toBe(50);
  });
});

describe('looksLikeUsStates', () => {
  it('needs at least 3 regions and half of them to be states (or all of a smaller set)', () => {
    expect(looksLikeUsStates(['California', 'Texas', 'Ohio', 'Atlantis'])).toBe(true);
    expect(looksLikeUsStates(['CA', 'NY'])).toBe(true);
    expect(looksLikeUsStates(['Lima', 'Cusco', 'Puno', 'Georgia'])).toBe(false);
    expect(looksLikeUsStates([])).toBe(false);
  });
});
