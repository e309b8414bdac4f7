import { describe, expect, it } from 'vitest';
import { parseVersionParam } from '../../../lib/results/getResultsAt';
import { parseLedgerQuery } from '../../../lib/results/getLedger';

const q = (s: string) => parseLedgerQuery(new URLSearchParams(s));

describe('parseLedgerQuery', () => {
  it('defaults to the newest 50 and takes before and limit up to 200', () => {
    expect(q('')).toEqual({ ok: true, query: { before: undefined, limit: 50 } });
    expect(q('before=120&limit=200')).toEqual({ ok: true, query: { before: 120, limit: 200 } });
  });

  it('refuses anything else', () => {
    for (const s of ['limit=0', 'limit=201', 'limit=-1', 'limit=abc', 'before=-3', 'before=1.5', 'before=', 'before=1e3']) expect(q(s).ok).toBe(false);
  });
});

describe('parseVersionParam', () => {
  it('takes a non-negative whole number only', () => {
    expect(parseVersionParam('0')).toBe(0);
    expect(parseVersionParam('42')).toBe(42);
    for (const s of [null, '', '-1', '1.0', 'x', '1e2', '9999999999999999']) expect(parseVersionParam(s)).toBeNull();
  });
});
