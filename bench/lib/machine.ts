import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, totalmem } from 'node:os';
import Database from 'better-sqlite3';

/** The machine and software a benchmark ran on, for the results page. */
export interface MachineInfo {
  nproc: string;
  cpu: string;
  ram: string;
  node: string;
  betterSqlite3: string;
  sqlite: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown (no model name in /proc/cpuinfo)';
  } catch {
    return 'unknown (/proc/cpuinfo not readable)';
  }
}

function processorCount(): string {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return `${availableParallelism()} (os.availableParallelism)`;
  }
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  try {
    return db.prepare<[], string>('SELECT sqlite_version()').pluck().get() ?? 'unknown';
  } finally {
    db.close();
  }
}

function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  const manifest = require(`${name}/package.json`) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** Reads the processor count, CPU model, RAM and runtime versions. */
export function describeMachine(): MachineInfo {
  return {
    nproc: processorCount(),
    cpu: cpuModel(),
    ram: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    betterSqlite3: packageVersion('better-sqlite3'),
    sqlite: sqliteVersion(),
  };
}
