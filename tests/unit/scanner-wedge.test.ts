import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WedgeDetector,
  seededRandom,
  typingKeystrokes,
  wedgeKeystrokes,
  type KeystrokeEvent,
  type WedgeResult,
} from '../../native/scanner/index.js';

function run(
  detector: WedgeDetector,
  events: KeystrokeEvent[],
  flushAt?: number,
): WedgeResult[] {
  const results = events.flatMap((event) => detector.push(event));
  if (flushAt !== undefined) results.push(...detector.flush(flushAt));
  return results;
}

function scans(results: WedgeResult[]): string[] {
  return results.flatMap((result) => (result.type === 'scan' ? [result.text] : []));
}

function typedKeys(results: WedgeResult[]): string[] {
  return results.flatMap((result) =>
    result.type === 'typing' ? result.keys.map((key) => key.key) : [],
  );
}

describe('WedgeDetector', () => {
  it('fast burst with Enter is a scan', () => {
    const detector = new WedgeDetector();
    const results = run(
      detector,
      wedgeKeystrokes('https://kiosk.example/jobs/42', { random: seededRandom(1) }),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      type: 'scan',
      text: 'https://kiosk.example/jobs/42',
      startTime: 0,
    });
    expect(detector.pending).toBe(0);
  });

  it('upper case with Shift is one scan', () => {
    const results = run(
      new WedgeDetector(),
      wedgeKeystrokes('AB12cdEF', { random: seededRandom(2) }),
    );
    expect(scans(results)).toEqual(['AB12cdEF']);
  });

  it('human typing is not a scan', () => {
    const detector = new WedgeDetector();
    const events = typingKeystrokes('13800000000', {
      terminator: 'Enter',
      random: seededRandom(3),
    });
    const results = run(detector, events);
    expect(scans(results)).toEqual([]);
    expect(typedKeys(results)).toEqual([...'13800000000', 'Enter']);
  });

  it('short burst is typing', () => {
    const results = run(new WedgeDetector({ minLength: 6 }), wedgeKeystrokes('12345'));
    expect(scans(results)).toEqual([]);
    expect(typedKeys(results)).toEqual(['1', '2', '3', '4', '5', 'Enter']);
  });

  it('slow Enter after a burst is typing', () => {
    const events = wedgeKeystrokes('1234567890', {
      terminator: null,
      gapMs: 5,
      jitterMs: 0,
    });
    events.push({ key: 'Enter', time: 45 + 200 });
    const results = run(new WedgeDetector(), events);
    expect(scans(results)).toEqual([]);
    expect(typedKeys(results)).toHaveLength(11);
  });

  it('one slow gap splits the burst', () => {
    const events: KeystrokeEvent[] = [
      ...wedgeKeystrokes('ABCDEF', { terminator: null, gapMs: 5, jitterMs: 0 }),
      ...wedgeKeystrokes('123456', { startTime: 200, gapMs: 5, jitterMs: 0 }),
    ];
    const results = run(new WedgeDetector(), events);
    expect(scans(results)).toEqual(['123456']);
    expect(typedKeys(results)).toEqual([...'ABCDEF']);
  });

  it('typing then a scan keeps both apart', () => {
    const typed = typingKeystrokes('张三', { random: seededRandom(4) });
    const last = typed[typed.length - 1]?.time ?? 0;
    const scanned = wedgeKeystrokes('6106301968', {
      startTime: last + 500,
      random: seededRandom(5),
    });
    const results = run(new WedgeDetector(), [...typed, ...scanned]);
    expect(typedKeys(results)).toEqual(['张', '三']);
    expect(scans(results)).toEqual(['6106301968']);
  });

  it('gap limit is configurable', () => {
    const events = wedgeKeystrokes('ABCDEFGH', { gapMs: 45, jitterMs: 0 });
    expect(scans(run(new WedgeDetector({ maxGapMs: 40 }), events))).toEqual([]);
    expect(scans(run(new WedgeDetector({ maxGapMs: 50 }), events))).toEqual(['ABCDEFGH']);
  });

  it('no terminator settles on flush', () => {
    const detector = new WedgeDetector({ terminator: null });
    const events = wedgeKeystrokes('9787530210', {
      terminator: null,
      gapMs: 5,
      jitterMs: 0,
    });
    expect(run(detector, events)).toEqual([]);
    expect(detector.pending).toBe(10);
    expect(detector.flush(46)).toEqual([]);
    expect(scans(detector.flush(200))).toEqual(['9787530210']);
    expect(detector.pending).toBe(0);
  });

  it('flush gives a pending burst back as typing', () => {
    const detector = new WedgeDetector();
    const results = run(
      detector,
      wedgeKeystrokes('12345678', { terminator: null, gapMs: 5, jitterMs: 0 }),
      500,
    );
    expect(scans(results)).toEqual([]);
    expect(typedKeys(results)).toEqual([...'12345678']);
  });

  it('control keys end a burst', () => {
    const events = wedgeKeystrokes('ABCDEFGH', {
      terminator: 'Backspace',
      gapMs: 5,
      jitterMs: 0,
    });
    const results = run(new WedgeDetector(), events);
    expect(scans(results)).toEqual([]);
    expect(typedKeys(results)).toEqual([...'ABCDEFGH', 'Backspace']);
  });

  it('time going backwards splits', () => {
    const events: KeystrokeEvent[] = [
      ...wedgeKeystrokes('ABCDEF', {
        terminator: null,
        startTime: 1000,
        gapMs: 5,
        jitterMs: 0,
      }),
      { key: 'G', time: 10 },
      { key: 'Enter', time: 15 },
    ];
    expect(scans(run(new WedgeDetector(), events))).toEqual([]);
  });

  it('rejects bad options', () => {
    expect(() => new WedgeDetector({ maxGapMs: 0 })).toThrow(/maxGapMs must be positive/);
    expect(() => new WedgeDetector({ minLength: 0 })).toThrow(
      /minLength must be a positive integer/,
    );
  });

  it('every key comes back once', () => {
    const key = fc.oneof(
      fc.constantFrom('Enter', 'Shift', 'Backspace', 'Tab'),
      fc.string({ minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.integer({ min: 0, max: 300 })), { maxLength: 80 }),
        (steps) => {
          const detector = new WedgeDetector();
          let time = 0;
          const events = steps.map(([name, gap]) => ({ key: name, time: (time += gap) }));
          const results = run(detector, events, time + 1000);
          const keys = events.filter((event) => event.key !== 'Shift');
          const returned = results.reduce(
            (count, result) =>
              count +
              (result.type === 'typing'
                ? result.keys.length
                : [...result.text].length + 1),
            0,
          );
          expect(returned).toBe(keys.length);
          expect(detector.pending).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('simulated scans are always scans', () => {
    fc.assert(
      fc.property(
        fc.string({
          minLength: 6,
          maxLength: 200,
          unit: fc.constantFrom(...'abcXYZ0189:/.-_?=&'),
        }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer(),
        (text, gapMs, seed) => {
          const events = wedgeKeystrokes(text, {
            gapMs,
            jitterMs: 10,
            random: seededRandom(seed),
          });
          expect(scans(run(new WedgeDetector(), events))).toEqual([text]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
