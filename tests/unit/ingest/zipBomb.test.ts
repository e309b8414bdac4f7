import { constants, crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../../lib/ingest/readXlsx';
import { readVoteRows } from '../../../lib/ingest/readVoteRows';
import { resolveLimits } from '../../../lib/ingest/rowLimits';
import { collect, errorOf, handmadeZip, makeTempDir, storedEntry, type HandmadeEntry } from './fixtureFiles';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const WORKBOOK = storedEntry('xl/workbook.xml', `<workbook xmlns="${MAIN}"><sheets><sheet name="S" sheetId="1"/></sheets></workbook>`);

/**
 * Raw deflate of `mib` MiB of one repeated byte, built from a single compressed MiB: a full flush makes each block
 * self-contained, so blocks can be repeated and closed with an empty final block. Nothing this size is allocated.
 */
function deflatedRepeat(byte: number, mib: number): { stored: Buffer; crc: number; size: number } {
  const mibOf = Buffer.alloc(1 << 20, byte);
  const block = deflateRawSync(mibOf, { finishFlush: constants.Z_FULL_FLUSH });
  const stored = Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(mibOf, crc);
  return { stored, crc, size: mib * (1 << 20) };
}

function sheetEntry(content: { stored: Buffer; crc: number; size: number }, declaredSize = content.size): HandmadeEntry {
  return { name: 'xl/worksheets/sheet1.xml', stored: content.stored, method: 8, crc: content.crc, uncompressedSize: declaredSize };
}

const rssBytes = () => process.memoryUsage().rss;

describe('zip bombs', () => {
  it('refuses an honest 2 GiB sheet of zeros from its central directory, without inflating it', async () => {
    const zeros = deflatedRepeat(0, 2048); // ~2 MiB on disk, sizes and CRC declared honestly
    const file = tmp.file('honest-bomb.xlsx', handmadeZip([WORKBOOK, sheetEntry(zeros)]));
    const before = rssBytes();
    const started = Date.now();
    // default limits: 1 GiB uncompressed
    const err = await errorOf(() => collect(readVoteRows(file)));
    expect(err).toMatchObject({ name: 'IngestError', code: 'zip_limits' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(rssBytes() - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses an entry compressed past 1000:1 even when the total is within the limit', async () => {
    const zeros = deflatedRepeat(0x20, 8); // 8 MiB of spaces from ~8 KiB
    const file = tmp.file('ratio-bomb.xlsx', handmadeZip([WORKBOOK, sheetEntry(zeros)]));
    const err = await errorOf(() => collect(readXlsx(file, resolveLimits({ maxUncompressedBytes: 64 * 1024 * 1024 }))));
    expect(err).toMatchObject({ code: 'zip_limits', message: expect.stringMatching(/1000:1/) });
  });

  it('refuses archives over the entry-count or uncompressed-size limits', async () => {
    const many = Array.from({ length: 12 }, (_, i) => storedEntry(`xl/media/${i}.txt`, 'x'));
    const crowded = tmp.file('crowded.xlsx', handmadeZip([WORKBOOK, ...many]));
    expect(await errorOf(() => collect(readXlsx(crowded, resolveLimits({ maxZipEntries: 10 }))))).toMatchObject({ code: 'zip_limits' });

    const big = storedEntry('xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN}"><sheetData>${' '.repeat(5000)}</sheetData></worksheet>`);
    const file = tmp.file('big.xlsx', handmadeZip([WORKBOOK, big]));
    expect(await errorOf(() => collect(readXlsx(file, resolveLimits({ maxUncompressedBytes: 4096 }))))).toMatchObject({ code: 'zip_limits' });
  });

  it('stops inflating an entry whose headers lie about its size', async () => {
    // 64 MiB of spaces (valid XML whitespace) declared as 1 000 bytes in both the local and the central header
    const spaces = deflatedRepeat(0x20, 64);
    const head = `<worksheet xmlns="${MAIN}"><sheetData>`;
    const lying: HandmadeEntry = {
      ...sheetEntry({ stored: Buffer.concat([deflateRawSync(Buffer.from(head), { finishFlush: constants.Z_FULL_FLUSH }), spaces.stored]), crc: 0, size: 0 }),
      uncompressedSize: 1000,
    };
    const file = tmp.file('lying-bomb.xlsx', handmadeZip([WORKBOOK, lying]));
    const before = rssBytes();
    const err = await errorOf(() => collect(readXlsx(file, resolveLimits({ maxUncompressedBytes: 1024 * 1024 }))));
    expect(err).toMatchObject({ code: 'zip_limits' });
    expect(rssBytes() - before).toBeLessThan(100 * 1024 * 1024);
  });
});
