import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../../lib/export/csvCell';

describe('csvCell', () => {
  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });
  it('leaves numbers (including negative ones) and plain text alone, quotes delimiters', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('Lima')).toBe('Lima');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
    expect(csvLine([2, 'invalid vote count "-3"'])).toBe('2,"invalid vote count ""-3"""\r\n');
  });
});
