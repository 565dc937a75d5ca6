/** One table of results, printed to the terminal and written to docs/benchmarks.md. */
export interface ResultTable {
  title: string;
  columns: string[];
  rows: string[][];
}

/** Everything one benchmark module reports. */
export interface SuiteResult {
  tables: ResultTable[];
  /** Sentences printed under the tables: method, caveats, misses of an aim. */
  notes: string[];
}

/** Settings that run.ts passes to every module. */
export interface SuiteContext {
  /** Factor applied to row counts and iterations, 1 for a recorded run. */
  scale: number;
  /** Writes a progress line to stderr. */
  progress: (message: string) => void;
}

/**
 * A benchmark module. Each file in bench/suites exports one as `suite`, and
 * `name` is both its command-line name and the id of its section in
 * docs/benchmarks.md.
 */
export interface BenchSuite {
  name: string;
  title: string;
  run: (context: SuiteContext) => Promise<SuiteResult>;
}
