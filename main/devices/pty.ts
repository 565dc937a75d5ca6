// Pairs of linked pseudo-terminals made by socat, for the device simulators:
// the driver opens one end with the real serial transport and the simulator
// serves the other, so the demo runs the same code as a real port.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export const SOCAT_PATH = '/usr/bin/socat';
const START_TIMEOUT_MS = 5000;
const live = new Set<ChildProcess>();

// socat would outlive a kiosk that exits without stopping its simulators.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** True when socat can be run from SOCAT_PATH. */
export function socatAvailable(path = SOCAT_PATH): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface PtyPair {
  /** The driver's end. */
  readonly driverPath: string;
  /** The simulator's end. */
  readonly devicePath: string;
  readonly running: boolean;
  /** Starts socat again on the same paths (re-plug); no-op while running. */
  start(): Promise<void>;
  /** Kills socat, so both links disappear and open ports see a disconnect (unplug). */
  stop(): Promise<void>;
}

/** Starts socat with two linked ptys at DIR/NAME-driver and DIR/NAME-device. */
export async function startPtyPair(dir: string, name: string): Promise<PtyPair> {
  mkdirSync(dir, { recursive: true });
  const driverPath = join(dir, `${name}-driver`);
  const devicePath = join(dir, `${name}-device`);
  let child: ChildProcess | undefined;

  const pair: PtyPair = {
    driverPath,
    devicePath,
    get running() {
      return child !== undefined;
    },
    async start() {
      if (child) return;
      removeStaleLinks(driverPath, devicePath);
      child = await spawnSocat(driverPath, devicePath);
      child.once('exit', () => {
        child = undefined;
      });
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running) await killAndWait(running);
      removeStaleLinks(driverPath, devicePath);
    },
  };
  await pair.start();
  return pair;
}

/** Deletes links a killed socat left behind, so a new socat can create them. */
function removeStaleLinks(...paths: string[]): void {
  for (const path of paths) {
    if (existsSync(path)) unlinkSync(path);
  }
}

async function spawnSocat(a: string, b: string): Promise<ChildProcess> {
  const child = spawn(
    SOCAT_PATH,
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  let stderr = '';
  let ready = false;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    // Keep only the start of the log, which contains the reason of a failed start.
    if (stderr.length < 4000) stderr += text;
    if (stderr.includes('starting data transfer loop')) ready = true;
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(ready && existsSync(a) && existsSync(b))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `socat exited during start (code ${child.exitCode}): ${stderr.trim()}`,
      );
    }
    if (Date.now() > deadline) {
      await killAndWait(child);
      throw new Error(
        `socat did not create ${a} and ${b} within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`,
      );
    }
    await sleep(10);
  }
  return child;
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
