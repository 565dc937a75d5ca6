import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPtyPair as startLinkedPtys } from '../../main/devices/pty.js';

/**
 * A pair of connected pseudo-terminals made by socat, in a temp folder of its
 * own: bytes written to `a` come out of `b` and the reverse. `stop()` kills
 * socat, which removes both links, so a port opened on them gets an unplug;
 * `start()` brings them back on the same paths (re-plug).
 */
export interface PtyPair {
  /** Temp folder holding the two links. */
  readonly dir: string;
  /** Link to the first pty, e.g. the driver's side. */
  readonly a: string;
  /** Link to the second pty, e.g. the simulator's side. */
  readonly b: string;
  readonly running: boolean;
  /** Starts socat again on the same link paths; no-op while running. */
  start(): Promise<void>;
  /** Kills socat and waits until it exited and both links are gone. */
  stop(): Promise<void>;
  /** Stops socat and deletes the temp folder. */
  remove(): Promise<void>;
}

/** Starts socat with two linked ptys in a new temp folder; `name` prefixes the folder. */
export async function startPtyPair(name = 'pty'): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  let linked: Awaited<ReturnType<typeof startLinkedPtys>>;
  try {
    linked = await startLinkedPtys(dir, 'dev');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    dir,
    a: linked.driverPath,
    b: linked.devicePath,
    get running() {
      return linked.running;
    },
    start: () => linked.start(),
    stop: () => linked.stop(),
    async remove() {
      await linked.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
