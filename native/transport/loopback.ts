import { BaseTransport } from './base.js';

/**
 * One end of an in-memory link for pure tests. Bytes written to one end
 * arrive at the other on a later tick, as on a real port. `unplug()` makes
 * both ends report `disconnect` until both are reopened.
 */
export class LoopbackTransport extends BaseTransport {
  readonly kind = 'loopback';
  peer: LoopbackTransport | undefined;
  private unplugged = false;

  constructor(name: string) {
    super(`loopback:${name}`);
  }

  /** Drops the link as if the cable were pulled; `plug()` allows reopening. */
  unplug(): void {
    for (const end of [this, this.peer]) {
      if (!end) continue;
      end.unplugged = true;
      end.lose(new Error('loopback unplugged'));
    }
  }

  plug(): void {
    this.unplugged = false;
    if (this.peer) this.peer.unplugged = false;
  }

  protected openLink(): Promise<void> {
    if (this.unplugged) return Promise.reject(new Error('loopback is unplugged'));
    return Promise.resolve();
  }

  protected writeLink(data: Buffer): Promise<void> {
    const peer = this.peer;
    const copy = Buffer.from(data);
    // setImmediate, not queueMicrotask: the receiver gets bytes after the
    // writer's current turn, like a real device.
    setImmediate(() => peer?.deliver(copy));
    return Promise.resolve();
  }

  protected closeLink(): Promise<void> {
    return Promise.resolve();
  }

  private deliver(chunk: Buffer): void {
    this.receive(chunk);
  }
}

/** Creates two connected loopback ends, e.g. driver and simulator. */
export function createLoopbackPair(): [LoopbackTransport, LoopbackTransport] {
  const a = new LoopbackTransport('a');
  const b = new LoopbackTransport('b');
  a.peer = b;
  b.peer = a;
  return [a, b];
}
