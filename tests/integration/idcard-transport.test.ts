// Serial and TCP transports on real ptys (socat) and a real socket on
// 127.0.0.1. Named idcard-* because that is the test path this driver owns;
// every native driver uses these transports.
import { once } from 'node:events';
import { realpathSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../native/transport/serial.js';
import { TcpTransport } from '../../native/transport/tcp.js';
import {
  FrameReader,
  FixedLengthDecoder,
  readBytes,
} from '../../native/transport/frame-reader.js';
import { TransportError, type Transport } from '../../native/transport/types.js';
import { startPtyPair, type PtyPair } from '../helpers/pty.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ptyPair(): Promise<PtyPair> {
  const pair = await startPtyPair('transport');
  cleanups.push(() => pair.remove());
  return pair;
}

function track<T extends Transport>(transport: T): T {
  cleanups.push(() => transport.close());
  return transport;
}

describe('serial transport', () => {
  it('passes bytes both ways', async () => {
    const pair = await ptyPair();
    const left = track(new SerialTransport({ path: pair.a }));
    const right = track(new SerialTransport({ path: pair.b }));
    await left.open();
    await right.open();
    expect(left.isOpen).toBe(true);

    const toRight = readBytes(right, 5, 2000);
    await left.write(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
    expect([...(await toRight)]).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69]);

    const toLeft = readBytes(left, 3, 2000);
    await right.write(Buffer.from('abc'));
    expect((await toLeft).toString()).toBe('abc');
  });

  it('rejects a missing path', async () => {
    const pair = await ptyPair();
    const transport = new SerialTransport({ path: `${pair.dir}/missing` });
    const error = await transport.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('OPEN_FAILED');
    expect((error as TransportError).message).toContain('missing');
    expect(transport.isOpen).toBe(false);
  });

  it('rejects write when closed', async () => {
    const pair = await ptyPair();
    const transport = new SerialTransport({ path: pair.a });
    const error = await transport.write(Buffer.from([1])).catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('NOT_OPEN');
  });

  it('reports unplug and reopens on re-plug', async () => {
    const pair = await ptyPair();
    const transport = track(new SerialTransport({ path: pair.a }));
    await transport.open();
    const disconnects: TransportError[] = [];
    transport.on('disconnect', (cause) => disconnects.push(cause));
    const closed = once(transport, 'close');

    await pair.stop();
    await closed;
    expect(disconnects).toHaveLength(1);
    expect(disconnects[0]?.code).toBe('DISCONNECTED');
    expect(transport.isOpen).toBe(false);

    const whileUnplugged = await transport.reopen().catch((e: unknown) => e);
    expect((whileUnplugged as TransportError).code).toBe('OPEN_FAILED');

    await pair.start();
    await transport.reopen();
    expect(transport.isOpen).toBe(true);

    const peer = track(new SerialTransport({ path: pair.b }));
    await peer.open();
    const reply = readBytes(transport, 2, 2000);
    await peer.write(Buffer.from([0x90, 0x9f]));
    expect([...(await reply)]).toEqual([0x90, 0x9f]);
    expect(disconnects).toHaveLength(1);
  });

  it('close emits no disconnect', async () => {
    const pair = await ptyPair();
    const transport = new SerialTransport({ path: pair.a });
    await transport.open();
    let disconnects = 0;
    transport.on('disconnect', () => (disconnects += 1));
    await transport.close();
    await transport.close();
    expect(transport.isOpen).toBe(false);
    expect(disconnects).toBe(0);
  });

  it('reports a swapped device path', async () => {
    // A device re-plugged between two presence checks: the path is back, but
    // on a new pty, and the old one never reports an error of its own.
    const first = await ptyPair();
    const second = await ptyPair();
    const link = join(first.dir, 'reader');
    symlinkSync(realpathSync(first.a), link);
    const transport = track(new SerialTransport({ path: link, presenceCheckMs: 50 }));
    await transport.open();
    const disconnected = once(transport, 'disconnect');

    const replacement = join(first.dir, 'reader.new');
    symlinkSync(realpathSync(second.a), replacement);
    renameSync(replacement, link);

    const [cause] = (await disconnected) as [TransportError];
    expect(cause.code).toBe('DISCONNECTED');
    expect(cause.message).toContain('another device');
    expect(first.running).toBe(true);

    await transport.reopen();
    const peer = track(new SerialTransport({ path: second.b }));
    await peer.open();
    const reply = readBytes(transport, 1, 2000);
    await peer.write(Buffer.from([0x42]));
    expect([...(await reply)]).toEqual([0x42]);
  });

  it('rejects pending read on unplug', async () => {
    const pair = await ptyPair();
    const transport = track(new SerialTransport({ path: pair.a }));
    await transport.open();
    const reader = new FrameReader(transport, new FixedLengthDecoder(10));
    const pending = reader.next(5000).catch((e: unknown) => e);
    await pair.stop();
    const error = await pending;
    expect((error as TransportError).code).toBe('DISCONNECTED');
    reader.dispose();
  });
});

describe('tcp transport', () => {
  async function server(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
    const sockets: Socket[] = [];
    const srv = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) =>
        socket.write(Buffer.concat([Buffer.from('echo:'), chunk])),
      );
    });
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    });
    const address = srv.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { server: srv, port: address.port, sockets };
  }

  it('exchanges bytes with a server', async () => {
    const { port } = await server();
    const transport = track(new TcpTransport({ host: '127.0.0.1', port }));
    await transport.open();
    expect(transport.target).toBe(`127.0.0.1:${port}`);
    const reply = readBytes(transport, 7, 2000);
    await transport.write(Buffer.from('hi'));
    expect((await reply).toString()).toBe('echo:hi');
  });

  it('reports a refused connection', async () => {
    const { port, server: srv } = await server();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    const transport = new TcpTransport({ host: '127.0.0.1', port });
    const error = await transport.open().catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('OPEN_FAILED');
  });

  it('reports peer reset and reopens', async () => {
    const { port, sockets } = await server();
    const transport = track(new TcpTransport({ host: '127.0.0.1', port }));
    await transport.open();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const disconnected = once(transport, 'disconnect');
    sockets[0]?.destroy();
    const [cause] = (await disconnected) as [TransportError];
    expect(cause.code).toBe('DISCONNECTED');

    await once(transport, 'close');
    await transport.reopen();
    const reply = readBytes(transport, 6, 2000);
    await transport.write(Buffer.from('x'));
    expect((await reply).toString()).toBe('echo:x');
  });
});
