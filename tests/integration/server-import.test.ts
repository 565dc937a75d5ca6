import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerDb } from '../../server/store/db.js';
import { readSyncState } from '../../server/store/meta.js';
import { saveStation } from '../../server/store/stations.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const LEDGER = [
  '岗位名称,用工单位,用工形式,岗位类别,薪资,工作地点,招聘人数,联系人,联系电话,学历,经验,岗位要求,福利,发布日期,截止日期,备注,推荐',
  '苹果采摘工,宜川县测试果业合作社,零工,农业采摘,150元/天,集义镇果园,20,王师傅,0911-4000001,不限,不限,身体健康,管午饭,2026-11-20,,,是',
  '护工,宜川县测试养老中心,全职,护理家政,3000-3500元/月,丹州街道,3,李女士,13900000001,初中,1年,有耐心,包住,2026-11-21,,,',
  ',缺标题的单位,全职,其他,面议,丹州街道,1,,,,,,,,,,',
].join('\n');

let temp: ReturnType<typeof makeTempDir>;
let ledgerFile: string;

function runImport(...args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'server/import-cli.ts', ...args],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeEach(() => {
  temp = makeTempDir('server-import');
  const db = openServerDb(join(temp.dir, 'county.sqlite'));
  saveStation(db, { id: 'jiyi', name: '集义镇驿站', town: '集义镇' });
  db.close();
  ledgerFile = join(temp.dir, 'ledger.csv');
  writeFileSync(ledgerFile, LEDGER);
});

afterEach(() => temp.remove());

describe('server import CLI', () => {
  it('imports once, then nothing changes', () => {
    const first = runImport('--data-dir', temp.dir, '--station', 'jiyi', ledgerFile);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('导入 2 条，更新 0 条，未变 0 条，拒绝 1 条');

    const db = openServerDb(join(temp.dir, 'county.sqlite'));
    const revision = readSyncState(db).revision;
    const rows = db
      .prepare<[], { status: string; owner_station: string; stations: string }>(
        `SELECT i.status, i.owner_station, json_extract(i.data, '$.stations') AS stations
         FROM catalogue_items AS i WHERE type = 'job'`,
      )
      .all();
    const audits = db
      .prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'job.import'`)
      .pluck()
      .get();
    db.close();
    expect(revision).toBe(2);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('published');
      expect(row.owner_station).toBe('jiyi');
      expect(JSON.parse(row.stations)).toEqual(['jiyi']);
    }
    expect(audits).toBe(1);

    const second = runImport('--data-dir', temp.dir, '--station', 'jiyi', ledgerFile);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('导入 0 条，更新 0 条，未变 2 条');
    const after = openServerDb(join(temp.dir, 'county.sqlite'));
    expect(readSyncState(after).revision).toBe(2);
    after.close();
  });

  it('draft option keeps postings unpublished', () => {
    expect(runImport('--data-dir', temp.dir, '--draft', ledgerFile).status).toBe(0);
    const db = openServerDb(join(temp.dir, 'county.sqlite'));
    const statuses = db
      .prepare(`SELECT DISTINCT status FROM catalogue_items`)
      .pluck()
      .all();
    db.close();
    expect(statuses).toEqual(['draft']);
  });

  it('unknown station is a usage error', () => {
    const result = runImport('--data-dir', temp.dir, '--station', 'nowhere', ledgerFile);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('没有编号为 nowhere 的驿站');
  });

  it('unreadable file exits 1', () => {
    const binary = join(temp.dir, 'binary.csv');
    writeFileSync(binary, Buffer.from([0, 1, 2, 0, 255, 254]));
    const result = runImport('--data-dir', temp.dir, binary);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('无法导入');
  });
});
