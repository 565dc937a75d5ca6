import { describe, expect, it } from 'vitest';
import {
  PROBLEM_MESSAGES,
  READY_MESSAGE,
  StatusByteError,
  StatusStreamParser,
  healthFromAutoStatusBack,
  healthFromReport,
  isRealtimeStatusByte,
  parseRealtimeStatus,
  type StatusReport,
  type StatusStreamEvent,
} from '../../native/escpos/index.js';

function report(bytes: [number, number, number, number]): StatusReport {
  return {
    printer: parseRealtimeStatus(1, bytes[0]),
    offlineCause: parseRealtimeStatus(2, bytes[1]),
    errorCause: parseRealtimeStatus(3, bytes[2]),
    paperSensor: parseRealtimeStatus(4, bytes[3]),
  };
}

describe('parseRealtimeStatus', () => {
  it('idle printer has only fixed bits', () => {
    expect(parseRealtimeStatus(1, 0x12)).toEqual({
      kind: 1,
      drawerPin3High: false,
      offline: false,
      waitingForOnlineRecovery: false,
      feedButtonPressed: false,
    });
  });

  it('n=1 bits', () => {
    expect(parseRealtimeStatus(1, 0x12 | 0x04).drawerPin3High).toBe(true);
    expect(parseRealtimeStatus(1, 0x12 | 0x08).offline).toBe(true);
    expect(parseRealtimeStatus(1, 0x12 | 0x20).waitingForOnlineRecovery).toBe(true);
    expect(parseRealtimeStatus(1, 0x12 | 0x40).feedButtonPressed).toBe(true);
    expect(parseRealtimeStatus(1, 0x12 | 0x40).offline).toBe(false);
  });

  it('n=2 bits', () => {
    expect(parseRealtimeStatus(2, 0x12 | 0x04).coverOpen).toBe(true);
    expect(parseRealtimeStatus(2, 0x12 | 0x08).paperFedByButton).toBe(true);
    expect(parseRealtimeStatus(2, 0x12 | 0x20).paperEndStop).toBe(true);
    expect(parseRealtimeStatus(2, 0x12 | 0x40).errorOccurred).toBe(true);
    expect(parseRealtimeStatus(2, 0x12).coverOpen).toBe(false);
  });

  it('n=3 bits', () => {
    expect(parseRealtimeStatus(3, 0x12 | 0x04).recoverableError).toBe(true);
    expect(parseRealtimeStatus(3, 0x12 | 0x08).cutterError).toBe(true);
    expect(parseRealtimeStatus(3, 0x12 | 0x20).unrecoverableError).toBe(true);
    expect(parseRealtimeStatus(3, 0x12 | 0x40).autoRecoverableError).toBe(true);
  });

  it('n=4 near end and paper out', () => {
    expect(parseRealtimeStatus(4, 0x12)).toEqual({
      kind: 4,
      nearEnd: false,
      paperOut: false,
    });
    expect(parseRealtimeStatus(4, 0x12 | 0x0c)).toEqual({
      kind: 4,
      nearEnd: true,
      paperOut: false,
    });
    expect(parseRealtimeStatus(4, 0x12 | 0x60)).toEqual({
      kind: 4,
      nearEnd: false,
      paperOut: true,
    });
    expect(parseRealtimeStatus(4, 0x7e)).toEqual({
      kind: 4,
      nearEnd: true,
      paperOut: true,
    });
  });

  it('paper-out printer answers 1A 32 7E', () => {
    const status = report([0x1a, 0x32, 0x12, 0x7e]);
    expect(status.printer.offline).toBe(true);
    expect(status.offlineCause.paperEndStop).toBe(true);
    expect(status.paperSensor.paperOut).toBe(true);
  });

  it('rejects bytes without the fixed bits', () => {
    for (const byte of [0x00, 0x10, 0x02, 0x13, 0x92, 0xff, 0x1b]) {
      expect(() => parseRealtimeStatus(1, byte)).toThrow(StatusByteError);
    }
    expect(() => parseRealtimeStatus(2, 0x00)).toThrow(
      /invalid DLE EOT 2 status byte 0x00/,
    );
    expect(() => parseRealtimeStatus(1, 256)).toThrow(StatusByteError);
  });

  it('fixed bit pattern over every byte', () => {
    let valid = 0;
    for (let byte = 0; byte < 256; byte += 1) {
      const expected =
        (byte & 0x02) !== 0 &&
        (byte & 0x10) !== 0 &&
        (byte & 0x01) === 0 &&
        (byte & 0x80) === 0;
      expect(isRealtimeStatusByte(byte)).toBe(expected);
      if (expected) valid += 1;
    }
    // Four free bits (2, 3, 5, 6): 16 valid bytes.
    expect(valid).toBe(16);
  });
});

describe('healthFromReport', () => {
  it('ready', () => {
    const health = healthFromReport(report([0x12, 0x12, 0x12, 0x12]));
    expect(health).toEqual({ state: 'ready', problems: [], message: READY_MESSAGE });
  });

  it('paper near end is a warning', () => {
    const health = healthFromReport(report([0x12, 0x12, 0x12, 0x1e]));
    expect(health.state).toBe('warning');
    expect(health.problems).toEqual(['paper-near-end']);
    expect(health.message).toBe(PROBLEM_MESSAGES['paper-near-end']);
  });

  it('paper out is a fault', () => {
    const health = healthFromReport(report([0x1a, 0x32, 0x12, 0x7e]));
    expect(health.state).toBe('fault');
    expect(health.problems).toEqual(['paper-out', 'paper-near-end']);
    expect(health.message).toBe('纸张用完，请联系工作人员更换纸卷');
  });

  it('paper end stop alone means paper out', () => {
    const health = healthFromReport(report([0x1a, 0x32, 0x12, 0x12]));
    expect(health.problems[0]).toBe('paper-out');
  });

  it('cover open hides offline', () => {
    const health = healthFromReport(report([0x1a, 0x16, 0x12, 0x12]));
    expect(health.state).toBe('fault');
    expect(health.problems).toEqual(['cover-open']);
  });

  it('offline without a cause', () => {
    const health = healthFromReport(report([0x1a, 0x12, 0x12, 0x12]));
    expect(health.problems).toEqual(['offline']);
    expect(health.message).toBe(PROBLEM_MESSAGES.offline);
  });

  it('cutter error', () => {
    const health = healthFromReport(report([0x1a, 0x52, 0x1a, 0x12]));
    expect(health.state).toBe('fault');
    expect(health.problems).toEqual(['cutter-error']);
  });

  it('unrecoverable and auto-recoverable errors', () => {
    expect(healthFromReport(report([0x1a, 0x52, 0x32, 0x12])).problems).toEqual([
      'unrecoverable-error',
    ]);
    expect(healthFromReport(report([0x1a, 0x52, 0x52, 0x12])).problems).toEqual([
      'auto-recoverable-error',
    ]);
    expect(healthFromReport(report([0x1a, 0x52, 0x16, 0x12])).problems).toEqual([
      'recoverable-error',
    ]);
  });

  it('paper out ranks above cover open', () => {
    const health = healthFromReport(report([0x1a, 0x36, 0x12, 0x72]));
    expect(health.problems).toEqual(['paper-out', 'cover-open']);
    expect(health.message).toBe(PROBLEM_MESSAGES['paper-out']);
  });
});

function events(parser: StatusStreamParser, bytes: number[]): StatusStreamEvent[] {
  return parser.push(Uint8Array.from(bytes));
}

describe('StatusStreamParser', () => {
  it('reads realtime reply bytes', () => {
    const parser = new StatusStreamParser();
    expect(events(parser, [0x12, 0x1a, 0x7e])).toEqual([
      { type: 'realtime', byte: 0x12 },
      { type: 'realtime', byte: 0x1a },
      { type: 'realtime', byte: 0x7e },
    ]);
  });

  it('reads an ASB message', () => {
    const parser = new StatusStreamParser();
    const [event] = events(parser, [0x38, 0x00, 0x0f, 0x00]);
    expect(event?.type).toBe('asb');
    if (event?.type !== 'asb') return;
    expect(event.status.offline).toBe(true);
    expect(event.status.coverOpen).toBe(true);
    expect(event.status.paperOut).toBe(true);
    expect(event.status.nearEnd).toBe(true);
    expect(event.status.cutterError).toBe(false);
    expect(healthFromAutoStatusBack(event.status).problems).toEqual([
      'paper-out',
      'cover-open',
      'paper-near-end',
    ]);
  });

  it('ASB cutter and error bits', () => {
    const parser = new StatusStreamParser();
    const [event] = events(parser, [0x18, 0x08 | 0x20 | 0x40 | 0x04 | 0x01, 0x00, 0x00]);
    if (event?.type !== 'asb')
      throw new Error(`expected an ASB event, got ${JSON.stringify(event)}`);
    expect(event.status.cutterError).toBe(true);
    expect(event.status.unrecoverableError).toBe(true);
    expect(event.status.autoRecoverableError).toBe(true);
    expect(event.status.recoverableError).toBe(true);
    expect(event.status.waitingForOnlineRecovery).toBe(true);
  });

  it('ASB split into single bytes', () => {
    const parser = new StatusStreamParser();
    expect(events(parser, [0x10])).toEqual([]);
    expect(events(parser, [0x00])).toEqual([]);
    expect(events(parser, [0x03])).toEqual([]);
    const [event] = events(parser, [0x00]);
    if (event?.type !== 'asb') throw new Error('expected an ASB event');
    expect(event.status.nearEnd).toBe(true);
    expect(healthFromAutoStatusBack(event.status).state).toBe('warning');
  });

  it('realtime byte and ASB in one chunk', () => {
    const parser = new StatusStreamParser();
    const result = events(parser, [0x12, 0x10, 0x00, 0x00, 0x00, 0x16]);
    expect(result.map((event) => event.type)).toEqual(['realtime', 'asb', 'realtime']);
  });

  it('junk is skipped one byte at a time', () => {
    const parser = new StatusStreamParser();
    const result = events(parser, [0xff, 0x00, 0x1b, 0x12]);
    expect(result).toEqual([
      { type: 'junk', byte: 0xff },
      { type: 'junk', byte: 0x00 },
      { type: 'junk', byte: 0x1b },
      { type: 'realtime', byte: 0x12 },
    ]);
  });

  it('broken ASB header resynchronises', () => {
    const parser = new StatusStreamParser();
    // An ASB header followed by a realtime byte: the header is junk, the reply survives.
    const result = events(parser, [0x10, 0x00, 0x12]);
    expect(result).toEqual([
      { type: 'junk', byte: 0x10 },
      { type: 'junk', byte: 0x00 },
      { type: 'realtime', byte: 0x12 },
    ]);
  });

  it('header inside a broken message starts a new one', () => {
    const parser = new StatusStreamParser();
    const result = events(parser, [0x10, 0x90, 0x10, 0x00, 0x00, 0x00]);
    expect(result.map((event) => event.type)).toEqual(['junk', 'junk', 'asb']);
  });

  it('reset drops a partial message', () => {
    const parser = new StatusStreamParser();
    events(parser, [0x10, 0x00]);
    parser.reset();
    expect(events(parser, [0x00, 0x00])).toEqual([
      { type: 'junk', byte: 0x00 },
      { type: 'junk', byte: 0x00 },
    ]);
  });
});
