import { describe, expect, it } from 'vitest';
import { StatusChanges } from '../../../lib/live/statusChanges';

describe('StatusChanges', () => {
  it('passes the first status and every change, not repeats', () => {
    const s = new StatusChanges();
    expect(['queued', 'processing', 'processing', 'processing', 'done', 'done', 'retracted'].map((st) => s.changed('a', st))).toEqual([
      true,
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
    expect(s.changed('b', 'processing')).toBe(true);
  });
  it('forgets the least recently changed ids past its bound', () => {
    const s = new StatusChanges(2);
    s.changed('a', 'done');
    s.changed('b', 'done');
    s.changed('c', 'done');
    expect(s.changed('a', 'done')).toBe(true); // forgotten, so seen as new
    expect(s.changed('c', 'done')).toBe(false);
  });
});
