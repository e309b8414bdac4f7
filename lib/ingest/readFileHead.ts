import { open } from 'node:fs/promises';

/** Up to `maxBytes` from the start of a file, and whether that is the whole file. */
export async function readFileHead(filePath: string, maxBytes: number): Promise<{ head: Buffer; complete: boolean }> {
  const fh = await open(filePath, 'r');
  try {
    const buf = Buffer.allocUnsafe(maxBytes);
    let filled = 0;
    while (filled < maxBytes) {
      const { bytesRead } = await fh.read(buf, filled, maxBytes - filled, filled);
      if (bytesRead === 0) return { head: buf.subarray(0, filled), complete: true };
      filled += bytesRead;
    }
    const { size } = await fh.stat();
    return { head: buf, complete: size <= maxBytes };
  } finally {
    await fh.close();
  }
}
