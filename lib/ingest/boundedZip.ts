import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';
import { IngestError, type IngestLimits } from './types';

/** Deflate cannot legitimately exceed ~1032:1; real workbooks stay far below. */
const MAX_RATIO = 1000;

/**
 * A zip archive opened for reading with zip-bomb guards: the central directory is checked against the limits
 * before anything inflates, and inflated bytes are counted again while reading because headers can lie.
 */
export class BoundedZip {
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    private readonly lowerCaseNames: Map<string, string>,
    private readonly limits: IngestLimits,
  ) {}

  static async open(filePath: string, limits: IngestLimits): Promise<BoundedZip> {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(filePath, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) =>
        err ? reject(asZipError(err)) : resolve(z),
      );
    });
    // An 'error' event without a listener would crash the process; failures surface through the calls below.
    zip.on('error', () => {});
    try {
      if (zip.entryCount > limits.maxZipEntries) {
        throw new IngestError('zip_limits', `the archive has ${zip.entryCount} entries (limit ${limits.maxZipEntries})`);
      }
      const entries = await readCentralDirectory(zip, limits);
      const lowerCaseNames = new Map<string, string>();
      for (const name of entries.keys()) lowerCaseNames.set(name.toLowerCase(), name);
      return new BoundedZip(zip, entries, lowerCaseNames, limits);
    } catch (err) {
      zip.close();
      throw err;
    }
  }

  /** The stored name of an entry, matched exactly or else case-insensitively; null when absent. */
  find(name: string): string | null {
    if (this.entries.has(name)) return name;
    return this.lowerCaseNames.get(name.toLowerCase()) ?? null;
  }

  /**
   * Streams an entry's inflated bytes, refusing the archive once all inflated bytes pass maxUncompressedBytes.
   * Checks the CRC-32 at the end (yauzl does not): damage that still inflates must not pass as data.
   */
  async *read(name: string): AsyncGenerator<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw new IngestError('corrupt_file', `the workbook has no ${name}`);
    const stream = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(entry, (err, s) => (err ? reject(asZipError(err)) : resolve(s)));
    });
    let crc = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.inflated += chunk.length;
        if (this.inflated > this.limits.maxUncompressedBytes) {
          throw new IngestError('zip_limits', `the workbook inflates past ${this.limits.maxUncompressedBytes} bytes`);
        }
        crc = crc32(chunk, crc);
        yield chunk;
      }
      if (crc >>> 0 !== entry.crc32 >>> 0) throw new IngestError('corrupt_file', `the workbook is damaged: ${name} fails its checksum`);
    } catch (err) {
      throw asZipError(err);
    } finally {
      stream.destroy();
    }
  }

  close(): void {
    this.zip.close();
  }
}

function readCentralDirectory(zip: yauzl.ZipFile, limits: IngestLimits): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    let declared = 0;
    const fail = (err: unknown) => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', onEnd);
      zip.removeListener('error', fail);
      reject(asZipError(err));
    };
    const onEntry = (entry: yauzl.Entry) => {
      declared += entry.uncompressedSize;
      if (declared > limits.maxUncompressedBytes) {
        return fail(new IngestError('zip_limits', `the archive would inflate past ${limits.maxUncompressedBytes} bytes`));
      }
      if (entry.uncompressedSize > entry.compressedSize * MAX_RATIO) {
        return fail(new IngestError('zip_limits', `${entry.fileName} is compressed more than ${MAX_RATIO}:1 (a zip bomb?)`));
      }
      if (!entries.has(entry.fileName)) entries.set(entry.fileName, entry);
      zip.readEntry();
    };
    const onEnd = () => {
      zip.removeListener('error', fail);
      resolve(entries);
    };
    zip.on('entry', onEntry);
    zip.once('end', onEnd);
    zip.on('error', fail);
    zip.readEntry();
  });
}

function asZipError(err: unknown): unknown {
  if (err instanceof IngestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('too many bytes in the stream')) {
    return new IngestError('zip_limits', 'a workbook entry inflates past its declared size');
  }
  return new IngestError('corrupt_file', `the workbook is damaged or truncated (${message})`);
}
