// `npm run import -- --data-dir DIR FILE [FILE...]`: imports job ledgers
// (用工需求台账) into a kiosk's store and prints a report for station staff.
import './quiet-logs.js';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STORE_FILE } from '../app.js';
import { createLogger } from '../log.js';
import { openStore, type Db } from '../store/db.js';
import { LedgerError } from './errors.js';
import { storeLedger, type ImportResult } from './import.js';
import { MAX_FILE_BYTES, readLedgerFile } from './read.js';
import { formatReport } from './report.js';
import { MAX_CELL_LENGTH } from './rows.js';

const log = createLogger('import-cli');

const EXIT_OK = 0;
const EXIT_UNREADABLE = 1;
const EXIT_USAGE = 2;

const USAGE = `用法：npm run import -- --data-dir 目录 文件 [文件...]

把用工需求台账（.xlsx，或 UTF-8、GB18030 编码的 .csv）导入一体机的数据库。
岗位名称、用工单位、工作地点都相同的行算同一岗位：再次导入只更新，不会重复。
每个文件要么全部写入，要么（无法读取时）一行也不写入。

  --data-dir 目录   一体机的数据目录（必填，须已存在），数据库是其中的 ${STORE_FILE}
  --help           显示本说明

限制：文件最大 ${MAX_FILE_BYTES / 1024 / 1024} MB，单元格最多 ${MAX_CELL_LENGTH} 个字符。
退出码：0 已导入（可能有被拒绝的行），1 有文件无法读取或写入，2 用法错误。`;

class UsageError extends Error {}

function parseCommandLine(
  argv: string[],
): { help: true } | { help: false; dataDir: string; files: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`参数有误：${(error as Error).message}`);
  }
  if (parsed.values.help) return { help: true };
  const dataDir = parsed.values['data-dir'];
  if (dataDir === undefined || dataDir === '')
    throw new UsageError('缺少 --data-dir 目录。');
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new UsageError(`数据目录不存在：${dataDir}。请先创建它，或检查路径。`);
  }
  if (parsed.positionals.length === 0) throw new UsageError('缺少要导入的文件。');
  return { help: false, dataDir: resolve(dataDir), files: parsed.positionals };
}

function write(stream: NodeJS.WriteStream, lines: readonly string[]): void {
  stream.write(`${lines.join('\n')}\n`);
}

/** Imports one file and prints its report; returns null when it could not be read or written. */
async function importOne(db: Db, file: string): Promise<ImportResult | null> {
  try {
    const ledger = await readLedgerFile(file);
    const result = storeLedger(db, ledger, file);
    write(process.stdout, formatReport(file, result));
    return result;
  } catch (error) {
    if (error instanceof LedgerError) {
      write(process.stderr, [`文件：${file}`, `  无法导入：${error.message}`]);
      return null;
    }
    log.error({ err: error, file }, 'ledger import failed');
    write(process.stderr, [
      `文件：${file}`,
      `  导入失败，这个文件没有写入任何数据：${(error as Error).message}`,
    ]);
    return null;
  }
}

async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    write(process.stderr, [error.message, '', USAGE]);
    return EXIT_USAGE;
  }
  if (command.help) {
    write(process.stdout, [USAGE]);
    return EXIT_OK;
  }

  const storeFile = join(command.dataDir, STORE_FILE);
  let db: Db;
  try {
    db = openStore(storeFile);
  } catch (error) {
    write(process.stderr, [`无法打开数据库 ${storeFile}：${(error as Error).message}`]);
    return EXIT_UNREADABLE;
  }

  let failed = 0;
  try {
    for (const file of command.files) {
      const result = await importOne(db, file);
      if (result === null) failed++;
    }
  } finally {
    db.close();
  }
  if (command.files.length > 1) {
    write(process.stdout, [`共 ${command.files.length} 个文件，${failed} 个无法导入。`]);
  }
  return failed > 0 ? EXIT_UNREADABLE : EXIT_OK;
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    log.fatal({ err: error }, 'import CLI failed');
    process.stderr.write(`导入程序出错：${(error as Error).message}\n`);
    process.exitCode = EXIT_UNREADABLE;
  });
