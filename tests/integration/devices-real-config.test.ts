// The device manager on configured ports rather than its own simulators: an
// ID card reader on a serial pty and a network printer on TCP 127.0.0.1,
// each served by a simulator the test starts itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDevicesConfig } from '../../main/devices/config.js';
import { DeviceManager } from '../../main/devices/manager.js';
import {
  PrinterSimulator,
  servePrinterSimulator,
  type PrinterSimulatorServer,
} from '../../native/escpos/index.js';
import { IdCardSimulator } from '../../native/idcard/index.js';
import { keepTransportOpen } from '../../native/sim/keep-open.js';
import { SerialTransport } from '../../native/transport/index.js';
import { startPtyPair, type PtyPair } from '../helpers/pty.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import type { JobDetail } from '../../main/contract/catalogue.js';
import { waitFor } from '../helpers/wait.js';

const JOB: JobDetail = {
  id: 3,
  title: '花椒采摘工',
  employer: '集义镇示例花椒合作社',
  kind: 'gig',
  category: '农业采摘',
  area: '集义镇',
  location: '',
  pay: { text: '150元/天', min: 150, max: 150, unit: 'day', negotiable: false },
  headcount: null,
  postedOn: null,
  suShaan: false,
  isDemo: true,
  contactName: '',
  contactPhone: '',
  education: '',
  experience: '',
  requirements: '',
  benefits: '',
  deadline: null,
  shareText: 'https://127.0.0.1/jobs/3',
};

describe('device manager on configured ports', () => {
  const temp = makeTempDir('devices-real');
  let pty: PtyPair;
  let readerSide: SerialTransport;
  let reader: IdCardSimulator;
  let stopReopening: () => void;
  let printer: PrinterSimulator;
  let server: PrinterSimulatorServer;
  let manager: DeviceManager;

  const state = (index: number) => manager.status()[index]?.state;

  beforeAll(async () => {
    pty = await startPtyPair('devices-real');
    readerSide = new SerialTransport({ path: pty.b });
    reader = new IdCardSimulator({ transport: readerSide, card: null });
    await reader.start();
    stopReopening = keepTransportOpen(readerSide);
    printer = new PrinterSimulator();
    server = await servePrinterSimulator(printer);

    const config = parseDevicesConfig({
      idcard: { transport: 'serial', path: pty.a },
      printer: { transport: 'tcp', host: '127.0.0.1', port: server.port, paperWidth: 32 },
      scanner: { transport: 'none' },
    });
    manager = await DeviceManager.start({
      dataDir: temp.dir,
      config,
      stationName: '宜川县零工市场',
      printerPollMs: 300,
      reconnectMs: 300,
    });
    await waitFor(
      () => state(0) === 'ready' && state(1) === 'ready',
      5000,
      'devices ready',
    );
  });

  afterAll(async () => {
    await manager.stop();
    stopReopening();
    await reader.stop();
    await server.close();
    await pty.remove();
    temp.remove();
  });

  it('starts no simulators', () => {
    expect(manager.simulators).toBeNull();
    expect(manager.status().map((device) => device.transport)).toEqual([
      'serial',
      'tcp',
      'none',
    ]);
    expect(manager.status()[1]?.target).toBe(`127.0.0.1:${server.port}`);
  });

  it('reads a card on the serial port', async () => {
    const reading = manager.idcard?.read(5000);
    reader.placeCard();
    await expect(reading).resolves.toMatchObject({
      name: '张*丰',
      idNumber: '610630********1236',
    });
    reader.removeCard();
  });

  it('prints a 58 mm slip over TCP', async () => {
    printer.clearCapture();
    await manager.printer?.printJobSlip(JOB);
    const document = printer.decode();
    expect(document.qrCodes).toEqual([JOB.shareText]);
    expect(document.lines.map((line) => line.text)).toContain(JOB.title);
    expect(document.lines.some((line) => line.text.includes('招聘人数：若干'))).toBe(
      true,
    );
    expect(document.lines.some((line) => line.text === '-'.repeat(32))).toBe(true);
  });

  it('recovers a dropped TCP link', async () => {
    server.dropConnections();
    await waitFor(() => state(1) === 'disconnected', 3000, 'printer disconnected');
    await waitFor(
      () => state(1) === 'ready' && server.connections === 1,
      5000,
      'printer reconnected',
    );
    await expect(manager.printer?.printJobSlip(JOB)).resolves.toMatchObject({
      message: '打印完成，请取走岗位单',
    });
  });

  it('recovers an unplugged serial reader', async () => {
    await pty.stop();
    await waitFor(() => state(0) === 'disconnected', 5000, 'reader disconnected');
    await pty.start();
    await waitFor(() => state(0) === 'ready', 8000, 'reader ready after re-plug');
  });
});
