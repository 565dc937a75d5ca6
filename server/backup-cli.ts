// `npx tsx server/backup-cli.ts --data-dir DIR --out FILE`: writes a
// consistent copy of the server database with SQLite's online backup, safe
// while the server runs.
import { chmodSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SERVER_DB_FILE } from './store/db.js';

const USAGE = `Usage: npx tsx server/backup-cli.ts --data-dir DIR --out FILE

Copies DIR/${SERVER_DB_FILE} to FILE with SQLite's online backup, safe while
the server runs. Back up DIR/record-key too, but keep it apart from the
database copies: the key decrypts the pushed records.
`;

async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }

  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values['data-dir'] === undefined || values.out === undefined) {
    process.stderr.write(`Missing --data-dir or --out.\n\n${USAGE}`);
    return 2;
  }

  const source = join(resolve(values['data-dir']), SERVER_DB_FILE);
  const target = resolve(values.out);
  if (!existsSync(source)) {
    process.stderr.write(`No server database at ${source}; check --data-dir.\n`);
    return 1;
  }
  if (existsSync(target)) {
    process.stderr.write(`${target} exists already; choose a new file name.\n`);
    return 1;
  }

  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
    // The copy contains password hashes and the audit log: readable by the owner only.
    chmodSync(target, 0o600);
  } finally {
    db.close();
  }
  process.stdout.write(`backup: ${target}\n`);
  return 0;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`Backup failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
