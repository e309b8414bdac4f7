import { getPrisma } from '../db';
import { getEnv } from '../env';
import { log } from '../log';

// While a web node holds an upload (waiting to be parsed, or parsing) it refreshes upload.heartbeat_at, so that
// workers can tell a slow file from a node that died mid-file (lib/uploads/sweepUploads.ts fails the latter).

const held = new Set<string>();
let timer: NodeJS.Timeout | undefined;

export function holdUpload(uploadId: string): void {
  held.add(uploadId);
  if (!timer) {
    timer = setInterval(() => void beat(), Math.max(250, Math.floor(getEnv().STALLED_UPLOAD_MS / 4)));
    timer.unref();
  }
}

export function releaseUpload(uploadId: string): void {
  held.delete(uploadId);
  if (held.size === 0 && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

async function beat(): Promise<void> {
  if (held.size === 0) return;
  try {
    await getPrisma().$executeRaw`UPDATE upload SET heartbeat_at = now() WHERE id = ANY(${[...held]}::uuid[])`;
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'upload heartbeat failed');
  }
}
