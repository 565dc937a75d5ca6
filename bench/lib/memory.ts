import { Worker } from 'node:worker_threads';

// The worker samples process.memoryUsage.rss(), which is the whole process's
// resident set, every INTERVAL_MS. It runs on its own thread because
// better-sqlite3 calls are synchronous: a timer on the main thread would not
// fire during a long transaction, which is where the peak usually is.
const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const cells = new BigInt64Array(workerData.buffer);
const timer = setInterval(() => {
  const rss = BigInt(process.memoryUsage.rss());
  let current = Atomics.load(cells, 0);
  while (rss > current) {
    const previous = Atomics.compareExchange(cells, 0, current, rss);
    if (previous === current) break;
    current = previous;
  }
  if (Atomics.load(cells, 1) === 1n) clearInterval(timer);
}, workerData.intervalMs);
`;

const INTERVAL_MS = 5;

/** Peak resident set size (RSS) of this process, sampled from a worker thread. */
export class RssSampler {
  private readonly cells: BigInt64Array;

  private constructor(
    private readonly worker: Worker,
    buffer: SharedArrayBuffer,
  ) {
    this.cells = new BigInt64Array(buffer);
  }

  /** Starts the sampling worker. Its own memory (a few MiB) is part of every reading. */
  static start(): RssSampler {
    const buffer = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
    const worker = new Worker(SAMPLER_SOURCE, {
      eval: true,
      workerData: { buffer, intervalMs: INTERVAL_MS },
    });
    worker.unref();
    const sampler = new RssSampler(worker, buffer);
    sampler.reset();
    return sampler;
  }

  /** Forgets the peak so far and starts a new measurement from the current RSS. */
  reset(): void {
    Atomics.store(this.cells, 0, BigInt(process.memoryUsage.rss()));
  }

  /** Returns the highest RSS in bytes since the last reset, including a sample taken now. */
  peak(): number {
    const now = BigInt(process.memoryUsage.rss());
    const sampled = Atomics.load(this.cells, 0);
    return Number(now > sampled ? now : sampled);
  }

  /** Stops the worker. */
  async stop(): Promise<void> {
    Atomics.store(this.cells, 1, 1n);
    await this.worker.terminate();
  }
}
