import { describe, expect, it } from 'vitest';
import { BuiltPerVersion } from '../../../lib/results/builtPerVersion';

describe('BuiltPerVersion', () => {
  it('builds once for requests at the same time, serves the value again until the version moves past it', async () => {
    const cache = new BuiltPerVersion<{ version: number; n: number }>(4);
    let builds = 0;
    let version = 3;
    const build = async () => ({ version, n: ++builds });
    const [a, b] = await Promise.all([cache.get('k', 3, build), cache.get('k', 3, build)]);
    expect([a.n, b.n, builds]).toEqual([1, 1, 1]);
    expect((await cache.get('k', 2, build)).n).toBe(1);
    version = 4;
    expect((await cache.get('k', 4, build)).n).toBe(2);
    // Keys are apart.
    expect((await cache.get('other', 4, build)).n).toBe(3);
  });

  it('keeps at most maxKeys values, dropping the least recently built', async () => {
    const cache = new BuiltPerVersion<{ version: number; key: string }>(2);
    let builds = 0;
    const build = (key: string) => async () => (builds++, { version: 1, key });
    for (const k of ['a', 'b', 'c']) await cache.get(k, 1, build(k));
    expect(builds).toBe(3);
    await cache.get('c', 1, build('c'));
    await cache.get('b', 1, build('b'));
    expect(builds).toBe(3);
    await cache.get('a', 1, build('a'));
    expect(builds).toBe(4);
  });

  it('a request at a newer version does not share a build that started before it', async () => {
    const cache = new BuiltPerVersion<{ version: number; n: number }>(4);
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const old = cache.get('k', 3, async () => (await slow, { version: 3, n: 1 }));
    const fresh = await cache.get('k', 4, async () => ({ version: 4, n: 2 }));
    expect(fresh).toEqual({ version: 4, n: 2 });
    release();
    expect(await old).toEqual({ version: 3, n: 1 });
    // The older build finishing last does not replace the newer value.
    expect(await cache.get('k', 4, async () => ({ version: 4, n: 3 }))).toEqual({ version: 4, n: 2 });
  });

  it('a failed build is not kept: the next request builds again', async () => {
    const cache = new BuiltPerVersion<{ version: number }>(2);
    await expect(cache.get('k', 1, async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', 1, async () => ({ version: 1 }))).toEqual({ version: 1 });
  });
});
