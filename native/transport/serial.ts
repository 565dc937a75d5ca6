import { lstat, stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { BaseTransport } from './base.js';

/** Settings of a serial link; the defaults are 115200 8N1, the ID card reader's default. */
export interface SerialOptions {
  path: string;
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  /**
   * Milliseconds between checks that the device path still exists; 0 turns
   * the check off. Default 500.
   */
  presenceCheckMs?: number;
}

/**
 * Serial transport over serialport 13, for RS-232 ports and USB-CDC devices
 * (both appear as a tty). A port that closes on its own, such as a pty whose
 * other end exited or a USB adapter that was pulled, reports `disconnect`.
 *
 * serialport alone misses some unplugs: when a pty's master closes before a
 * read is pending, Linux returns end-of-file, and @serialport/bindings-cpp 13
 * retries zero-byte reads forever without a `close`. So the transport also
 * checks that the device path exists and reports `disconnect` once it is
 * gone, or once it names another device than the one opened: a device
 * re-plugged between two checks comes back under the same path, and the old
 * file descriptor stays dead. A fixed port such as /dev/ttyS0 never
 * disappears: there only the protocol's request timeouts show a pulled cable.
 */
export class SerialTransport extends BaseTransport {
  readonly kind = 'serial';
  private port: SerialPort | undefined;
  private presenceTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SerialOptions) {
    super(options.path);
  }

  protected async openLink(): Promise<void> {
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate ?? 115_200,
      dataBits: this.options.dataBits ?? 8,
      stopBits: this.options.stopBits ?? 1,
      parity: this.options.parity ?? 'none',
      autoOpen: false,
    });
    // Listeners go on before open() so that the first read is pending at once.
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    // serialport emits `close` with a DisconnectedError when the device goes
    // away, and `error` for read faults; both end this link.
    port.on('close', (error?: Error | null) => {
      if (this.port === port) this.lose(error ?? new Error('port closed'));
    });
    port.on('error', (error: Error) => {
      if (this.port !== port) return;
      if (port.isOpen) this.fault(error);
      else this.lose(error);
    });
    this.port = port;
    try {
      await new Promise<void>((resolve, reject) => {
        port.open((error) => (error ? reject(error) : resolve()));
      });
    } catch (error) {
      this.port = undefined;
      throw error;
    }
    this.watchPresence(port);
  }

  private watchPresence(port: SerialPort): void {
    const intervalMs = this.options.presenceCheckMs ?? 500;
    if (intervalMs <= 0) return;
    const path = this.options.path;
    // Read right after open. When that read fails, later checks only look for ENOENT.
    const opened = pathIdentity(path).catch(() => null);
    const timer = setInterval(() => {
      void Promise.all([opened, pathIdentity(path)]).then(
        ([before, now]) => {
          if (this.port === port && before !== null && before !== now)
            this.lose(new Error(`${path} now names another device`));
        },
        (error: NodeJS.ErrnoException) => {
          if (this.port === port && error.code === 'ENOENT')
            this.lose(new Error(`${path} is gone`));
        },
      );
    }, intervalMs);
    timer.unref();
    this.presenceTimer = timer;
  }

  protected async writeLink(data: Buffer): Promise<void> {
    const port = this.port;
    if (!port) throw new Error('port is not open');
    await new Promise<void>((resolve, reject) => {
      port.write(data, (error) => {
        if (error) reject(error);
      });
      port.drain((error) => (error ? reject(error) : resolve()));
    });
  }

  protected async closeLink(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => {
      port.close(() => resolve());
    });
  }
}

/**
 * Returns a key for the file behind `path`: the link's own inode (udev and
 * socat create the link anew on each plug) and the device it leads to.
 * Rejects with ENOENT when the path is gone.
 */
async function pathIdentity(path: string): Promise<string> {
  const [link, target] = await Promise.all([lstat(path), stat(path)]);
  return `${link.dev}:${link.ino}:${target.dev}:${target.ino}:${target.rdev}`;
}
