import { open } from 'node:fs/promises';

// DOS date 1980-01-01, time 00:00:00: the earliest a zip can say.
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;

/**
 * Sets every entry's modification time in a zip we just wrote to 1980-01-01 00:00, in the central directory and in
 * the local headers. fflate stamps entries with the time of writing (local time zone, 2 s steps) unless given an
 * mtime, and writeXlsx does not pass one, so the same rows would not give the same bytes twice.
 * Stopgap: drop it once writeXlsx takes a fixed mtime. Expects a zip without an archive comment (fflate writes none).
 */
export async function pinZipTimes(filePath: string): Promise<void> {
  const file = await open(filePath, 'r+');
  try {
    const { size } = await file.stat();
    const end = await readAt(file, size - 22, 22);
    if (end.readUInt32LE(0) !== 0x06054b50) throw new Error(`${filePath}: no end of central directory where expected`);
    const entries = end.readUInt16LE(10);
    const directory = await readAt(file, end.readUInt32LE(16), end.readUInt32LE(12));
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(DOS_TIME, 0);
    stamp.writeUInt16LE(DOS_DATE, 2);
    let at = 0;
    for (let i = 0; i < entries; i++) {
      if (directory.readUInt32LE(at) !== 0x02014b50) throw new Error(`${filePath}: central directory entry ${i} is malformed`);
      stamp.copy(directory, at + 12);
      const local = directory.readUInt32LE(at + 42);
      if ((await readAt(file, local, 4)).readUInt32LE(0) !== 0x04034b50) throw new Error(`${filePath}: local header ${i} is malformed`);
      await file.write(stamp, 0, 4, local + 10);
      at += 46 + directory.readUInt16LE(at + 28) + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    await file.write(directory, 0, directory.length, end.readUInt32LE(16));
  } finally {
    await file.close();
  }
}

async function readAt(file: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new Error('unexpected end of zip');
  return buffer;
}
