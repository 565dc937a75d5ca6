// Handlers of the device methods of the API contract. Device failures reach
// the screen as their stable code with the plain Chinese message.
import type { JobDetail } from '../contract/catalogue.js';
import type {
  DevicesStatus,
  MaskedCard,
  PrintJobSlipResult,
  ScanResult,
} from '../contract/devices.js';
import { ApiFailure } from '../contract/errors.js';
import { DeviceError } from './errors.js';
import type { DeviceManager } from './manager.js';

export interface DeviceHandlers {
  'devices.status': () => DevicesStatus;
  'idcard.read': (params: { waitSeconds: number }) => Promise<MaskedCard>;
  'print.jobSlip': (params: { id: number }) => Promise<PrintJobSlipResult>;
  'scanner.read': (params: { waitSeconds: number }) => Promise<ScanResult>;
}

/**
 * Builds the device handlers over a running manager, or over none (every
 * device then reads as not configured). `loadJob` returns a posting with its
 * share text and raises NOT_FOUND, like the `jobs.get` handler.
 */
export function createDeviceHandlers(
  devices: DeviceManager | null,
  loadJob: (id: number) => JobDetail,
): DeviceHandlers {
  return {
    'devices.status': () => ({
      devices:
        devices?.status() ??
        (['idcard', 'printer', 'scanner'] as const).map((id) => ({
          id,
          state: 'not-configured' as const,
          message: '未配置',
          code: null,
          transport: 'none',
          target: '',
          simulated: false,
          since: new Date(0).toISOString(),
        })),
    }),
    'idcard.read': async ({ waitSeconds }) => {
      const idcard = devices?.idcard;
      if (!idcard)
        throw toApiFailure(
          new DeviceError('READER_DISCONNECTED', 'No ID card reader configured'),
        );
      try {
        return await idcard.read(waitSeconds * 1000);
      } catch (error) {
        throw toApiFailure(error);
      }
    },
    'print.jobSlip': async ({ id }) => {
      const printer = devices?.printer;
      const job = loadJob(id);
      if (!printer)
        throw toApiFailure(
          new DeviceError('PRINTER_DISCONNECTED', 'No printer configured'),
        );
      try {
        const { message } = await printer.printJobSlip(job);
        return { printed: true, message };
      } catch (error) {
        throw toApiFailure(error);
      }
    },
    'scanner.read': async ({ waitSeconds }) => {
      const scanner = devices?.scanner;
      if (!scanner) {
        throw toApiFailure(
          new DeviceError('SCANNER_DISCONNECTED', 'No HID POS scanner configured'),
        );
      }
      try {
        return await scanner.read(waitSeconds * 1000);
      } catch (error) {
        throw toApiFailure(error);
      }
    },
  };
}

function toApiFailure(error: unknown): unknown {
  if (error instanceof DeviceError) return new ApiFailure(error.code, error.userMessage);
  return error;
}
