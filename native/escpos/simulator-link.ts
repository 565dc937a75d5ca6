import { createServer, type Server, type Socket } from 'node:net';
import { createLogger } from '../log.js';
import type { Transport } from '../transport/index.js';
import type { PrinterSimulator } from './simulator.js';

const log = createLogger('printer-sim');

/**
 * Connects a simulator to the device end of a transport (a pty opened with
 * SerialTransport, or a loopback end): bytes from the transport go to the
 * simulator, its replies go back. Returns a function that undoes the wiring.
 */
export function attachPrinterSimulator(
  simulator: PrinterSimulator,
  transport: Transport,
): () => void {
  const onData = (chunk: Buffer): void => simulator.receive(chunk);
  const onReply = (bytes: Buffer): void => {
    if (!transport.isOpen) return;
    transport.write(bytes).catch((error: unknown) => {
      log.warn(
        { target: transport.target, err: String(error) },
        'simulator reply failed',
      );
    });
  };
  transport.on('data', onData);
  simulator.on('reply', onReply);
  return () => {
    transport.off('data', onData);
    simulator.off('reply', onReply);
  };
}

export interface PrinterSimulatorServer {
  /** Port the server listens on, on 127.0.0.1. */
  readonly port: number;
  /** Number of clients connected now. */
  readonly connections: number;
  /** Drops every client connection, as a printer losing its network would. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * Serves the simulator on 127.0.0.1 like a port-9100 network printer. It
 * binds the loopback address only. Every client shares the one simulated
 * printer. An immediate reply goes to the client whose bytes triggered it.
 * A delayed reply (`replyDelayMs`) and an ASB message after a fault change
 * go to every client.
 */
export async function servePrinterSimulator(
  simulator: PrinterSimulator,
  port = 0,
): Promise<PrinterSimulatorServer> {
  const sockets = new Set<Socket>();
  let current: Socket | undefined;

  const onReply = (bytes: Buffer): void => {
    const targets = current && !current.destroyed ? [current] : [...sockets];
    for (const socket of targets) socket.write(bytes);
  };
  simulator.on('reply', onReply);

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    log.info({ clients: sockets.size }, 'client connected');
    socket.on('data', (chunk: Buffer) => {
      current = socket;
      simulator.receive(chunk);
      current = undefined;
    });
    socket.on('error', (error) =>
      log.warn({ err: error.message }, 'client socket error'),
    );
    socket.on('close', () => {
      sockets.delete(socket);
      log.info({ clients: sockets.size }, 'client disconnected');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  log.info({ port: boundPort }, 'printer simulator listening');

  return {
    port: boundPort,
    get connections() {
      return sockets.size;
    },
    dropConnections() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      simulator.off('reply', onReply);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      log.info({ port: boundPort }, 'printer simulator stopped');
    },
  };
}
