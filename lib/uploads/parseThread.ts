// Worker-thread entry: parses spooled files for the web node (lib/uploads/parsePool.ts) so that parsing, the one
// CPU-heavy thing a web node does, never holds up the event loop serving sockets and API requests.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { parseFileToChunks, type ChunkSink } from './parseFileToChunks';
import type { ParseJob, ThreadMessage, ParentMessage } from './parsePool';

const port = parentPort!;

// On Linux a priority set from a thread applies to that thread only: parsing is bulk work, so when the cores are
// busy the main thread (sockets, API) runs first. Where that is not allowed, parsing simply keeps normal priority.
try {
  setPriority(10);
} catch {
  // not permitted here: ignore
}
const waiting = new Map<number, () => void>();
let nextCall = 0;

/** Sends one sink call and waits for the parent to finish it (backpressure: one chunk in flight per file). */
type SinkCall = Extract<ThreadMessage, { call: number }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function call(job: number, message: DistributiveOmit<SinkCall, 'job' | 'call'>): Promise<void> {
  const id = nextCall++;
  // A chunk's payload is moved to the main thread, not copied, when it owns its memory (large Buffers do).
  const owned = message.kind === 'chunk' && message.payload.byteOffset === 0 && message.payload.byteLength === message.payload.buffer.byteLength;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    port.postMessage({ ...message, job, call: id } as ThreadMessage, owned ? [message.payload.buffer as ArrayBuffer] : []);
  });
}

port.on('message', (msg: ParentMessage) => {
  if (msg.kind === 'ack') {
    waiting.get(msg.call)?.();
    waiting.delete(msg.call);
    return;
  }
  void run(msg.job);
});

async function run(job: ParseJob): Promise<void> {
  const sink: ChunkSink = {
    format: (format) => call(job.id, { kind: 'format', format }),
    chunk: (seq, rows, payload) => call(job.id, { kind: 'chunk', seq, rows, payload }),
    errors: (list) => call(job.id, { kind: 'errors', list }),
  };
  const outcome = await parseFileToChunks(job.filePath, job.choices, job.settings, sink);
  port.postMessage({ kind: 'done', job: job.id, outcome } satisfies ThreadMessage);
}
