/**
 * A seeded PRNG (sfc32: 128-bit state, passes PractRand, only 32-bit integer ops, so it is fast in JS). Streams are
 * derived from a list of integers (seed, stream, index...) so that every file of a corpus has its own stream and can
 * be generated alone, in any order, with the same result.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seedParts: number[]) {
    let h = 0x9e3779b9;
    for (const part of seedParts) h = mix32(h ^ mix32(part >>> 0)) + 0x6d2b79f5;
    this.a = mix32(h + 1);
    this.b = mix32(h + 2);
    this.c = mix32(h + 3);
    this.d = 1;
    // The first outputs of sfc32 still show the seed's structure.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Integer in [0, n), n ≤ 2^32; two values' chances differ by at most n / 2^32 of their size (2% at n = 9e7). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** murmur3's finaliser: a bijection on 32-bit integers that scatters every input bit over the output. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Index into cumulative weights (ascending, last = total) for a uniform draw. */
export function pickWeighted(cumulative: Float64Array | readonly number[], random: Random): number {
  const x = random.float() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i];
  return out;
}
