import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EscPosPrinter,
  PrinterError,
  PrinterSimulator,
  decodeEscPos,
  renderJobSlip,
  renderTestPage,
  servePrinterSimulator,
  type JobSlipData,
  type PrinterSimulatorServer,
} from '../../native/escpos/index.js';
import { TcpTransport } from '../../native/transport/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const SLIP: JobSlipData = {
  stationName: '宜川县零工市场',
  title: '集义镇核桃加工临时工',
  employer: '宜川县集义镇山里红农产品加工厂',
  pay: '120元/天',
  place: '集义镇 加工厂车间',
  headcount: null,
  contactName: '张师傅',
  contactPhone: '13700000000',
  qrPayload: 'https://kiosk.example/jobs/99',
  printedAt: new Date('2025-11-20T06:45:00Z'),
  footer: '宜川县就业服务中心',
};

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
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

function connect(port: number): EscPosPrinter {
  const printer = new EscPosPrinter(new TcpTransport({ host: '127.0.0.1', port }), {
    statusTimeoutMs: 500,
  });
  cleanups.push(() => printer.close());
  return printer;
}

describe('printer over TCP 127.0.0.1', () => {
  let server: PrinterSimulatorServer;
  let simulator: PrinterSimulator;

  async function serve(): Promise<void> {
    simulator = new PrinterSimulator();
    server = await servePrinterSimulator(simulator);
    cleanups.push(() => server.close());
  }

  it('prints a job slip', async () => {
    await serve();
    const printer = connect(server.port);
    await printer.print(renderJobSlip(SLIP, { columns: 32 }));
    const document = simulator.decode();
    const texts = document.lines.map((line) => line.text);
    // The double-width title fits 8 Chinese characters on 58 mm paper.
    expect(texts).toContain('集义镇核桃加工临');
    expect(texts).toContain('时工');
    expect(texts).toContain('招聘人数：若干');
    expect(document.qrCodes).toEqual(['https://kiosk.example/jobs/99']);
  });

  it('paper out, then paper back', async () => {
    await serve();
    const printer = connect(server.port);
    simulator.setFault('paper-out', true);
    const error = await printError(printer.print(renderTestPage({ columns: 32 })));
    expect(error.code).toBe('PRINTER_PAPER_OUT');
    expect(simulator.decode().lines).toEqual([]);

    simulator.clearFaults();
    const result = await printer.print(renderTestPage({ columns: 32 }));
    expect(result.health.state).toBe('ready');
    expect(simulator.decode().lines.map((line) => line.text)).toContain('打印机测试页');
  });

  it('dropped connection reconnects', async () => {
    await serve();
    const printer = connect(server.port);
    expect((await printer.open()).state).toBe('ready');
    const lost = new Promise<string[]>((resolve) =>
      printer.on('health', (health) => {
        if (health.state === 'fault') resolve(health.problems);
      }),
    );
    server.dropConnections();
    expect(await lost).toEqual(['disconnected']);
    expect((await printer.checkHealth()).state).toBe('ready');
    expect(server.connections).toBe(1);
  });

  it('closed port is disconnected', async () => {
    await serve();
    const port = server.port;
    await server.close();
    const printer = connect(port);
    const error = await printError(printer.print(Uint8Array.of(0x41)));
    expect(error.code).toBe('PRINTER_DISCONNECTED');
    expect((await printer.checkHealth()).problems).toEqual(['disconnected']);
  });
});

describe('printer-sim script', () => {
  it('serves TCP, takes faults on stdin, saves the capture', async () => {
    const { dir, remove } = makeTempDir('printer-sim');
    cleanups.push(remove);
    const capture = join(dir, 'capture.bin');
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'native/sim/printer-sim.ts',
        '--tcp',
        '0',
        '--fault',
        'paper-out',
        '--capture',
        capture,
      ],
      { env: { ...process.env, LOG_LEVEL: 'silent' } },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    });

    const lines = createInterface({ input: child.stdout });
    const output: string[] = [];
    const nextLine = (pattern: RegExp): Promise<string> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no output matching ${pattern}; got ${output.join(' | ')}`)),
          20_000,
        );
        const listener = (line: string): void => {
          output.push(line);
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          lines.off('line', listener);
          resolve(line);
        };
        lines.on('line', listener);
      });

    const ready = await nextLine(/ready on tcp 127\.0\.0\.1:\d+/);
    const port = Number(/:(\d+)$/.exec(ready)?.[1]);
    const printer = connect(port);

    expect(
      (await printError(printer.print(renderJobSlip(SLIP, { columns: 48 })))).code,
    ).toBe('PRINTER_PAPER_OUT');

    child.stdin.write('fault paper-out off\n');
    expect(await nextLine(/^faults:/)).toBe('faults: none');
    await printer.print(renderJobSlip(SLIP, { columns: 48 }));
    await printer.close();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const document = decodeEscPos(readFileSync(capture));
    expect(document.lines.map((line) => line.text)).toContain('集义镇核桃加工临时工');
    expect(document.qrCodes).toEqual(['https://kiosk.example/jobs/99']);
  });

  it('rejects a bad fault name', async () => {
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      'native/sim/printer-sim.ts',
      '--tcp',
      '0',
      '--fault',
      'jam',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) =>
      child.once('exit', resolve),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown fault "jam".');
  });
});
