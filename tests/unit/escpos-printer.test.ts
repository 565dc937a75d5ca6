import { afterEach, describe, expect, it } from 'vitest';
import {
  EscPosPrinter,
  PrinterError,
  PrinterSimulator,
  attachPrinterSimulator,
  commandKinds,
  renderJobSlip,
  type JobSlipData,
  type PrinterFault,
  type PrinterHealth,
} from '../../native/escpos/index.js';
import {
  createLoopbackPair,
  type LoopbackTransport,
} from '../../native/transport/index.js';

const SLIP: JobSlipData = {
  stationName: '宜川县零工市场',
  title: '苹果采摘工',
  employer: '宜川县秋林镇绿源果业专业合作社',
  pay: '150元/天',
  place: '秋林镇 西村果园',
  headcount: 10,
  contactName: '王先生',
  contactPhone: '13800000000',
  qrPayload: 'https://kiosk.example/jobs/42',
  printedAt: new Date('2025-09-01T02:30:00Z'),
  footer: '宜川县人力资源和社会保障局',
};

interface Rig {
  host: LoopbackTransport;
  device: LoopbackTransport;
  simulator: PrinterSimulator;
  printer: EscPosPrinter;
}

const rigs: Rig[] = [];

async function makeRig(faults: PrinterFault[] = [], statusTimeoutMs = 200): Promise<Rig> {
  const [host, device] = createLoopbackPair();
  await host.open();
  await device.open();
  const simulator = new PrinterSimulator({ faults });
  attachPrinterSimulator(simulator, device);
  const printer = new EscPosPrinter(host, { statusTimeoutMs, chunkSize: 64 });
  const rig = { host, device, simulator, printer };
  rigs.push(rig);
  return rig;
}

afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.printer.close();
    await rig.device.close();
  }
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
  printer: EscPosPrinter,
  state: PrinterHealth['state'],
  timeoutMs = 2000,
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

describe('EscPosPrinter over loopback', () => {
  it('ready printer prints a job slip', async () => {
    const { printer, simulator } = await makeRig();
    expect((await printer.open()).state).toBe('ready');
    simulator.clearCapture();

    const job = renderJobSlip(SLIP, { columns: 32 });
    const result = await printer.print(job);
    expect(result.bytesSent).toBe(job.bytes.length);
    expect(result.health.state).toBe('ready');

    const document = simulator.decode();
    const kinds = commandKinds(document);
    expect(kinds.slice(0, 4)).toEqual([
      'status-request',
      'status-request',
      'status-request',
      'status-request',
    ]);
    expect(kinds.slice(-4)).toEqual([
      'status-request',
      'status-request',
      'status-request',
      'status-request',
    ]);
    expect(document.lines.map((line) => line.text)).toContain('苹果采摘工');
    expect(document.qrCodes).toEqual(['https://kiosk.example/jobs/42']);
    expect(simulator.statusRequestCount).toBe(12);
  });

  it('paper out rejects before sending', async () => {
    const { printer, simulator } = await makeRig(['paper-out']);
    const error = await printError(printer.print(renderJobSlip(SLIP, { columns: 32 })));
    expect(error.code).toBe('PRINTER_PAPER_OUT');
    expect(error.bytesSent).toBe(0);
    expect(error.userMessage).toBe('纸张用完，请联系工作人员更换纸卷');
    // The printer saw the four status requests and no byte of the job.
    const document = simulator.decode();
    expect(commandKinds(document)).toEqual([
      'status-request',
      'status-request',
      'status-request',
      'status-request',
    ]);
    expect(document.lines).toEqual([]);
    expect(printer.health?.state).toBe('fault');
  });

  it('cover open, offline and cutter error', async () => {
    const cases: [PrinterFault, string][] = [
      ['cover-open', 'PRINTER_COVER_OPEN'],
      ['offline', 'PRINTER_OFFLINE'],
      ['cutter-error', 'PRINTER_FAULT'],
    ];
    for (const [fault, code] of cases) {
      const { printer, simulator } = await makeRig([fault]);
      const error = await printError(printer.print(Uint8Array.of(0x41, 0x0a)));
      expect(error.code).toBe(code);
      expect(error.bytesSent).toBe(0);
      expect(simulator.decode().lines).toEqual([]);
    }
  });

  it('rejects a malformed job', async () => {
    const { printer, simulator } = await makeRig();
    await expect(printer.print({} as Uint8Array)).rejects.toThrow(
      'print job must be a Uint8Array or a PrintJob with bytes',
    );
    expect(simulator.statusRequestCount).toBe(0);
  });

  it('paper near end prints with a warning', async () => {
    const { printer } = await makeRig(['paper-near-end']);
    const result = await printer.print(Uint8Array.of(0x41, 0x0a));
    expect(result.health.state).toBe('warning');
    expect(result.health.message).toBe('纸卷快用完了，请联系工作人员及时更换');
  });

  it('no reply times out, then recovers', async () => {
    const { printer, simulator } = await makeRig(['no-reply'], 100);
    const error = await printError(printer.print(Uint8Array.of(0x41, 0x0a)));
    expect(error.code).toBe('PRINTER_TIMEOUT');
    expect(error.bytesSent).toBe(0);
    expect(simulator.decode().lines).toEqual([]);
    expect(printer.health?.problems).toEqual(['timeout']);

    simulator.setFault('no-reply', false);
    const result = await printer.print(Uint8Array.of(0x41, 0x0a));
    expect(result.health.state).toBe('ready');
    expect(simulator.decode().lines.map((line) => line.text)).toEqual(['A']);
  });

  it('junk, split and slow replies', async () => {
    const { printer, simulator } = await makeRig(
      ['junk-before-reply', 'paper-near-end'],
      500,
    );
    simulator.splitReplies = true;
    simulator.replyDelayMs = 20;
    const report = await printer.queryStatus();
    expect(report.paperSensor.nearEnd).toBe(true);
    expect(report.printer.offline).toBe(false);
    expect((await printer.checkHealth()).problems).toEqual(['paper-near-end']);
  });

  it('fault during the job is reported after', async () => {
    const { printer, simulator } = await makeRig();
    simulator.on('received', (chunk) => {
      if (chunk.includes(0x1b)) simulator.setFault('paper-out', true);
    });
    const job = renderJobSlip(SLIP, { columns: 32 });
    const error = await printError(printer.print(job));
    expect(error.code).toBe('PRINTER_PAPER_OUT');
    expect(error.bytesSent).toBe(job.bytes.length);
  });

  it('automatic status back emits health', async () => {
    const { printer, simulator } = await makeRig();
    await printer.open();
    await printer.enableAutoStatusBack();
    const fault = nextHealth(printer, 'fault');
    simulator.setFault('cover-open', true);
    expect((await fault).problems).toEqual(['cover-open']);
    const ready = nextHealth(printer, 'ready');
    simulator.setFault('cover-open', false);
    expect((await ready).problems).toEqual([]);
  });

  it('unplug, then re-plug', async () => {
    const { printer, host, device } = await makeRig();
    expect((await printer.open()).state).toBe('ready');

    const lost = nextHealth(printer, 'fault');
    host.unplug();
    expect((await lost).problems).toEqual(['disconnected']);
    const error = await printError(printer.print(Uint8Array.of(0x41, 0x0a)));
    expect(error.code).toBe('PRINTER_DISCONNECTED');

    host.plug();
    await device.open();
    expect((await printer.checkHealth()).state).toBe('ready');
    expect((await printer.print(Uint8Array.of(0x41, 0x0a))).bytesSent).toBe(2);
  });

  it('polling reports changes', async () => {
    const { printer, simulator } = await makeRig();
    await printer.open();
    printer.startPolling(30);
    const warning = nextHealth(printer, 'warning');
    simulator.setFault('paper-near-end', true);
    expect((await warning).problems).toEqual(['paper-near-end']);
    printer.stopPolling();
  });
});
