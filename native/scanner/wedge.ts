/**
 * Tells a keyboard-wedge scanner's input from human typing. A wedge scanner
 * "types" the code as a burst of key presses a few milliseconds apart and
 * usually ends it with Enter. A person types unevenly, roughly 100-300 ms a
 * key (an estimate, not a measurement). The detector needs no DOM: feed it
 * `{ key, time }` pairs with a `KeyboardEvent.key` value and
 * `KeyboardEvent.timeStamp` (any monotonic milliseconds).
 */

export interface KeystrokeEvent {
  key: string;
  /** Milliseconds from any monotonic clock. */
  time: number;
}

export interface WedgeOptions {
  /** Largest gap between two keys of one scan, in milliseconds; default 40. */
  maxGapMs?: number;
  /** Minimum scan length in characters; shorter bursts count as typing. Default 6. */
  minLength?: number;
  /**
   * Key that ends a scan, as `KeyboardEvent.key`; default `Enter`. With null,
   * a burst ends when no key follows within `maxGapMs` (see `flush()`).
   */
  terminator?: string | null;
  /** Maximum scan length in characters; a longer burst is given back as typing. Default 4096. */
  maxLength?: number;
}

export type WedgeResult =
  | { type: 'scan'; text: string; startTime: number; endTime: number }
  /** Keys that were not part of a scan, in order, for the caller to pass on. */
  | { type: 'typing'; keys: KeystrokeEvent[] };

/** Keys that scanners and people press alongside characters; they never split a burst. */
const MODIFIER_KEYS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
  'NumLock',
]);

/**
 * Buffers fast bursts of character keys and decides, when the burst ends,
 * whether it was a scan. `push()` returns decisions as they become final;
 * call `flush(now)` from a timer (every `maxGapMs` or so) to settle a burst
 * that no further key ends.
 */
export class WedgeDetector {
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly terminator: string | null;
  private readonly maxLength: number;
  private burst: KeystrokeEvent[] = [];

  constructor(options: WedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 40;
    this.minLength = options.minLength ?? 6;
    this.terminator = options.terminator === undefined ? 'Enter' : options.terminator;
    this.maxLength = options.maxLength ?? 4096;
    if (!(this.maxGapMs > 0))
      throw new RangeError(`maxGapMs must be positive, got ${this.maxGapMs}`);
    if (!Number.isInteger(this.minLength) || this.minLength < 1) {
      throw new RangeError(`minLength must be a positive integer, got ${this.minLength}`);
    }
  }

  /** Number of keys held back while a burst is undecided. */
  get pending(): number {
    return this.burst.length;
  }

  push(event: KeystrokeEvent): WedgeResult[] {
    if (MODIFIER_KEYS.has(event.key)) return [];
    const results: WedgeResult[] = [];
    const last = this.burst[this.burst.length - 1];
    const gap = last === undefined ? 0 : event.time - last.time;
    const inBurst = last !== undefined && gap >= 0 && gap <= this.maxGapMs;

    const unterminated = this.terminator === null;
    if (last !== undefined && !inBurst) this.settle(results, unterminated);

    if (event.key === this.terminator) {
      if (this.burst.length >= this.minLength && inBurst) {
        results.push(this.scanOf(this.burst, event.time));
        this.burst = [];
      } else {
        this.settle(results, false);
        results.push({ type: 'typing', keys: [event] });
      }
      return results;
    }

    if (!isCharacterKey(event.key)) {
      this.settle(results, unterminated && inBurst);
      results.push({ type: 'typing', keys: [event] });
      return results;
    }

    this.burst.push(event);
    if (this.burst.length > this.maxLength) this.settle(results, false);
    return results;
  }

  /**
   * Settles the burst when no key came for more than `maxGapMs` before `now`:
   * a scan when there is no terminator and it is long enough, else typing.
   */
  flush(now: number): WedgeResult[] {
    const last = this.burst[this.burst.length - 1];
    if (last === undefined || now - last.time <= this.maxGapMs) return [];
    const results: WedgeResult[] = [];
    this.settle(results, this.terminator === null);
    return results;
  }

  private settle(results: WedgeResult[], mayBeScan: boolean): void {
    if (this.burst.length === 0) return;
    const last = this.burst[this.burst.length - 1];
    if (mayBeScan && last !== undefined && this.burst.length >= this.minLength) {
      results.push(this.scanOf(this.burst, last.time));
    } else {
      results.push({ type: 'typing', keys: this.burst });
    }
    this.burst = [];
  }

  private scanOf(keys: KeystrokeEvent[], endTime: number): WedgeResult {
    return {
      type: 'scan',
      text: keys.map((key) => key.key).join(''),
      startTime: keys[0]?.time ?? endTime,
      endTime,
    };
  }
}

/** Returns whether a key types one printable character (a `KeyboardEvent.key` of one code point). */
function isCharacterKey(key: string): boolean {
  const characters = [...key];
  if (characters.length !== 1) return false;
  const code = key.codePointAt(0) ?? 0;
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}
