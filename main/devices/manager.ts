// The device manager: starts every configured device (or its simulator),
// keeps each device's health for the screens and the heartbeat, and gives
// the API handlers the ID card and printer services.
import {
  HidTransport,
  SerialTransport,
  TcpTransport,
  type Transport,
} from '../../native/transport/index.js';
import type { DeviceHealth } from '../contract/devices.js';
import type { HeartbeatRequest } from '../contract/sync.js';
import { createLogger, type Logger } from '../log.js';
import type {
  DevicesConfig,
  IdCardConfig,
  PrinterConfig,
  ScannerConfig,
} from './config.js';
import { FaultLog } from './fault-log.js';
import { IdCardService } from './idcard-service.js';
import { PrinterService } from './printer-service.js';
import { ScannerService } from './scanner-service.js';
import { DeviceSimulators } from './simulators.js';

export interface DeviceManagerOptions {
  dataDir: string;
  config: DevicesConfig;
  stationName: string;
  log?: Logger;
  /** Use in-memory loopback links for the simulators even when socat exists. */
  forceLoopback?: boolean;
  /** Printer status poll interval in ms; default 5000. */
  printerPollMs?: number;
  /** First reconnect interval in ms of both devices; default 2000. */
  reconnectMs?: number;
  /** How long the full text of a read card stays in memory, in ms; default 10 minutes. */
  keepCardMs?: number;
}

/** Maximum length of a device message in a heartbeat (the sync contract's limit). */
const HEARTBEAT_MESSAGE_MAX = 200;

export class DeviceManager {
  private constructor(
    readonly idcard: IdCardService | null,
    readonly printer: PrinterService | null,
    readonly scanner: ScannerService | null,
    private readonly scannerConfig: ScannerConfig,
    readonly simulators: DeviceSimulators | null,
    readonly faults: FaultLog,
    private readonly log: Logger,
  ) {}

  /** Starts the simulators the configuration names, then every device service. */
  static async start(options: DeviceManagerOptions): Promise<DeviceManager> {
    const log = options.log ?? createLogger('devices');
    const faults = new FaultLog(log);
    const { idcard, printer, scanner } = options.config;
    const simulateIdCard = idcard.transport === 'simulator';
    const simulatePrinter = printer.transport === 'simulator';
    const simulateScanner = scanner.transport === 'simulator';
    const simulators =
      simulateIdCard || simulatePrinter || simulateScanner
        ? await DeviceSimulators.start({
            dataDir: options.dataDir,
            idcard: simulateIdCard,
            printer: simulatePrinter,
            scanner: simulateScanner,
            printerEncoding:
              printer.transport !== 'none' && printer.gbkOnly ? 'gbk' : 'gb18030',
            log,
            forceLoopback: options.forceLoopback ?? false,
          })
        : null;

    const idcardService = createIdCardService(idcard, simulators, faults, log, options);
    const printerService = createPrinterService(
      printer,
      simulators,
      faults,
      log,
      options,
    );
    const scannerService = createScannerService(
      scanner,
      simulators,
      faults,
      log,
      options,
    );
    idcardService?.start();
    printerService?.start();
    scannerService?.start();
    log.info(
      {
        idcard: idcard.transport,
        printer: printer.transport,
        scanner: scanner.transport,
      },
      'device manager started',
    );
    return new DeviceManager(
      idcardService,
      printerService,
      scannerService,
      scanner,
      simulators,
      faults,
      log,
    );
  }

  /** Health of each device, in the order idcard, printer, scanner. */
  status(): DeviceHealth[] {
    const notConfigured = (id: DeviceHealth['id']): DeviceHealth => ({
      id,
      state: 'not-configured',
      message: '未配置',
      code: null,
      transport: 'none',
      target: '',
      simulated: false,
      since: new Date(0).toISOString(),
    });
    return [
      this.idcard?.health.value ?? notConfigured('idcard'),
      this.printer?.health.value ?? notConfigured('printer'),
      this.scanner?.health.value ??
        wedgeHealth(this.scannerConfig) ??
        notConfigured('scanner'),
    ];
  }

  /**
   * Returns the health of each configured device in the shape of the sync
   * heartbeat. A device still starting counts as disconnected, and devices
   * that are not configured are left out.
   */
  heartbeatDevices(): HeartbeatRequest['devices'] {
    return this.status()
      .filter((device) => device.state !== 'not-configured')
      .map((device) => ({
        device: device.id,
        state:
          device.state === 'starting' || device.state === 'not-configured'
            ? 'disconnected'
            : device.state,
        message: device.message.slice(0, HEARTBEAT_MESSAGE_MAX),
      }));
  }

  async stop(): Promise<void> {
    await this.idcard?.stop();
    await this.printer?.stop();
    await this.scanner?.stop();
    await this.simulators?.stop();
    this.log.info('device manager stopped');
  }
}

function createIdCardService(
  config: IdCardConfig,
  simulators: DeviceSimulators | null,
  faults: FaultLog,
  log: Logger,
  options: DeviceManagerOptions,
): IdCardService | null {
  let transport: Transport | undefined;
  if (config.transport === 'simulator') transport = simulators?.driverTransport('idcard');
  else if (config.transport === 'serial')
    transport = new SerialTransport({ path: config.path, baudRate: config.baudRate });
  else if (config.transport === 'hid') {
    transport = new HidTransport({
      vendorId: config.vendorId,
      productId: config.productId,
    });
  }
  if (transport === undefined) return null;
  return new IdCardService({
    transport,
    framing: config.transport === 'hid' ? 'hid' : 'serial',
    simulated: config.transport === 'simulator',
    faults,
    log,
    reconnectIntervalMs: options.reconnectMs ?? 2000,
    ...(options.keepCardMs === undefined ? {} : { keepCardMs: options.keepCardMs }),
  });
}

function createPrinterService(
  config: PrinterConfig,
  simulators: DeviceSimulators | null,
  faults: FaultLog,
  log: Logger,
  options: DeviceManagerOptions,
): PrinterService | null {
  if (config.transport === 'none') return null;
  let transport: Transport | undefined;
  let devicePath: string | undefined;
  if (config.transport === 'simulator') {
    transport = simulators?.driverTransport('printer');
    if (simulators?.linkKind('printer') === 'serial') devicePath = transport?.target;
  } else if (config.transport === 'serial') {
    transport = new SerialTransport({ path: config.path, baudRate: config.baudRate });
    devicePath = config.path;
  } else {
    transport = new TcpTransport({ host: config.host, port: config.port });
  }
  if (transport === undefined) return null;
  return new PrinterService({
    transport,
    devicePath,
    columns: config.paperWidth,
    encoding: config.gbkOnly ? 'gbk' : 'gb18030',
    simulated: config.transport === 'simulator',
    stationName: options.stationName,
    faults,
    log,
    pollIntervalMs: options.printerPollMs ?? 5000,
    reconnectBaseMs: options.reconnectMs ?? 2000,
  });
}

function createScannerService(
  config: ScannerConfig,
  simulators: DeviceSimulators | null,
  faults: FaultLog,
  log: Logger,
  options: DeviceManagerOptions,
): ScannerService | null {
  let transport: Transport | undefined;
  let isPresent: (() => Promise<boolean>) | undefined;
  if (config.transport === 'simulator') transport = simulators?.scannerTransport;
  else if (config.transport === 'hid') {
    const { vendorId, productId } = config;
    transport = new HidTransport({ vendorId, productId });
    // hidapi reports no arrival, so the device list is polled before each reopen.
    isPresent = async () => {
      const { devicesAsync } = await import('node-hid');
      const devices = await devicesAsync();
      return devices.some(
        (device) => device.vendorId === vendorId && device.productId === productId,
      );
    };
  }
  if (transport === undefined) return null;
  return new ScannerService({
    transport,
    simulated: config.transport === 'simulator',
    faults,
    log,
    ...(isPresent === undefined ? {} : { isPresent }),
    reconnectBaseMs: options.reconnectMs ?? 2000,
  });
}

/**
 * Health of a keyboard-wedge scanner. It types into the screen like a
 * keyboard, so the kiosk cannot see whether it is plugged in.
 */
function wedgeHealth(config: ScannerConfig): DeviceHealth | undefined {
  if (config.transport !== 'wedge') return undefined;
  return {
    id: 'scanner',
    state: 'ready',
    message: '键盘模式扫码枪，无法检测连接状态',
    code: null,
    transport: 'wedge',
    target: 'keyboard',
    simulated: false,
    since: new Date(0).toISOString(),
  };
}
