import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../main/store/db.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, '../fixtures/importer');
/** Each run starts npx and tsx, which takes seconds on a busy machine. */
const SPAWN_TIMEOUT = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'main/importer/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function countPostings(dataDir: string): number {
  const db = openStore(join(dataDir, 'kiosk.sqlite'));
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM job_postings').get()!
      .n;
  } finally {
    db.close();
  }
}

describe('import CLI', () => {
  let temp: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    temp = makeTempDir('import-cli');
  });

  afterEach(() => {
    temp.remove();
  });

  it('prints the usage on --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('用法：npm run import -- --data-dir 目录 文件');
    expect(run.stdout).toContain('退出码');
  });

  it(
    'exits 2 on usage errors',
    async () => {
      const missingDir = await runCli([join(FIXTURES, '51job-sample.csv')]);
      expect(missingDir.code).toBe(2);
      expect(missingDir.stderr).toContain('缺少 --data-dir');
      expect(missingDir.stderr).toContain('用法：');

      const noFiles = await runCli(['--data-dir', temp.dir]);
      expect(noFiles.code).toBe(2);
      expect(noFiles.stderr).toContain('缺少要导入的文件');

      const unknown = await runCli(['--data-dir', temp.dir, '--force', 'x.csv']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('参数有误');

      const noSuchDir = await runCli(['--data-dir', join(temp.dir, 'nope'), 'x.csv']);
      expect(noSuchDir.code).toBe(2);
      expect(noSuchDir.stderr).toContain('数据目录不存在');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'imports a file twice without duplicates',
    async () => {
      const file = join(FIXTURES, '51job-sample.csv');
      const first = await runCli(['--data-dir', temp.dir, file]);
      expect(first.code).toBe(0);
      expect(first.stderr).toBe('');
      expect(first.stdout).toContain('表头在第 1 行，数据 25 行');
      expect(first.stdout).toContain('未使用的列：companyType、companySize、logo');
      expect(first.stdout).toContain('第 21 行：薪资无法识别');
      expect(first.stdout).toContain('第 13 行与第 16 行重复，已保留后者');
      expect(first.stdout).toContain(
        '结果：导入 23 条，更新 0 条，未变 0 条，拒绝 1 条（文件内重复 1 行）',
      );
      expect(countPostings(temp.dir)).toBe(23);

      const second = await runCli(['--data-dir', temp.dir, file]);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(
        '结果：导入 0 条，更新 0 条，未变 23 条，拒绝 1 条',
      );
      expect(countPostings(temp.dir)).toBe(23);
    },
    SPAWN_TIMEOUT,
  );

  it('exits 1 when a file cannot be read', async () => {
    const binary = join(temp.dir, 'photo.csv');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]));
    const good = join(FIXTURES, 'demo/yichuan-local-jobs.csv');
    const run = await runCli([
      '--data-dir',
      temp.dir,
      binary,
      join(temp.dir, 'missing.xlsx'),
      good,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('不是文本 CSV 文件');
    expect(run.stderr).toContain('找不到文件');
    expect(run.stdout).toContain('结果：导入 7 条');
    expect(run.stdout).toContain('共 3 个文件，2 个无法导入。');
    expect(countPostings(temp.dir)).toBe(7);
  });
});
