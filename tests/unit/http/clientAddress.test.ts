import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../lib/http/clientAddress';

describe('clientAddress', () => {
  it('is the TCP peer without trusted proxies, whatever the client writes in X-Forwarded-For', () => {
    expect(clientAddress('10.0.0.5', '1.2.3.4', 0)).toBe('10.0.0.5');
    expect(clientAddress(undefined, undefined, 0)).toBe('unknown');
  });

  it('behind one proxy is the entry it appended, not one the client sent before it', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', 'spoofed, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', ['spoofed', '203.0.113.7'], 1)).toBe('203.0.113.7');
  });

  it('counts hops from the right and falls back to the peer when the chain is shorter than the hops', () => {
    expect(clientAddress('10.0.0.2', 'spoofed, 203.0.113.7, 10.0.0.9', 2)).toBe('203.0.113.7');
    expect(clientAddress('10.0.0.2', '203.0.113.7', 2)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
  });
});
