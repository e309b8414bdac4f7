import type { RowLimiter } from './rowLimits';
import type { ObjectRecord } from './sheetRecords';

/**
 * A parsed JSON element as an ObjectRecord: keys and values as text (numbers/booleans as written by String(),
 * null → "", nested values as JSON). Reads own keys only, so `__proto__` or `constructor` are just names.
 */
export function jsonRecord(value: unknown, row: number, limiter: RowLimiter): ObjectRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { row, error: `not a JSON object (found ${describe(value)})` };
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length > 0) limiter.checkColumn(keys.length - 1, row);
  const values = new Array<string>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    limiter.checkCell(key, row);
    const text = valueText(object[key]);
    limiter.checkCell(text, row);
    values[i] = text;
  }
  return { row, keys, values };
}

function valueText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
      return String(v);
    case 'object':
      return v === null ? '' : JSON.stringify(v);
    default:
      return '';
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
