// Device auto-detection as a helper for writing devices.json: lists the
// serial ports and HID devices and suggests which could be the ID card
// reader, the printer or the scanner. It only suggests: many readers and
// printers sit behind the same USB-serial chips.
import { filterHidPosScanners, type HidDeviceInfo } from '../../native/scanner/index.js';

/** USB-serial bridge chips that ID card readers and receipt printers commonly use. */
export const USB_SERIAL_CHIPS: readonly {
  vendorId: number;
  productId: number;
  chip: string;
}[] = [
  { vendorId: 0x1a86, productId: 0x7523, chip: 'WCH CH340' },
  { vendorId: 0x1a86, productId: 0x5523, chip: 'WCH CH341' },
  { vendorId: 0x1a86, productId: 0x55d4, chip: 'WCH CH9102' },
  { vendorId: 0x067b, productId: 0x2303, chip: 'Prolific PL2303' },
  { vendorId: 0x10c4, productId: 0xea60, chip: 'Silicon Labs CP210x' },
  { vendorId: 0x0403, productId: 0x6001, chip: 'FTDI FT232' },
];

/**
 * HID ID card readers with a known VID:PID. The Miaxis (中正) MR-300 uses
 * 0x10C4:0x0007, which is a Silicon Labs vendor id and not unique to it.
 */
export const HID_IDCARD_READERS: readonly {
  vendorId: number;
  productId: number;
  model: string;
}[] = [{ vendorId: 0x10c4, productId: 0x0007, model: 'Miaxis MR-300 (HID)' }];

export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface Suggestion {
  device: 'idcard' | 'printer' | 'scanner';
  /** The devices.json entry to try. */
  config: Record<string, unknown>;
  reason: string;
}

export interface DetectionReport {
  serialPorts: SerialPortInfo[];
  hidDevices: HidDeviceInfo[];
  /** Reason the HID listing failed, or null. */
  hidError: string | null;
  suggestions: Suggestion[];
}

function hex(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function parseHexId(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9a-f]{1,4}$/iu.test(text)) return undefined;
  return Number.parseInt(text, 16);
}

/** Builds suggestions from port and device lists; pure, so tests pass their own lists. */
export function suggestDevices(
  serialPorts: readonly SerialPortInfo[],
  hidDevices: readonly HidDeviceInfo[],
): Suggestion[] {
  const suggestions: Suggestion[] = [];
  for (const port of serialPorts) {
    const vendorId = parseHexId(port.vendorId);
    const productId = parseHexId(port.productId);
    const chip = USB_SERIAL_CHIPS.find(
      (known) => known.vendorId === vendorId && known.productId === productId,
    );
    if (chip === undefined) continue;
    const reason = `${port.path} is a ${chip.chip} USB-serial adapter (${hex(chip.vendorId)}:${hex(chip.productId)})`;
    suggestions.push(
      {
        device: 'idcard',
        config: { transport: 'serial', path: port.path, baudRate: 115_200 },
        reason,
      },
      {
        device: 'printer',
        config: {
          transport: 'serial',
          path: port.path,
          baudRate: 9600,
          paperWidth: 48,
          gbkOnly: false,
        },
        reason,
      },
    );
  }
  for (const device of hidDevices) {
    const reader = HID_IDCARD_READERS.find(
      (known) =>
        known.vendorId === device.vendorId && known.productId === device.productId,
    );
    if (reader !== undefined) {
      suggestions.push({
        device: 'idcard',
        config: {
          transport: 'hid',
          vendorId: device.vendorId,
          productId: device.productId,
        },
        reason: `HID ${hex(device.vendorId)}:${hex(device.productId)} matches ${reader.model}`,
      });
    }
  }
  const scanners = new Map<string, HidDeviceInfo>();
  for (const device of filterHidPosScanners(hidDevices)) {
    scanners.set(`${device.vendorId}:${device.productId}`, device);
  }
  for (const device of scanners.values()) {
    suggestions.push({
      device: 'scanner',
      config: {
        transport: 'hid',
        vendorId: device.vendorId,
        productId: device.productId,
      },
      reason: `HID ${hex(device.vendorId)}:${hex(device.productId)} has a HID POS scanner collection (usage page 0x8C)`,
    });
  }
  return suggestions;
}

/** Lists serial ports with SerialPort.list() and HID devices with HID.devices(), then suggests matches. */
export async function detectDevices(): Promise<DetectionReport> {
  const { SerialPort } = await import('serialport');
  const serialPorts: SerialPortInfo[] = (await SerialPort.list()).map((port) => ({
    path: port.path,
    manufacturer: port.manufacturer,
    vendorId: port.vendorId,
    productId: port.productId,
  }));
  let hidDevices: HidDeviceInfo[] = [];
  let hidError: string | null = null;
  try {
    const hid = await import('node-hid');
    hidDevices = hid.devices().map((device) => ({
      vendorId: device.vendorId,
      productId: device.productId,
      ...(device.path === undefined ? {} : { path: device.path }),
      ...(device.usagePage === undefined ? {} : { usagePage: device.usagePage }),
      ...(device.usage === undefined ? {} : { usage: device.usage }),
      ...(device.product === undefined ? {} : { product: device.product }),
    }));
  } catch (error) {
    // node-hid fails to load without libusb or hidraw access; the serial ports are still useful.
    hidError = (error as Error).message;
  }
  return {
    serialPorts,
    hidDevices,
    hidError,
    suggestions: suggestDevices(serialPorts, hidDevices),
  };
}

/** Formats a report as plain text for the terminal. */
export function formatDetectionReport(report: DetectionReport): string {
  const lines = [`Serial ports (${report.serialPorts.length}):`];
  for (const port of report.serialPorts) {
    const ids = port.vendorId ? ` ${port.vendorId}:${port.productId ?? '????'}` : '';
    lines.push(`  ${port.path}${ids}${port.manufacturer ? ` ${port.manufacturer}` : ''}`);
  }
  lines.push(`HID devices (${report.hidDevices.length}):`);
  if (report.hidError !== null) lines.push(`  listing failed: ${report.hidError}`);
  for (const device of report.hidDevices) {
    const page =
      device.usagePage === undefined
        ? ''
        : ` usage page 0x${device.usagePage.toString(16)}`;
    lines.push(
      `  ${hex(device.vendorId)}:${hex(device.productId)}${page}${device.product ? ` ${device.product}` : ''}`,
    );
  }
  lines.push(`Suggestions for devices.json (${report.suggestions.length}):`);
  for (const suggestion of report.suggestions) {
    lines.push(
      `  ${suggestion.device}: ${JSON.stringify(suggestion.config)}  (${suggestion.reason})`,
    );
  }
  if (report.suggestions.length === 0)
    lines.push('  none: no known reader, printer or scanner was found');
  return `${lines.join('\n')}\n`;
}
