// The kiosk's receipt printer: runs the ESC/POS driver, keeps its health
// with a status poll that also reopens a lost link, and prints job slips.
import { existsSync } from 'node:fs';
import {
  EscPosPrinter,
  PrinterError,
  QrPayloadTooLongError,
  renderJobSlip,
  type PaperColumns,
  type PrinterHealth,
  type PrintJob,
} from '../../native/escpos/index.js';
import type { Transport } from '../../native/transport/index.js';
import type { JobDetail } from '../contract/catalogue.js';
import { formatPay } from '../contract/format.js';
import type { Logger } from '../log.js';
import { DeviceError, type DeviceErrorCode } from './errors.js';
import type { FaultLog } from './fault-log.js';
import { HealthCell } from './health.js';

export interface PrinterServiceOptions {
  transport: Transport;
  /** Device path to check before each reopen of a serial printer; undefined for TCP and loopback. */
  devicePath?: string;
  columns: PaperColumns;
  encoding: 'gb18030' | 'gbk';
  simulated: boolean;
  stationName: string;
  faults: FaultLog;
  log: Logger;
  /** Status poll interval while the printer works, in ms; default 5000. */
  pollIntervalMs?: number;
  /** First reconnect interval while the printer is away, in ms; default 2000. */
  reconnectBaseMs?: number;
  /** Maximum reconnect interval, in ms; default 30000. */
  reconnectMaxMs?: number;
}

/** Last line of every slip. */
export const SLIP_FOOTER = '请携带身份证到服务窗口咨询';

const CODE_OF_PROBLEM: Partial<Record<string, DeviceErrorCode>> = {
  disconnected: 'PRINTER_DISCONNECTED',
  timeout: 'PRINTER_TIMEOUT',
  'paper-out': 'PRINTER_PAPER_OUT',
  'cover-open': 'PRINTER_COVER_OPEN',
  offline: 'PRINTER_OFFLINE',
};

/** Reconnect failures after which the interval doubles, up to reconnectMaxMs. */
const FAILURES_PER_DOUBLING = 10;

export class PrinterService {
  readonly health: HealthCell;
  private readonly printer: EscPosPrinter;
  private timer: NodeJS.Timeout | undefined;
  /** The status check in progress, if any. */
  private polling: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private readonly pollIntervalMs: number;
  private readonly reconnectBaseMs: number;
  private readonly reconnectMaxMs: number;

  constructor(private readonly options: PrinterServiceOptions) {
    const { transport } = options;
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.reconnectBaseMs = options.reconnectBaseMs ?? 2000;
    this.reconnectMaxMs = options.reconnectMaxMs ?? 30_000;
    this.health = new HealthCell({
      id: 'printer',
      transport: transport.kind,
      target: transport.target,
      simulated: options.simulated,
    });
    this.printer = new EscPosPrinter(transport);
    // Changes between polls (a disconnect, an automatic status message) update
    // the health at once; only the poll counts fault repeats.
    this.printer.on('health', (health) => this.apply(health, false));
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // Closing the driver during a status query would reject a reply nobody awaits yet.
    await this.polling;
    await this.printer.close();
  }

  /** Checks the printer now instead of waiting for the next poll. */
  async refresh(): Promise<void> {
    await this.check();
  }

  /**
   * Prints the slip of one posting. Rejects with a DeviceError whose code
   * names the problem (PRINTER_PAPER_OUT and others); when the printer was
   * not ready, nothing was sent.
   */
  async printJobSlip(job: JobDetail): Promise<{ message: string }> {
    const slip = this.renderSlip(job);
    try {
      const result = await this.printer.print(slip);
      this.options.log.info(
        {
          device: 'printer',
          jobId: job.id,
          bytes: result.bytesSent,
          substituted: result.substituted,
        },
        'job slip printed',
      );
      return {
        message:
          result.health.state === 'warning'
            ? result.health.message
            : '打印完成，请取走岗位单',
      };
    } catch (error) {
      if (!(error instanceof PrinterError)) throw error;
      this.options.log.warn(
        {
          device: 'printer',
          jobId: job.id,
          code: error.code,
          bytesSent: error.bytesSent,
        },
        'job slip not printed',
      );
      throw new DeviceError(error.code, error.message, { cause: error });
    }
  }

  private renderSlip(job: JobDetail): PrintJob {
    const data = {
      stationName: this.options.stationName,
      title: job.title,
      employer: job.employer,
      pay: formatPay(job.pay),
      place: [job.area, job.location].filter(Boolean).join(' '),
      headcount: job.headcount,
      contactName: job.contactName,
      contactPhone: job.contactPhone,
      qrPayload: job.shareText,
      printedAt: new Date(),
      footer: SLIP_FOOTER,
    };
    const layout = { columns: this.options.columns, encoding: this.options.encoding };
    try {
      return renderJobSlip(data, layout);
    } catch (error) {
      if (!(error instanceof QrPayloadTooLongError)) throw error;
      // A share text too long for a QR code on this paper: print the slip without the code.
      this.options.log.warn(
        { device: 'printer', jobId: job.id },
        'share text too long for a QR code',
      );
      return renderJobSlip({ ...data, qrPayload: '' }, layout);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.check().finally(() => this.schedule(this.nextDelay()));
    }, delayMs);
    this.timer.unref();
  }

  private nextDelay(): number {
    const state = this.health.value.state;
    if (state !== 'disconnected') return this.pollIntervalMs;
    const doublings = Math.floor(this.failures / FAILURES_PER_DOUBLING);
    return Math.min(this.reconnectBaseMs * 2 ** doublings, this.reconnectMaxMs);
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    const path = this.options.devicePath;
    if (
      path !== undefined &&
      this.health.value.state === 'disconnected' &&
      !existsSync(path)
    ) {
      // The port is not back yet; opening it would only fail again.
      this.failures += 1;
      this.options.faults.report('printer', 'PRINTER_DISCONNECTED', `${path} is missing`);
      return;
    }
    try {
      this.apply(await this.printer.checkHealth(), true);
    } catch (error) {
      this.options.log.error(
        { device: 'printer', err: String(error) },
        'printer status check failed',
      );
    }
  }

  private apply(health: PrinterHealth, fromPoll: boolean): void {
    const [problem] = health.problems;
    if (health.state === 'ready') {
      this.failures = 0;
      this.options.faults.clear('printer');
      this.health.set('ready', health.message, null);
      return;
    }
    const code =
      problem === undefined
        ? 'PRINTER_FAULT'
        : (CODE_OF_PROBLEM[problem] ?? 'PRINTER_FAULT');
    if (health.state === 'warning') {
      this.failures = 0;
      this.options.faults.clear('printer');
      this.health.set('warning', health.message, 'PRINTER_PAPER_NEAR_END');
      return;
    }
    if (fromPoll) this.options.faults.report('printer', code, health.problems.join(','));
    if (code === 'PRINTER_DISCONNECTED') {
      if (fromPoll) this.failures += 1;
      this.health.set('disconnected', health.message, code);
    } else {
      this.failures = 0;
      this.health.set('fault', health.message, code);
    }
  }
}
