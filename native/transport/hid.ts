import { BaseTransport } from './base.js';

/** Subset of node-hid 3's HIDAsync that the transport uses. */
export interface HidDevice {
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** Device selection and report shape of a HID transport. */
export interface HidOptions {
  /** hidraw path from `HID.devicesAsync()`; takes precedence over vendorId/productId. */
  path?: string;
  vendorId?: number;
  productId?: number;
  /** Output report size without the report id; default 64. */
  reportSize?: number;
  /** Report id written before each output report; default 0x00 (device without numbered reports). */
  reportId?: number;
  /**
   * Opens the device; defaults to node-hid's HIDAsync.open. Tests pass their
   * own because no HID device can exist in CI.
   */
  openDevice?: (options: HidOptions) => Promise<HidDevice>;
}

/**
 * Splits bytes into output reports of `reportSize` bytes, zero-padded, each
 * with `reportId` in front (hidapi expects that leading byte even when the
 * device has no numbered reports). Empty input gives no reports.
 */
export function toHidReports(data: Uint8Array, reportSize = 64, reportId = 0): Buffer[] {
  if (!Number.isInteger(reportSize) || reportSize < 1) {
    throw new RangeError(`HID reportSize must be a positive integer, got ${reportSize}`);
  }
  const reports: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += reportSize) {
    const report = Buffer.alloc(reportSize + 1);
    report[0] = reportId;
    report.set(data.subarray(offset, offset + reportSize), 1);
    reports.push(report);
  }
  return reports;
}

async function openWithNodeHid(options: HidOptions): Promise<HidDevice> {
  // Loaded lazily so that serial and TCP users never load the HID binding.
  const { HIDAsync } = await import('node-hid');
  if (options.path) return HIDAsync.open(options.path);
  if (options.vendorId !== undefined && options.productId !== undefined) {
    return HIDAsync.open(options.vendorId, options.productId);
  }
  throw new Error('HID transport needs a path or both vendorId and productId');
}

function describeTarget(options: HidOptions): string {
  if (options.path) return options.path;
  const hex = (value: number | undefined) => (value ?? 0).toString(16).padStart(4, '0');
  return `hid:${hex(options.vendorId)}:${hex(options.productId)}`;
}

/**
 * HID transport over node-hid 3. `write()` sends the bytes as one or more
 * whole output reports (see toHidReports); each `data` event is one input
 * report. hidapi has no unplug notice, so a read error is taken as a
 * disconnect.
 */
export class HidTransport extends BaseTransport {
  readonly kind = 'hid';
  private device: HidDevice | undefined;

  constructor(private readonly options: HidOptions) {
    super(describeTarget(options));
  }

  protected async openLink(): Promise<void> {
    const open = this.options.openDevice ?? openWithNodeHid;
    const device = await open(this.options);
    device.on('data', (report: Buffer) => this.receive(report));
    device.on('error', (error: unknown) => {
      if (this.device === device) this.lose(error);
    });
    this.device = device;
  }

  protected async writeLink(data: Buffer): Promise<void> {
    const device = this.device;
    if (!device) throw new Error('device is not open');
    for (const report of toHidReports(
      data,
      this.options.reportSize,
      this.options.reportId,
    )) {
      const written = await device.write(report);
      if (written < 0) throw new Error(`hidapi write returned ${written}`);
    }
  }

  protected async closeLink(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    await device?.close();
  }
}
