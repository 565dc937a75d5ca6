import { EventEmitter } from 'node:events';
import { createLogger } from '../log.js';
import {
  HidTransport,
  type HidOptions,
  type Transport,
  type TransportError,
} from '../transport/index.js';
import {
  HidPosReportAssembler,
  filterHidPosScanners,
  type BarcodeScan,
  type HidDeviceInfo,
} from './hid-pos.js';

const log = createLogger('scanner');

export type HidPosScannerEvents = {
  scan: [scan: BarcodeScan];
  /** The scanner went away (unplugged); call `open()` again once it is back. */
  disconnect: [cause: TransportError];
};

/**
 * Driver for a HID POS barcode scanner: reads scanned-data reports from a
 * transport (normally {@link HidTransport}, one input report per `data`
 * event) and emits one `scan` event per code. Malformed reports are logged
 * and counted, never thrown.
 */
export class HidPosScanner extends EventEmitter<HidPosScannerEvents> {
  private readonly assembler = new HidPosReportAssembler();
  private badReports = 0;
  private readonly onData = (report: Buffer): void => this.accept(report);
  private readonly onDisconnect = (cause: TransportError): void => {
    this.assembler.reset();
    log.warn({ target: this.transport.target }, 'scanner disconnected');
    this.emit('disconnect', cause);
  };

  constructor(private readonly transport: Transport) {
    super();
    transport.on('data', this.onData);
    transport.on('disconnect', this.onDisconnect);
  }

  /** Number of malformed reports seen. */
  get malformedReports(): number {
    return this.badReports;
  }

  /** Opens the transport; rejects with the transport's OPEN_FAILED error. */
  async open(): Promise<void> {
    this.assembler.reset();
    await this.transport.open();
    log.info({ target: this.transport.target }, 'scanner open');
  }

  async close(): Promise<void> {
    this.transport.off('data', this.onData);
    this.transport.off('disconnect', this.onDisconnect);
    await this.transport.close();
  }

  private accept(report: Buffer): void {
    const result = this.assembler.push(report);
    if (result.type === 'scan') {
      // The length is logged, never the content: a code may carry personal data.
      log.debug(
        {
          target: this.transport.target,
          symbology: result.scan.symbology,
          bytes: result.scan.data.length,
        },
        'scan',
      );
      this.emit('scan', result.scan);
    } else if (result.type === 'error') {
      this.badReports += 1;
      if (this.badReports % 100 === 1) {
        log.warn(
          {
            target: this.transport.target,
            badReports: this.badReports,
            err: result.message,
          },
          'malformed scanner report',
        );
      }
    }
  }
}

/** Opens a HID POS scanner through node-hid by path or vendor and product id. */
export function createHidPosScanner(options: HidOptions): HidPosScanner {
  return new HidPosScanner(new HidTransport(options));
}

/** Lists the connected HID POS scanners through node-hid (usage page 0x8C). */
export async function listHidPosScanners(): Promise<HidDeviceInfo[]> {
  // Loaded lazily so that users without a HID scanner never load the binding.
  const { devicesAsync } = await import('node-hid');
  return filterHidPosScanners(await devicesAsync());
}
