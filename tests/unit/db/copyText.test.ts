import { describe, expect, it } from 'vitest';
import { copyText } from '../../../lib/pgCopy';

describe('copyText (COPY text format fields)', () => {
  it('writes NULL as \\N and leaves plain text and numbers alone', () => {
    expect(copyText(null)).toBe('\\N');
    expect(copyText('Lima')).toBe('Lima');
    expect(copyText(42)).toBe('42');
  });

  it('escapes the characters that would end a field or a row, and the backslash itself', () => {
    expect(copyText('a\tb')).toBe('a\\tb');
    expect(copyText('a\nb\rc')).toBe('a\\nb\\rc');
    // A literal "\N" must not turn into NULL.
    expect(copyText('\\N')).toBe('\\\\N');
    expect(copyText('C:\\dir\t\\')).toBe('C:\\\\dir\\t\\\\');
  });
});
