import { Socket } from 'node:net';
import { BaseTransport } from './base.js';

/** Address of a networked device, e.g. a port-9100 printer or an LED controller card. */
export interface TcpOptions {
  host: string;
  port: number;
  /** Milliseconds to wait for the connection before OPEN_FAILED; default 3000. */
  connectTimeoutMs?: number;
}

/** TCP transport over net.Socket; a reset or closed socket reports `disconnect`. */
export class TcpTransport extends BaseTransport {
  readonly kind = 'tcp';
  private socket: Socket | undefined;

  constructor(private readonly options: TcpOptions) {
    super(`${options.host}:${options.port}`);
  }

  protected async openLink(): Promise<void> {
    const socket = new Socket();
    const timeoutMs = this.options.connectTimeoutMs ?? 3000;

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connection timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      });
      socket.connect({ host: this.options.host, port: this.options.port }, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve();
      });
    });

    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // `close` follows every socket `error`, so the loss is reported once from there.
    let lastError: Error | undefined;
    socket.on('error', (error) => {
      lastError = error;
    });
    socket.on('close', () => {
      if (this.socket === socket)
        this.lose(lastError ?? new Error('connection closed by peer'));
    });
    this.socket = socket;
  }

  protected async writeLink(data: Buffer): Promise<void> {
    const socket = this.socket;
    if (!socket) throw new Error('socket is not open');
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  protected async closeLink(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      // A peer that never finishes the close must not hold us up.
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }
}
