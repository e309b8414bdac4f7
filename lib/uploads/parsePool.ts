import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileFormat } from '../ingest/types';
import { log } from '../log';
import type { ChunkSink, ParseOutcome, ParseSettings, StagingChoices } from './parseFileToChunks';
import type { FileParser } from './stageUpload';

export interface ParseJob {
  id: number;
  filePath: string;
  choices: StagingChoices;
  settings: ParseSettings;
}

/** Thread → web node: sink calls (each acknowledged) and the outcome. */
export type ThreadMessage =
  | { kind: 'format'; job: number; call: number; format: FileFormat }
  | { kind: 'chunk'; job: number; call: number; seq: number; rows: number; payload: Uint8Array }
  | { kind: 'errors'; job: number; call: number; list: { row: number; reason: string }[] }
  | { kind: 'done'; job: number; outcome: ParseOutcome };

/** Web node → thread. */
export type ParentMessage = { kind: 'parse'; job: ParseJob } | { kind: 'ack'; call: number };

const BOOT = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

interface Running {
  sink: ChunkSink;
  /** Sink calls under way (a thread has a few chunks being stored at once). */
  calls: Set<Promise<void>>;
  resolve: (o: ParseOutcome) => void;
  reject: (e: Error) => void;
}

/**
 * A fixed set of parse threads, each parsing one file at a time (the web node already bounds concurrent parses by
 * PARSE_CONCURRENCY). The database writes stay on the main thread: a thread only turns a file into encoded chunks
 * and waits for each to be stored before reading on. A thread that dies fails its file and is replaced.
 */
export class ParsePool {
  private idle: Worker[] = [];
  private queue: (() => void)[] = [];
  private jobs = new Map<number, Running>();
  private owner = new Map<Worker, number>();
  private nextJob = 0;
  private closed = false;

  constructor(
    private readonly entry: string,
    private readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  readonly parse: FileParser = (filePath, choices, settings, sink) =>
    new Promise<ParseOutcome>((resolve, reject) => {
      const start = () => {
        const worker = this.idle.pop()!;
        const id = this.nextJob++;
        this.jobs.set(id, { sink, calls: new Set(), resolve, reject });
        this.owner.set(worker, id);
        worker.postMessage({ kind: 'parse', job: { id, filePath, choices, settings } } satisfies ParentMessage);
      };
      if (this.idle.length > 0) start();
      else this.queue.push(start);
    });

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle, ...this.owner.keys()].map((w) => w.terminate()));
  }

  private spawn(): Worker {
    // tsx's loader hooks belong to the main thread; the thread registers its own before loading the entry.
    const worker = new Worker(BOOT, { eval: true, name: 'tally-parse', workerData: { entry: pathToFileURL(this.entry).href } });
    worker.unref();
    worker.on('message', (msg: ThreadMessage) => void this.onMessage(worker, msg));
    worker.on('error', (err) => this.onDeath(worker, err));
    worker.on('exit', (code) => {
      if (!this.closed) this.onDeath(worker, new Error(`parse thread exited with code ${code}`));
    });
    return worker;
  }

  private async onMessage(worker: Worker, msg: ThreadMessage): Promise<void> {
    const job = this.jobs.get(msg.job);
    if (!job) return;
    if (msg.kind === 'done') {
      this.jobs.delete(msg.job);
      this.owner.delete(worker);
      this.release(worker);
      job.resolve(msg.outcome);
      return;
    }
    const call =
      msg.kind === 'format'
        ? job.sink.format(msg.format)
        : msg.kind === 'chunk'
          ? // Arrives as a plain Uint8Array (moved, not copied): a Buffer view of the same memory.
            job.sink.chunk(msg.seq, msg.rows, Buffer.from(msg.payload.buffer, msg.payload.byteOffset, msg.payload.byteLength))
          : job.sink.errors(msg.list);
    job.calls.add(call);
    try {
      await call;
      job.calls.delete(call);
      worker.postMessage({ kind: 'ack', call: msg.call } satisfies ParentMessage);
    } catch (err) {
      // The database refused a write: this file fails; the thread is stopped mid-file and replaced. The caller
      // cleans up what was stored once no other write of this file is still under way.
      if (!this.jobs.delete(msg.job)) return;
      await Promise.allSettled(job.calls);
      job.reject(err as Error);
      this.owner.delete(worker);
      void worker.terminate();
      if (!this.closed) this.release(this.spawn());
    }
  }

  private onDeath(worker: Worker, err: Error): void {
    const jobId = this.owner.get(worker);
    this.idle = this.idle.filter((w) => w !== worker);
    if (jobId === undefined) {
      if (!this.closed && this.owner.size + this.idle.length < this.size) this.release(this.spawn());
      return;
    }
    this.owner.delete(worker);
    const job = this.jobs.get(jobId);
    this.jobs.delete(jobId);
    log.error({ err }, 'parse thread died');
    job?.reject(err);
    if (!this.closed) this.release(this.spawn());
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.queue.shift()?.();
  }
}
