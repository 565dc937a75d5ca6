import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FaultLog, REPEAT_LOG_INTERVAL_MS } from '../../main/devices/fault-log.js';

function capturingLogger(): { lines: Record<string, unknown>[]; logger: pino.Logger } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('FaultLog', () => {
  it('logs repeats at powers of two', async () => {
    const { lines, logger } = capturingLogger();
    const faults = new FaultLog(logger, () => 0);
    const logged = Array.from({ length: 20 }, () =>
      faults.report('printer', 'PRINTER_PAPER_OUT'),
    );
    await flush();
    const loggedAt = logged.flatMap((wasLogged, index) => (wasLogged ? [index + 1] : []));
    expect(loggedAt).toEqual([1, 2, 4, 8, 16]);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({
      device: 'printer',
      code: 'PRINTER_PAPER_OUT',
      msg: 'device fault',
    });
    expect(lines[4]).toMatchObject({ repeats: 16, msg: 'device fault repeats' });
    expect(faults.repeats('printer')).toBe(20);
  });

  it('logs a long repeat once a minute', () => {
    const { logger } = capturingLogger();
    let now = 0;
    const faults = new FaultLog(logger, () => now);
    for (let i = 0; i < 20; i += 1) faults.report('idcard', 'READER_TIMEOUT');
    now = REPEAT_LOG_INTERVAL_MS - 1;
    expect(faults.report('idcard', 'READER_TIMEOUT')).toBe(false);
    now = REPEAT_LOG_INTERVAL_MS + 1;
    expect(faults.report('idcard', 'READER_TIMEOUT')).toBe(true);
  });

  it('logs a new code at once', () => {
    const { logger } = capturingLogger();
    const faults = new FaultLog(logger, () => 0);
    faults.report('printer', 'PRINTER_PAPER_OUT');
    faults.report('printer', 'PRINTER_PAPER_OUT');
    faults.report('printer', 'PRINTER_PAPER_OUT');
    expect(faults.report('printer', 'PRINTER_COVER_OPEN')).toBe(true);
    expect(faults.repeats('printer')).toBe(1);
  });

  it('logs the recovery with the count', async () => {
    const { lines, logger } = capturingLogger();
    const faults = new FaultLog(logger, () => 0);
    for (let i = 0; i < 3; i += 1) faults.report('printer', 'PRINTER_DISCONNECTED');
    faults.clear('printer');
    faults.clear('printer');
    await flush();
    const cleared = lines.filter((line) => line['msg'] === 'device fault cleared');
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ device: 'printer', repeats: 3 });
    expect(faults.repeats('printer')).toBe(0);
  });
});
