// `devices.json` in the kiosk data folder: which device is on which port.
// Without the file every device runs on its simulator.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DEVICES_FILE = 'devices.json';

const simulatorSchema = z.object({ transport: z.literal('simulator') }).strict();
const offSchema = z.object({ transport: z.literal('none') }).strict();

const usbId = z.number().int().min(0).max(0xffff);

const serialSchema = z
  .object({
    transport: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(115_200),
  })
  .strict();

const hidSchema = z
  .object({
    transport: z.literal('hid'),
    vendorId: usbId,
    productId: usbId,
  })
  .strict();

const tcpSchema = z
  .object({
    transport: z.literal('tcp'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(9100),
  })
  .strict();

const printerLayout = {
  /** Characters per line: 32 for 58 mm paper, 48 for 80 mm paper. */
  paperWidth: z.union([z.literal(32), z.literal(48)]).default(48),
  /** The printer's font has GBK only, so GB18030-only characters print as the substitute. */
  gbkOnly: z.boolean().default(false),
};

export const idCardConfigSchema = z.discriminatedUnion('transport', [
  simulatorSchema,
  offSchema,
  serialSchema,
  hidSchema,
]);

export const printerConfigSchema = z.discriminatedUnion('transport', [
  simulatorSchema.extend(printerLayout),
  offSchema,
  serialSchema.extend({
    ...printerLayout,
    baudRate: z.number().int().positive().default(9600),
  }),
  tcpSchema.extend(printerLayout),
]);

export const scannerConfigSchema = z.discriminatedUnion('transport', [
  simulatorSchema,
  offSchema,
  hidSchema,
  z.object({ transport: z.literal('wedge') }).strict(),
]);

export const devicesConfigSchema = z
  .object({
    idcard: idCardConfigSchema.default({ transport: 'simulator' }),
    printer: printerConfigSchema.default({
      transport: 'simulator',
      paperWidth: 48,
      gbkOnly: false,
    }),
    scanner: scannerConfigSchema.default({ transport: 'wedge' }),
  })
  .strict();

export type DevicesConfig = z.infer<typeof devicesConfigSchema>;
export type IdCardConfig = DevicesConfig['idcard'];
export type PrinterConfig = DevicesConfig['printer'];
export type ScannerConfig = DevicesConfig['scanner'];

/** Raised for a missing, unreadable or invalid devices.json; the message names the bad field. */
export class DevicesConfigError extends Error {
  override readonly name = 'DevicesConfigError';
}

/** Returns the defaults: every device on its simulator, the scanner as keyboard wedge. */
export function simulatorConfig(): DevicesConfig {
  return devicesConfigSchema.parse({});
}

/**
 * Validates a parsed devices.json. Each problem is reported as
 * `field.path: reason`, for example `printer.paperWidth: Invalid input`.
 */
export function parseDevicesConfig(raw: unknown, source = DEVICES_FILE): DevicesConfig {
  const parsed = devicesConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
    return `${field}: ${issue.message}`;
  });
  throw new DevicesConfigError(`${source} is invalid: ${problems.join('; ')}`);
}

/** Reads DATA_DIR/devices.json, or returns the simulator defaults when there is none. */
export function loadDevicesConfig(dataDir: string): {
  config: DevicesConfig;
  fromFile: boolean;
} {
  const file = join(dataDir, DEVICES_FILE);
  if (!existsSync(file)) return { config: simulatorConfig(), fromFile: false };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DevicesConfigError(
      `${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return { config: parseDevicesConfig(raw, file), fromFile: true };
}

/** True when any device of the configuration runs on a simulator. */
export function usesSimulators(config: DevicesConfig): boolean {
  return [config.idcard, config.printer, config.scanner].some(
    (device) => device.transport === 'simulator',
  );
}
