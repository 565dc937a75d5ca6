import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MachineInfo } from './machine.js';
import type { BenchSuite, ResultTable, SuiteResult } from './suite.js';

const PAGE_INTRO = `# Benchmarks

\`npm run bench\` runs every module in \`bench/suites/\` in turn, and
\`npm run bench -- search import\` runs only the named ones. Each module
rewrites only its own section of this page, between its \`bench:NAME\`
markers, so sections may come from different runs: each one states when, how
and on what machine it ran. Numbers from a shared or different machine are
not comparable, but the ratios against the baseline measured in the same
process are a fairer guide.
`;

function startMarker(name: string): string {
  return `<!-- bench:${name}:start -->`;
}

function endMarker(name: string): string {
  return `<!-- bench:${name}:end -->`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function markdownTable(table: ResultTable): string {
  const lines = [
    `| ${table.columns.map(escapeCell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return `### ${table.title}\n\n${lines.join('\n')}\n`;
}

/** When and how one module ran. */
export interface RunInfo {
  command: string;
  startedAt: Date;
  seconds: number;
  /** One-minute load averages before and after the module, from os.loadavg(). */
  loadBefore: number;
  loadAfter: number;
}

/** Renders one module's section, markers included. */
export function renderSection(
  suite: BenchSuite,
  result: SuiteResult,
  machine: MachineInfo,
  run: RunInfo,
): string {
  const where =
    `Recorded ${run.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC with ` +
    `\`${run.command}\` (${run.seconds.toFixed(0)} s) on nproc ${machine.nproc}, ` +
    `${machine.cpu}, ${machine.ram} RAM, Node ${machine.node}, ` +
    `better-sqlite3 ${machine.betterSqlite3}, SQLite ${machine.sqlite}. ` +
    `One-minute load average ${run.loadBefore.toFixed(1)} before and ` +
    `${run.loadAfter.toFixed(1)} after: other work on the machine slows both sides of each ratio.`;
  const parts = [
    startMarker(suite.name),
    `## ${suite.title}`,
    '',
    where,
    '',
    ...result.tables.map(markdownTable),
    ...result.notes.map((note) => `- ${note}`),
    endMarker(suite.name),
  ];
  return parts.join('\n');
}

/**
 * Replaces the text between a module's markers in the page, or appends the
 * section when the page has none yet. Other modules' sections stay as they are.
 */
export function replaceSection(page: string, name: string, section: string): string {
  const start = page.indexOf(startMarker(name));
  const end = page.indexOf(endMarker(name));
  if (start === -1 || end === -1 || end < start) {
    return `${page.trimEnd()}\n\n${section}\n`;
  }
  return page.slice(0, start) + section + page.slice(end + endMarker(name).length);
}

/** Rewrites one module's section of the results page, creating the page if needed. */
export function writeSection(file: string, name: string, section: string): void {
  const page = existsSync(file) ? readFileSync(file, 'utf8') : PAGE_INTRO;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, replaceSection(page, name, section));
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Terminal columns of a string, counting CJK and full-width characters as two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

/** Formats a result table as aligned plain text for the terminal. */
export function textTable(table: ResultTable): string {
  const widths = table.columns.map((column, i) =>
    Math.max(
      displayWidth(column),
      ...table.rows.map((row) => displayWidth(row[i] ?? '')),
    ),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => pad(cell, widths[i]!))
      .join('  ')
      .trimEnd();
  return [table.title, line(table.columns), ...table.rows.map(line)].join('\n');
}
