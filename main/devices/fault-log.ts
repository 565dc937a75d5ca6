// Logs each device fault once, then counts its repeats instead of logging
// every poll: a printer out of paper would otherwise log every few seconds.
import type { Logger } from '../log.js';

/** Interval after which a fault that keeps repeating is logged again with its count. */
export const REPEAT_LOG_INTERVAL_MS = 60_000;

interface ActiveFault {
  code: string;
  repeats: number;
  firstAt: number;
  lastLoggedAt: number;
}

/**
 * Tracks the current fault of each device. `report()` logs a new fault at
 * once, and a repeat of the same fault when its count reaches a power of two
 * or a minute has passed since the last line. `clear()` logs the recovery
 * with the total count. Log fields are the device id, the fault code and
 * counts, never card or posting data.
 */
export class FaultLog {
  private readonly active = new Map<string, ActiveFault>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one occurrence of `code` on `device`; returns true when it was logged. */
  report(device: string, code: string, detail?: string): boolean {
    const time = this.now();
    const current = this.active.get(device);
    if (current === undefined || current.code !== code) {
      this.active.set(device, { code, repeats: 1, firstAt: time, lastLoggedAt: time });
      this.log.warn({ device, code, detail }, 'device fault');
      return true;
    }
    current.repeats += 1;
    const powerOfTwo = (current.repeats & (current.repeats - 1)) === 0;
    if (!powerOfTwo && time - current.lastLoggedAt < REPEAT_LOG_INTERVAL_MS) return false;
    current.lastLoggedAt = time;
    this.log.warn(
      { device, code, repeats: current.repeats, sinceMs: time - current.firstAt },
      'device fault repeats',
    );
    return true;
  }

  /** Ends the fault of `device`, if any, and logs the recovery. */
  clear(device: string): void {
    const current = this.active.get(device);
    if (current === undefined) return;
    this.active.delete(device);
    this.log.info(
      {
        device,
        code: current.code,
        repeats: current.repeats,
        durationMs: this.now() - current.firstAt,
      },
      'device fault cleared',
    );
  }

  /** Repeats of the current fault of `device`, or 0 without one. */
  repeats(device: string): number {
    return this.active.get(device)?.repeats ?? 0;
  }
}
