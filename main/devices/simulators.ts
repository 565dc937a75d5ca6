// The device simulators the kiosk runs when devices.json is absent or names
// `simulator`: the ID card reader and the ESC/POS printer, each on a socat
// pty pair (or an in-memory loopback pair without socat), so that the real
// drivers and serial transport run in the demo and the tests. A simulated
// HID POS scanner plugs into the real HID transport in place of node-hid.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PrinterSimulator,
  attachPrinterSimulator,
  decodeEscPos,
  type DecodedDocument,
  type PrinterFault,
} from '../../native/escpos/index.js';
import {
  IdCardSimulator,
  type IdCardFault,
  type SimulatedCard,
} from '../../native/idcard/index.js';
import { SimulatedHidScanner } from '../../native/scanner/index.js';
import { keepTransportOpen } from '../../native/sim/keep-open.js';
import {
  HidTransport,
  SerialTransport,
  createLoopbackPair,
  type LoopbackTransport,
  type Transport,
} from '../../native/transport/index.js';
import type { DeviceId } from '../contract/devices.js';
import type { Logger } from '../log.js';
import { socatAvailable, startPtyPair, type PtyPair } from './pty.js';

export const CAPTURES_FOLDER = 'printer-captures';

/** Milliseconds without new bytes after which the printer simulator's capture is saved as one job. */
const CAPTURE_QUIET_MS = 300;

/** A simulated cable: the driver's transport and a way to pull and plug it. */
export interface SimulatedLink {
  /** Transport the driver opens. */
  readonly driver: Transport;
  /** Transport the simulator serves. */
  readonly device: Transport;
  /** `serial` on a socat pty, `loopback` in memory. */
  readonly kind: 'serial' | 'loopback';
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

/** One print job as the simulated printer received it. */
export interface PrinterCapture {
  /** Raw bytes file, NAME.bin in DATA_DIR/printer-captures. */
  rawPath: string;
  /** Decoded text file beside it, NAME.txt: printed lines, then QR payloads and cuts. */
  textPath: string;
  document: DecodedDocument;
}

export type DeviceSimulatorsEvents = { capture: [capture: PrinterCapture] };

export interface DeviceSimulatorsOptions {
  dataDir: string;
  idcard: boolean;
  printer: boolean;
  scanner?: boolean;
  /** Text encoding of the simulated printer's font. */
  printerEncoding: 'gb18030' | 'gbk';
  log: Logger;
  /** Use the in-memory loopback link even when socat exists (tests of the fallback). */
  forceLoopback?: boolean;
}

/**
 * Runs the simulators and keeps their demo controls: place and remove the
 * card, set printer faults, pull and plug either cable. The controls belong
 * to staff pages and tests, never to the citizen's screen.
 */
export class DeviceSimulators extends EventEmitter<DeviceSimulatorsEvents> {
  readonly links = new Map<'idcard' | 'printer', SimulatedLink>();
  idcard: IdCardSimulator | undefined;
  printer: PrinterSimulator | undefined;
  /** Driver transport of the simulated HID POS scanner, when it is simulated. */
  scannerTransport: HidTransport | undefined;
  private scannerDevice: SimulatedHidScanner | undefined;
  private scannerUnplugged = false;
  readonly capturesDir: string;
  private readonly stops: (() => void | Promise<void>)[] = [];
  private captureTimer: NodeJS.Timeout | undefined;
  private captureCount = 0;
  private lastCaptureValue: PrinterCapture | undefined;

  private constructor(
    private readonly options: DeviceSimulatorsOptions,
    private readonly ptyDir: string | undefined,
  ) {
    super();
    this.capturesDir = join(options.dataDir, CAPTURES_FOLDER);
  }

  /** Starts the requested simulators; falls back to loopback links (and logs it) without socat. */
  static async start(options: DeviceSimulatorsOptions): Promise<DeviceSimulators> {
    const useSocat = !options.forceLoopback && socatAvailable();
    if (!useSocat && (options.idcard || options.printer)) {
      options.log.warn(
        { socat: options.forceLoopback ? 'not used' : 'missing' },
        'socat is not available: simulators use in-memory loopback links instead of ptys',
      );
    }
    const ptyDir = useSocat ? mkdtempSync(join(tmpdir(), 'kiosk-sim-')) : undefined;
    const simulators = new DeviceSimulators(options, ptyDir);
    try {
      if (options.idcard) await simulators.startIdCard();
      if (options.printer) await simulators.startPrinter();
      if (options.scanner) simulators.startScanner();
    } catch (error) {
      await simulators.stop();
      throw error;
    }
    return simulators;
  }

  /** Driver transport of a simulated device, or undefined when it is not simulated. */
  driverTransport(id: 'idcard' | 'printer'): Transport | undefined {
    return this.links.get(id)?.driver;
  }

  linkKind(id: 'idcard' | 'printer'): 'serial' | 'loopback' | undefined {
    return this.links.get(id)?.kind;
  }

  placeCard(card?: SimulatedCard): void {
    this.requireIdCard().placeCard(card);
    this.options.log.info('simulated card placed');
  }

  removeCard(): void {
    this.requireIdCard().removeCard();
    this.options.log.info('simulated card removed');
  }

  setCardFault(fault: IdCardFault, on: boolean): void {
    this.requireIdCard().setFault(fault, on);
    this.options.log.info({ fault, on }, 'simulated reader fault set');
  }

  setPrinterFault(fault: PrinterFault, on: boolean): void {
    this.requirePrinter().setFault(fault, on);
    this.options.log.info({ fault, on }, 'simulated printer fault set');
  }

  clearFaults(): void {
    this.idcard?.clearFaults();
    this.printer?.clearFaults();
  }

  /** Sends one code from the simulated scanner, as if it were scanned. */
  async scan(text: string): Promise<void> {
    const device = this.scannerDevice;
    if (device === undefined || this.scannerUnplugged)
      throw new Error('The simulated scanner is not connected.');
    await device.scan(text);
  }

  /** Pulls the simulated cable of a device: its pty disappears (or the loopback drops). */
  async unplug(id: DeviceId): Promise<void> {
    if (id === 'scanner') {
      this.requireScanner();
      this.scannerUnplugged = true;
      this.scannerDevice?.unplug();
      this.options.log.info({ device: id }, 'simulated device unplugged');
      return;
    }
    const link = this.requireLink(id);
    await link.unplug();
    this.options.log.info({ device: id }, 'simulated device unplugged');
  }

  async replug(id: DeviceId): Promise<void> {
    if (id === 'scanner') {
      this.requireScanner();
      this.scannerUnplugged = false;
      this.options.log.info({ device: id }, 'simulated device plugged in');
      return;
    }
    const link = this.requireLink(id);
    await link.replug();
    this.options.log.info({ device: id }, 'simulated device plugged in');
  }

  /** The last saved print job, if any. */
  get lastCapture(): PrinterCapture | undefined {
    return this.lastCaptureValue;
  }

  /** Saves any pending capture now instead of after the quiet period. */
  flushCapture(): PrinterCapture | undefined {
    clearTimeout(this.captureTimer);
    this.captureTimer = undefined;
    return this.saveCapture();
  }

  async stop(): Promise<void> {
    clearTimeout(this.captureTimer);
    for (const stop of this.stops.reverse()) await stop();
    this.stops.length = 0;
    for (const link of this.links.values()) await link.close();
    this.links.clear();
    if (this.ptyDir !== undefined) rmSync(this.ptyDir, { recursive: true, force: true });
  }

  private async startIdCard(): Promise<void> {
    const link = await this.openLink('idcard', 115_200);
    // The simulated reader starts empty: staff or a test places the card.
    const simulator = new IdCardSimulator({ transport: link.device, card: null });
    await simulator.start();
    this.stops.push(keepTransportOpen(link.device));
    this.stops.push(() => simulator.stop());
    this.idcard = simulator;
  }

  private async startPrinter(): Promise<void> {
    const link = await this.openLink('printer', 9600);
    const simulator = new PrinterSimulator({ encoding: this.options.printerEncoding });
    await link.device.open();
    this.stops.push(keepTransportOpen(link.device));
    this.stops.push(attachPrinterSimulator(simulator, link.device));
    mkdirSync(this.capturesDir, { recursive: true });
    simulator.on('received', () => this.scheduleCapture());
    this.printer = simulator;
  }

  private startScanner(): void {
    this.scannerTransport = new HidTransport({
      vendorId: 0,
      productId: 0,
      // Each open gets a fresh simulated device, like hidapi after a re-plug.
      openDevice: () => {
        if (this.scannerUnplugged)
          return Promise.reject(new Error('simulated scanner is unplugged'));
        this.scannerDevice = new SimulatedHidScanner();
        return Promise.resolve(this.scannerDevice);
      },
    });
  }

  private requireScanner(): void {
    if (this.scannerTransport === undefined)
      throw new Error('The scanner is not simulated.');
  }

  private async openLink(
    id: 'idcard' | 'printer',
    baudRate: number,
  ): Promise<SimulatedLink> {
    const link =
      this.ptyDir === undefined
        ? loopbackLink()
        : ptyLink(await startPtyPair(this.ptyDir, id), baudRate);
    this.links.set(id, link);
    return link;
  }

  private scheduleCapture(): void {
    clearTimeout(this.captureTimer);
    this.captureTimer = setTimeout(() => {
      this.captureTimer = undefined;
      this.saveCapture();
    }, CAPTURE_QUIET_MS);
    this.captureTimer.unref();
  }

  /** Writes the capture as NAME.bin and NAME.txt when it contains a print job; status queries alone are dropped. */
  private saveCapture(): PrinterCapture | undefined {
    const simulator = this.printer;
    if (simulator === undefined) return undefined;
    const raw = simulator.capture();
    simulator.clearCapture();
    const document = decodeEscPos(raw, { encoding: this.options.printerEncoding });
    const printed =
      document.lines.length > 0 ||
      document.qrCodes.length > 0 ||
      document.cuts.length > 0;
    if (!printed) return undefined;

    this.captureCount += 1;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const name = `${stamp}-${String(this.captureCount).padStart(3, '0')}`;
    const rawPath = join(this.capturesDir, `${name}.bin`);
    const textPath = join(this.capturesDir, `${name}.txt`);
    writeFileSync(rawPath, raw);
    writeFileSync(textPath, describeDocument(document));
    const capture = { rawPath, textPath, document };
    this.lastCaptureValue = capture;
    this.options.log.info(
      { file: name, bytes: raw.length, lines: document.lines.length },
      'print job captured',
    );
    this.emit('capture', capture);
    return capture;
  }

  private requireIdCard(): IdCardSimulator {
    if (this.idcard === undefined)
      throw new Error('The ID card reader is not simulated.');
    return this.idcard;
  }

  private requirePrinter(): PrinterSimulator {
    if (this.printer === undefined) throw new Error('The printer is not simulated.');
    return this.printer;
  }

  private requireLink(id: DeviceId): SimulatedLink {
    const link = id === 'scanner' ? undefined : this.links.get(id);
    if (link === undefined) throw new Error(`Device ${id} is not simulated.`);
    return link;
  }
}

/** Text of a capture file: the printed lines, then one line per QR code and cut. */
export function describeDocument(document: DecodedDocument): string {
  const lines = document.lines.map((line) => line.text);
  for (const payload of document.qrCodes)
    lines.push(`[QR] ${payload.replace(/\n/g, '\\n')}`);
  for (const cut of document.cuts) lines.push(`[CUT] ${cut}`);
  return `${lines.join('\n')}\n`;
}

function ptyLink(pair: PtyPair, baudRate: number): SimulatedLink {
  const driver = new SerialTransport({ path: pair.driverPath, baudRate });
  const device = new SerialTransport({ path: pair.devicePath, baudRate });
  return {
    driver,
    device,
    kind: 'serial',
    unplug: () => pair.stop(),
    replug: () => pair.start(),
    close: async () => {
      await driver.close();
      await device.close();
      await pair.stop();
    },
  };
}

function loopbackLink(): SimulatedLink {
  const [driver, device]: [LoopbackTransport, LoopbackTransport] = createLoopbackPair();
  return {
    driver,
    device,
    kind: 'loopback',
    unplug: () => {
      driver.unplug();
      return Promise.resolve();
    },
    replug: () => {
      driver.plug();
      return Promise.resolve();
    },
    close: async () => {
      await driver.close();
      await device.close();
    },
  };
}
