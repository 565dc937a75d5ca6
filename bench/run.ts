// Runs the benchmark modules in bench/suites, prints their tables and
// rewrites each module's own section of docs/benchmarks.md.
//
//   npm run bench                      every module, in file name order
//   npm run bench -- search import     only the named modules
//   npm run bench -- --scale 0.1       smaller data and fewer runs; writes no docs
//   npm run bench -- --no-write        print only
//
// Each module runs in its own child process, so that one module's memory
// (RSS rarely shrinks) and warm caches do not show up in the next one's
// numbers. A module's measured path and its baseline share that process.
import { fork } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeMachine } from './lib/machine.js';
import { renderSection, textTable, writeSection } from './lib/report.js';
import type { BenchSuite, SuiteResult } from './lib/suite.js';

// The store logs every migration at info level, which would bury the tables.
process.env['LOG_LEVEL'] ??= 'warn';

const SUITES_DIR = fileURLToPath(new URL('./suites/', import.meta.url));
const RESULTS_PAGE = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const CHILD_FLAG = '--child';

interface Options {
  names: string[];
  scale: number;
  write: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const options: Options = { names: [], scale: 1, write: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--no-write') {
      options.write = false;
    } else if (arg === '--scale') {
      const value = Number(args[++i]);
      if (!(value > 0 && value <= 1)) {
        throw new Error(
          `Invalid --scale ${args[i]}: give a number above 0 and at most 1.`,
        );
      }
      options.scale = value;
    } else if (arg.startsWith('-')) {
      throw new Error(`Unknown option ${arg}. Options: --scale N, --no-write.`);
    } else {
      options.names.push(arg);
    }
  }
  return options;
}

function isSuite(value: unknown): value is BenchSuite {
  const candidate = value as Partial<BenchSuite> | undefined;
  return (
    typeof candidate?.name === 'string' &&
    typeof candidate.title === 'string' &&
    typeof candidate.run === 'function'
  );
}

async function loadSuites(): Promise<BenchSuite[]> {
  const files = readdirSync(SUITES_DIR)
    .filter((file) => file.endsWith('.ts'))
    .sort();
  const suites: BenchSuite[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(SUITES_DIR + file).href)) as {
      suite?: unknown;
    };
    if (!isSuite(module.suite)) {
      throw new Error(
        `bench/suites/${file} does not export a \`suite\` with name, title and run.`,
      );
    }
    suites.push(module.suite);
  }
  return suites;
}

function selectSuites(all: BenchSuite[], names: readonly string[]): BenchSuite[] {
  if (names.length === 0) return all;
  const known = all.map((suite) => suite.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown benchmark ${unknown.join(', ')}. Known: ${known.join(', ')}.`,
    );
  }
  return all.filter((suite) => names.includes(suite.name));
}

/** Child process: runs one module and sends its result to the parent over IPC. */
async function runChild(name: string, scale: number): Promise<void> {
  const [suite] = selectSuites(await loadSuites(), [name]);
  const result = await suite!.run({
    scale,
    progress: (message) => console.error(`  ${message}`),
  });
  await new Promise<void>((resolve, reject) => {
    process.send!(result, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

/** Parent process: runs one module in a child process and returns its result. */
function runInChild(suite: BenchSuite, scale: number): Promise<SuiteResult> {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(import.meta.url),
      [CHILD_FLAG, suite.name, String(scale)],
      {
        execArgv: process.execArgv,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    let result: SuiteResult | undefined;
    child.on('message', (message) => {
      result = message as SuiteResult;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result !== undefined && code === 0) resolve(result);
      else
        reject(
          new Error(
            `benchmark ${suite.name} failed (exit code ${code}, signal ${signal})`,
          ),
        );
    });
  });
}

function printResult(
  suite: BenchSuite,
  result: SuiteResult,
  seconds: number,
  load: string,
): void {
  console.log(
    `\n== ${suite.title} (${suite.name}, ${seconds.toFixed(1)} s, load ${load})\n`,
  );
  for (const table of result.tables) console.log(`${textTable(table)}\n`);
  for (const note of result.notes) console.log(`- ${note}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === CHILD_FLAG) {
    await runChild(args[1]!, Number(args[2]));
    return;
  }

  const options = parseOptions(args);
  const suites = selectSuites(await loadSuites(), options.names);
  const machine = describeMachine();
  const command = ['npm run bench', ...(args.length > 0 ? ['--', ...args] : [])].join(
    ' ',
  );
  const write = options.write && options.scale === 1;
  if (options.write && !write) {
    console.error('bench: --scale below 1, so docs/benchmarks.md is left as it is');
  }

  for (const suite of suites) {
    const startedAt = new Date();
    const loadBefore = loadavg()[0]!;
    const started = process.hrtime.bigint();
    console.error(`bench: running ${suite.name}`);
    const result = await runInChild(suite, options.scale);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const loadAfter = loadavg()[0]!;
    printResult(
      suite,
      result,
      seconds,
      `${loadBefore.toFixed(1)} to ${loadAfter.toFixed(1)}`,
    );
    if (write) {
      const run = { command, startedAt, seconds, loadBefore, loadAfter };
      writeSection(RESULTS_PAGE, suite.name, renderSection(suite, result, machine, run));
    }
  }
}

main().catch((error: unknown) => {
  console.error(
    `bench: failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exitCode = 1;
});
