import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EscPosPrinter,
  PrinterError,
  PrinterSimulator,
  attachPrinterSimulator,
  commandKinds,
  renderJobSlip,
  type JobSlipData,
  type PrinterHealth,
} from '../../native/escpos/index.js';
import { SerialTransport } from '../../native/transport/index.js';
import { startPtyPair, type PtyPair } from '../helpers/pty.js';

const SLIP: JobSlipData = {
  stationName: '宜川县零工市场',
  title: '壶口镇民宿保洁员（长期）',
  employer: '宜川县壶口镇黄河人家民宿',
  pay: '2800-3500元/月',
  place: '壶口镇 壶口景区北门',
  headcount: 2,
  contactName: '李女士',
  contactPhone: '13900000000',
  qrPayload: 'https://kiosk.example/jobs/7?from=kiosk&station=hukou',
  printedAt: new Date('2025-10-08T01:00:00Z'),
  footer: '宜川县就业服务中心',
};

let pair: PtyPair;
let device: SerialTransport;
let host: SerialTransport;
let simulator: PrinterSimulator;
let printer: EscPosPrinter;

beforeEach(async () => {
  pair = await startPtyPair('escpos');
  device = new SerialTransport({ path: pair.b });
  await device.open();
  simulator = new PrinterSimulator();
  attachPrinterSimulator(simulator, device);
  host = new SerialTransport({ path: pair.a });
  printer = new EscPosPrinter(host, { statusTimeoutMs: 500 });
});

afterEach(async () => {
  await printer.close();
  await device.close();
  await pair.remove();
});

async function printError(promise: Promise<unknown>): Promise<PrinterError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PrinterError) return error;
    throw error;
  }
  throw new Error('expected the print to fail');
}

function nextHealth(
  state: PrinterHealth['state'],
  timeoutMs = 3000,
): Promise<PrinterHealth> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${state} health within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const listener = (health: PrinterHealth): void => {
      if (health.state !== state) return;
      clearTimeout(timer);
      printer.off('health', listener);
      resolve(health);
    };
    printer.on('health', listener);
  });
}

describe('printer over a socat pty', () => {
  it('prints a job slip', async () => {
    expect((await printer.open()).state).toBe('ready');
    const job = renderJobSlip(SLIP, { columns: 48 });
    const result = await printer.print(job);
    expect(result.bytesSent).toBe(job.bytes.length);

    const document = simulator.decode();
    const texts = document.lines.map((line) => line.text);
    expect(texts[0]).toBe('宜川县零工市场');
    expect(texts).toContain('壶口镇民宿保洁员（长期）');
    expect(texts).toContain('用工单位：宜川县壶口镇黄河人家民宿');
    expect(texts).toContain('薪资待遇：2800-3500元/月');
    expect(texts).toContain('联系方式：李女士 13900000000');
    expect(document.qrCodes).toEqual([
      'https://kiosk.example/jobs/7?from=kiosk&station=hukou',
    ]);
    expect(document.cuts).toEqual(['partial']);
    expect(document.unknown).toEqual([]);
  });

  it('paper out sends no byte of the job', async () => {
    simulator.setFault('paper-out', true);
    const error = await printError(printer.print(renderJobSlip(SLIP, { columns: 48 })));
    expect(error.code).toBe('PRINTER_PAPER_OUT');
    expect(error.bytesSent).toBe(0);
    expect(commandKinds(simulator.decode())).toEqual([
      'status-request',
      'status-request',
      'status-request',
      'status-request',
    ]);
    expect(simulator.decode().lines).toEqual([]);
  });

  it('cover open and offline', async () => {
    simulator.setFault('cover-open', true);
    expect((await printError(printer.print(Uint8Array.of(0x41, 0x0a)))).code).toBe(
      'PRINTER_COVER_OPEN',
    );
    simulator.clearFaults();
    simulator.setFault('offline', true);
    expect((await printError(printer.print(Uint8Array.of(0x41, 0x0a)))).code).toBe(
      'PRINTER_OFFLINE',
    );
    simulator.clearFaults();
    expect((await printer.print(Uint8Array.of(0x41, 0x0a))).health.state).toBe('ready');
    expect(simulator.decode().lines.map((line) => line.text)).toEqual(['A']);
  });

  it('unplug, then re-plug', async () => {
    expect((await printer.open()).state).toBe('ready');

    const lost = nextHealth('fault');
    await pair.stop();
    expect((await lost).problems).toEqual(['disconnected']);
    const error = await printError(printer.print(Uint8Array.of(0x41, 0x0a)));
    expect(error.code).toBe('PRINTER_DISCONNECTED');
    expect(error.userMessage).toBe('打印机未连接，请联系工作人员');

    await pair.start();
    await device.reopen();
    const ready = nextHealth('ready');
    expect((await printer.checkHealth()).state).toBe('ready');
    await ready;
    expect((await printer.print(Uint8Array.of(0x42, 0x0a))).bytesSent).toBe(2);
    expect(simulator.decode().lines.map((line) => line.text)).toContain('B');
  });
});
