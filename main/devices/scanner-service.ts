// The kiosk's HID POS barcode scanner: opens it, keeps its health, reopens
// it after an unplug, and hands each scanned code to a waiting request.
import { HidPosScanner, type BarcodeScan } from '../../native/scanner/index.js';
import type { Transport } from '../../native/transport/index.js';
import type { ScanResult } from '../contract/devices.js';
import type { Logger } from '../log.js';
import { DeviceError } from './errors.js';
import type { FaultLog } from './fault-log.js';
import { HealthCell } from './health.js';

export interface ScannerServiceOptions {
  transport: Transport;
  simulated: boolean;
  faults: FaultLog;
  log: Logger;
  /**
   * Returns whether the device is attached (e.g. from HID.devices()), so a
   * missing scanner is not opened again and again; absent means always try.
   */
  isPresent?: () => Promise<boolean>;
  /** First reconnect interval in ms; default 2000. */
  reconnectBaseMs?: number;
  /** Maximum reconnect interval in ms; default 30000. */
  reconnectMaxMs?: number;
}

interface Waiter {
  resolve: (scan: ScanResult) => void;
  reject: (error: DeviceError) => void;
  timer: NodeJS.Timeout;
}

/** Reconnect failures after which the interval doubles, up to reconnectMaxMs. */
const FAILURES_PER_DOUBLING = 10;

export class ScannerService {
  readonly health: HealthCell;
  private readonly scanner: HidPosScanner;
  private readonly waiters = new Set<Waiter>();
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  private readonly reconnectBaseMs: number;
  private readonly reconnectMaxMs: number;

  constructor(private readonly options: ScannerServiceOptions) {
    const { transport } = options;
    this.reconnectBaseMs = options.reconnectBaseMs ?? 2000;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 30_000;
    this.health = new HealthCell({
      id: 'scanner',
      transport: transport.kind,
      target: transport.target,
      simulated: options.simulated,
    });
    this.scanner = new HidPosScanner(transport);
    this.scanner.on('scan', (scan) => this.onScan(scan));
    this.scanner.on('disconnect', () => this.onDisconnect());
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.rejectAll(new DeviceError('SCANNER_DISCONNECTED', 'Scanner service stopped'));
    await this.scanner.close();
  }

  /** Waits up to `waitMs` for the next scan; rejects with NO_SCAN or SCANNER_DISCONNECTED. */
  read(waitMs: number): Promise<ScanResult> {
    if (this.health.value.state === 'disconnected') {
      return Promise.reject(
        new DeviceError('SCANNER_DISCONNECTED', 'Scanner is disconnected'),
      );
    }
    return new Promise<ScanResult>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new DeviceError('NO_SCAN', `No code scanned within ${waitMs} ms`));
        }, waitMs),
      };
      this.waiters.add(waiter);
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delayMs);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const present = (await this.options.isPresent?.()) ?? true;
      if (!present) throw new Error('scanner is not attached');
      await this.scanner.open();
    } catch (error) {
      this.failures += 1;
      this.options.faults.report('scanner', 'SCANNER_DISCONNECTED', String(error));
      this.health.set(
        'disconnected',
        '扫码器未连接，请联系工作人员',
        'SCANNER_DISCONNECTED',
      );
      const doublings = Math.floor(this.failures / FAILURES_PER_DOUBLING);
      this.schedule(Math.min(this.reconnectBaseMs * 2 ** doublings, this.reconnectMaxMs));
      return;
    }
    this.failures = 0;
    this.options.faults.clear('scanner');
    this.health.set('ready', '扫码器就绪', null);
  }

  private onScan(scan: BarcodeScan): void {
    const waiters = this.takeWaiters();
    // The content is never logged: a code may carry personal data.
    this.options.log.info(
      {
        device: 'scanner',
        symbology: scan.symbology,
        bytes: scan.data.length,
        waiters: waiters.length,
      },
      'code scanned',
    );
    for (const waiter of waiters)
      waiter.resolve({ text: scan.text, symbology: scan.symbology });
  }

  private onDisconnect(): void {
    this.health.set(
      'disconnected',
      '扫码器未连接，请联系工作人员',
      'SCANNER_DISCONNECTED',
    );
    this.options.faults.report('scanner', 'SCANNER_DISCONNECTED', 'disconnect');
    this.rejectAll(new DeviceError('SCANNER_DISCONNECTED', 'Scanner disconnected'));
    this.schedule(this.reconnectBaseMs);
  }

  private takeWaiters(): Waiter[] {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) clearTimeout(waiter.timer);
    return waiters;
  }

  private rejectAll(error: DeviceError): void {
    for (const waiter of this.takeWaiters()) waiter.reject(error);
  }
}
