import { describe, expect, it } from 'vitest';
import { MAX_EXPECTED_ROWS, parseExpectedVotersCsv } from '../../../lib/regions/expectedVotersCsv';

describe('parseExpectedVotersCsv', () => {
  it('reads region,registered_voters[,expected_votes] with a BOM, CRLF, quotes and an empty expected cell', () => {
    const csv = '\uFEFFRegion, Registered_Voters ,expected_votes\r\nLima,8000000,6500000\r\n"San Martín, Norte",700000,\r\n';
    expect(parseExpectedVotersCsv(csv)).toEqual({
      ok: true,
      regions: [
        { region: 'Lima', registered: 8_000_000, expectedVotes: 6_500_000 },
        { region: 'San Martín, Norte', registered: 700_000, expectedVotes: null },
      ],
    });
  });

  it('expected_votes is optional as a column', () => {
    expect(parseExpectedVotersCsv('region,registered_voters\nCusco,1000\n')).toEqual({ ok: true, regions: [{ region: 'Cusco', registered: 1000, expectedVotes: null }] });
  });

  it('refuses the whole file, listing every bad row with its number (header = row 1) and reason', () => {
    const csv = [
      'region,registered_voters,expected_votes',
      'Lima,1000,900', // 2 ok
      ',5,', // 3 empty region
      'Cusco,-4,', // 4 negative
      'Puno,1.5,', // 5 decimal
      'Tacna,100,200', // 6 expected > registered
      'LIMA,7,', // 7 repeat (case)
      'Ica,10', // 8 too few columns
      '', // 9 blank in between
      'Piura,1e3,', // 10 exponent
      'Loreto,20,abc', // 11 bad expected
      'Junín,30,30', // 12 ok
      '',
    ].join('\n');
    const r = parseExpectedVotersCsv(csv);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe('9 bad rows: nothing was changed');
    expect(r.errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(r.errors[0].reason).toBe('region is empty');
    expect(r.errors[3].reason).toBe('expected_votes (200) is more than registered_voters (100)');
    expect(r.errors[4].reason).toBe('region "LIMA" is already on row 2');
    expect(r.errors[5].reason).toBe('2 columns, expected 3');
    expect(r.errors[6].reason).toBe('blank row');
  });

  it('treats two spellings of one region (accents, punctuation) as a repeat', () => {
    const r = parseExpectedVotersCsv('region,registered_voters\nJunín,1\nJUNIN.,2\n');
    expect(r).toMatchObject({ ok: false, errors: [{ row: 3 }] });
  });

  it('requires the exact header', () => {
    for (const header of ['region,votes', 'registered_voters,region', 'region,registered_voters,expected_votes,extra', 'Lima,100']) {
      const r = parseExpectedVotersCsv(`${header}\nLima,100\n`);
      expect(r).toMatchObject({ ok: false, errors: [{ row: 1 }] });
    }
    expect(parseExpectedVotersCsv('')).toMatchObject({ ok: false, errors: [{ row: 1 }] });
    expect(parseExpectedVotersCsv('region,registered_voters\n')).toMatchObject({ ok: false, errors: [{ row: 2 }] });
  });

  it('refuses broken quoting and too many rows', () => {
    expect(parseExpectedVotersCsv('region,registered_voters\n"Lima,100\n')).toMatchObject({ ok: false, message: 'the file is not valid csv' });
    const big = ['region,registered_voters', ...Array.from({ length: MAX_EXPECTED_ROWS + 1 }, (_, i) => `R${i},1`)].join('\n');
    expect(parseExpectedVotersCsv(big)).toMatchObject({ ok: false, message: 'too many rows' });
  });

  it('refuses absurdly large counts rather than losing precision', () => {
    expect(parseExpectedVotersCsv('region,registered_voters\nLima,12345678901234567890\n')).toMatchObject({ ok: false, errors: [{ row: 2 }] });
  });
});
