// `npm run server:import -- --data-dir DIR [--station ID] [--draft] FILE...`:
// imports job ledgers (用工需求台账) into the county catalogue once, for every
// kiosk, with the kiosk importer's reader and report.
import '../main/importer/quiet-logs.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../main/log.js';
import { LedgerError, formatReport, readLedgerFile } from '../main/importer/index.js';
import { importLedgerJobs } from './ledger-import.js';
import { writeAudit } from './store/audit.js';
import { SERVER_DB_FILE, openServerDb, type Db } from './store/db.js';
import { stationExists } from './store/stations.js';

const log = createLogger('server-import');

const EXIT_OK = 0;
const EXIT_UNREADABLE = 1;
const EXIT_USAGE = 2;

const USAGE = `用法：npm run server:import -- --data-dir 目录 [--station 驿站编号] [--draft] 文件 [文件...]

把用工需求台账（.xlsx，或 UTF-8、GB18030 编码的 .csv）导入县级服务器，各一体机同步后显示。
岗位名称、用工单位、工作地点都相同的行算同一岗位：再次导入只更新有变化的岗位。

  --data-dir 目录     县级服务器的数据目录（必填），数据库是其中的 ${SERVER_DB_FILE}
  --station 编号      岗位属于该驿站，只在该驿站的一体机上显示（默认：全县）
  --draft            新岗位存为草稿，不立即发布
  --help             显示本说明

退出码：0 已导入（可能有被拒绝的行），1 有文件无法读取或写入，2 用法错误。`;

function write(stream: NodeJS.WriteStream, lines: readonly string[]): void {
  stream.write(`${lines.join('\n')}\n`);
}

function usageError(message: string): number {
  write(process.stderr, [message, '', USAGE]);
  return EXIT_USAGE;
}

async function importOne(
  db: Db,
  file: string,
  station: string | null,
  publish: boolean,
): Promise<boolean> {
  try {
    const ledger = await readLedgerFile(file);
    const now = new Date();
    const result = importLedgerJobs(db, ledger, { station, publish, actorId: null }, now);
    const counts = {
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
    };
    const lines = formatReport(file, { ledger, counts });
    for (const invalid of result.invalid)
      lines.push(`  未导入“${invalid.title}”：${invalid.reason}`);
    write(process.stdout, lines);
    writeAudit(
      db,
      {
        actorType: 'system',
        actorId: null,
        actorName: 'server:import',
        clientAddress: null,
        action: 'job.import',
        targetType: 'station',
        targetId: station,
        result: 'ok',
        detail: {
          ...counts,
          rejected: ledger.rejected.length,
          invalid: result.invalid.length,
        },
      },
      now,
    );
    return true;
  } catch (error) {
    if (error instanceof LedgerError) {
      write(process.stderr, [`文件：${file}`, `  无法导入：${error.message}`]);
      return false;
    }
    log.error({ err: error, file }, 'ledger import failed');
    write(process.stderr, [
      `文件：${file}`,
      `  导入失败，这个文件没有写入任何数据：${(error as Error).message}`,
    ]);
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        station: { type: 'string' },
        draft: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(`参数有误：${(error as Error).message}`);
  }
  if (parsed.values.help) {
    write(process.stdout, [USAGE]);
    return EXIT_OK;
  }
  const dataDir = parsed.values['data-dir'];
  if (dataDir === undefined || dataDir === '')
    return usageError('缺少 --data-dir 目录。');
  const dbFile = join(resolve(dataDir), SERVER_DB_FILE);
  if (!existsSync(dbFile)) {
    return usageError(
      `数据目录里没有县级服务器数据库：${dbFile}。请先用 npm run server 启动一次服务器。`,
    );
  }
  if (parsed.positionals.length === 0) return usageError('缺少要导入的文件。');

  let db: Db;
  try {
    db = openServerDb(dbFile);
  } catch (error) {
    write(process.stderr, [`无法打开数据库 ${dbFile}：${(error as Error).message}`]);
    return EXIT_UNREADABLE;
  }
  let failed = 0;
  try {
    const station = parsed.values.station ?? null;
    if (station !== null && !stationExists(db, station)) {
      return usageError(`没有编号为 ${station} 的驿站。`);
    }
    for (const file of parsed.positionals) {
      if (!(await importOne(db, file, station, !parsed.values.draft))) failed += 1;
    }
  } finally {
    db.close();
  }
  return failed > 0 ? EXIT_UNREADABLE : EXIT_OK;
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    log.fatal({ err: error }, 'server import CLI failed');
    process.stderr.write(`导入程序出错：${(error as Error).message}\n`);
    process.exitCode = EXIT_UNREADABLE;
  });
