import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A pair of connected pseudo-terminals made by socat: bytes written to `a`
 * come out of `b` and the reverse. `stop()` kills socat, which removes both
 * links, so a port opened on them gets an unplug; `start()` brings them back
 * on the same paths (re-plug).
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

const SOCAT = '/usr/bin/socat';
const START_TIMEOUT_MS = 5000;
const live = new Set<ChildProcess>();

// A test that fails before its cleanup must not leave socat running.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts socat with two linked ptys in a new temp folder; `name` prefixes the folder. */
export async function startPtyPair(name = 'pty'): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const a = join(dir, 'dev-a');
  const b = join(dir, 'dev-b');
  let child: ChildProcess | undefined;

  const pair: PtyPair = {
    dir,
    a,
    b,
    get running() {
      return child !== undefined;
    },
    async start() {
      if (child) return;
      child = await spawnSocat(a, b);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running) await killAndWait(running);
      // socat unlinks its links on a clean exit; make sure of it after a kill.
      for (const link of [a, b]) {
        if (existsSync(link)) unlinkSync(link);
      }
    },
    async remove() {
      await pair.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await pair.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return pair;
}

async function spawnSocat(a: string, b: string): Promise<ChildProcess> {
  const child = spawn(
    SOCAT,
    ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
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
