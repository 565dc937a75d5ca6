import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerError } from '../../main/importer/errors.js';
import { importLedgerFile, storeLedger } from '../../main/importer/import.js';
import { MAX_FILE_BYTES, readLedgerFile } from '../../main/importer/read.js';
import { MAX_CELL_LENGTH } from '../../main/importer/rows.js';
import { openStore, type Db } from '../../main/store/db.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/importer');
const TODAY = '2026-12-04';

const HEADER =
  '岗位名称,用工单位,用工形式,岗位类别,薪资,工作地点,招聘人数,联系人,联系电话,学历,经验,岗位要求,福利,发布日期,截止日期,备注,推荐';
const ROWS = [
  '苹果采摘工,宜川县示例果业合作社,季节工,农业采摘,150元/天,宜川县秋林镇示例村,20,王师傅,13900000001,不限,不限,身体健康,管午饭,2026-11-20,2026-12-20,,是',
  '维修电工,宜川县示例物业公司,全职,技术维修,4000-5000元/月,宜川县丹州街道,2,张师傅,13900000002,高中,2年以上,持电工证,五险,2026/11/25,长期有效,,',
  '电子厂普工,苏州示例电子有限公司,,,4500-6000元/月,江苏省苏州市吴江区,30,陈女士,0911-4000002,初中,不限,两班倒,包吃住,2026年11月10日,,苏陕协作劳务输出岗位,',
];

interface PostingRow {
  uid: string;
  title: string;
  kind: string;
  category: string;
  area: string;
  su_shaan: number;
  pay_min: number | null;
  pay_unit: string | null;
  headcount: number | null;
  posted_on: string | null;
  deadline: string | null;
  highlighted: number;
  requirements: string;
  is_demo: number;
  source: string;
}

function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

describe('importer', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let db: Db;

  beforeEach(() => {
    temp = makeTempDir('importer');
    db = openStore(join(temp.dir, 'kiosk.sqlite'));
  });

  afterEach(() => {
    db.close();
    temp.remove();
  });

  function file(name: string, content: string | Uint8Array): string {
    const path = join(temp.dir, name);
    writeFileSync(path, content);
    return path;
  }

  function postings(): PostingRow[] {
    return db.prepare<[], PostingRow>('SELECT * FROM job_postings ORDER BY id').all();
  }

  function snapshot(): unknown {
    return {
      jobs: db
        .prepare('SELECT uid, content_hash, updated_at FROM job_postings ORDER BY uid')
        .all(),
      employers: db.prepare('SELECT name FROM employers ORDER BY name').all(),
      tokens: db.prepare('SELECT count(*) AS n FROM job_postings_fts').get(),
    };
  }

  async function ledgerError(path: string): Promise<LedgerError> {
    try {
      await importLedgerFile(db, path, { today: TODAY });
    } catch (error) {
      if (error instanceof LedgerError) return error;
      throw error;
    }
    throw new Error(`importLedgerFile accepted ${path}`);
  }

  it('imports a station ledger', async () => {
    const result = await importLedgerFile(db, file('ledger.csv', csv(HEADER, ...ROWS)), {
      today: TODAY,
    });
    expect(result.counts).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(result.ledger.rejected).toEqual([]);
    expect(result.ledger.tables).toEqual([
      { sheet: null, headerRow: 1, dataRows: 3, unusedColumns: [] },
    ]);

    const [apple, electrician, factory] = postings();
    expect(apple).toMatchObject({
      title: '苹果采摘工',
      kind: 'seasonal',
      category: '农业采摘',
      area: '秋林镇',
      su_shaan: 0,
      pay_min: 150,
      pay_unit: 'day',
      headcount: 20,
      posted_on: '2026-11-20',
      deadline: '2026-12-20',
      highlighted: 1,
      is_demo: 0,
      source: 'ledger',
    });
    expect(electrician).toMatchObject({
      area: '丹州街道',
      posted_on: '2026-11-25',
      deadline: null,
      highlighted: 0,
    });
    expect(factory).toMatchObject({
      kind: 'full_time',
      category: '制造普工',
      area: '江苏',
      su_shaan: 1,
      posted_on: '2026-11-10',
      requirements: '两班倒\n备注：苏陕协作劳务输出岗位',
    });
  });

  it('adds nothing on a second import', async () => {
    const path = file('ledger.csv', csv(HEADER, ...ROWS));
    await importLedgerFile(db, path, { today: TODAY });
    const before = snapshot();
    const again = await importLedgerFile(db, path, { today: TODAY });
    expect(again.counts).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(snapshot()).toEqual(before);
  });

  it('updates a changed row in place', async () => {
    await importLedgerFile(db, file('a.csv', csv(HEADER, ...ROWS)), { today: TODAY });
    const changed = ROWS[1]!.replace('4000-5000元/月', '4500-5500元/月');
    const result = await importLedgerFile(db, file('b.csv', csv(HEADER, changed)), {
      today: TODAY,
    });
    expect(result.counts).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(postings().find((row) => row.title === '维修电工')?.pay_min).toBe(4500);
    expect(postings()).toHaveLength(3);
  });

  it('reads BOM and GB18030 files alike', async () => {
    const text = csv(HEADER, ...ROWS);
    const utf8 = await readLedgerFile(file('plain.csv', text), { today: TODAY });
    const bom = await readLedgerFile(file('bom.csv', `\uFEFF${text}`), { today: TODAY });
    const gb = await readLedgerFile(file('gb.csv', iconv.encode(text, 'gb18030')), {
      today: TODAY,
    });
    expect(utf8.encoding).toBe('utf-8');
    expect(bom.encoding).toBe('utf-8');
    expect(gb.encoding).toBe('gb18030');
    expect(bom.jobs).toEqual(utf8.jobs);
    expect(gb.jobs).toEqual(utf8.jobs);
    expect(storeLedger(db, utf8, 'plain.csv').counts.inserted).toBe(3);
    expect(storeLedger(db, gb, 'gb.csv').counts).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
  });

  it('rejects bad rows and imports the rest', async () => {
    const lines = [
      '宜川县用工需求台账（2026年12月）',
      '',
      '岗位名称,用工单位,薪资,工作地点,招聘人数,发布日期',
      '保安,宜川县示例物业公司,abc,宜川县,1,2026-11-01',
      ',宜川县示例公司,3000元/月,宜川县,1,2026-11-01',
      '保洁员,,3000元/月,宜川县,1,2026-11-01',
      '厨师,宜川县示例饭店,4000元/月,宜川县,很多,2026-11-01',
      '服务员,宜川县示例饭店,3000元/月,宜川县,2,下周',
      ',,,,,',
      '帮厨,宜川县示例饭店,,宜川县壶口镇,若干,',
    ];
    const result = await importLedgerFile(db, file('bad-rows.csv', csv(...lines)), {
      today: TODAY,
    });
    expect(result.counts.inserted).toBe(1);
    expect(result.ledger.tables[0]?.headerRow).toBe(3);
    expect(result.ledger.tables[0]?.dataRows).toBe(6);
    const reasons = Object.fromEntries(
      result.ledger.rejected.map((row) => [row.row, row.reasons.join('；')]),
    );
    expect(Object.keys(reasons)).toEqual(['4', '5', '6', '7', '8']);
    expect(reasons[4]).toContain('薪资无法识别：“abc”');
    expect(reasons[5]).toBe('岗位名称为空');
    expect(reasons[6]).toBe('用工单位为空');
    expect(reasons[7]).toContain('招聘人数无法识别：“很多”');
    expect(reasons[8]).toContain('发布日期无法识别：“下周”');

    const [kitchen] = postings();
    expect(kitchen).toMatchObject({
      title: '帮厨',
      area: '壶口镇',
      headcount: null,
      pay_unit: null,
      posted_on: null,
    });
  });

  it('keeps the last of duplicate rows', async () => {
    const lines = [
      '岗位名称,用工单位,薪资,工作地点',
      '电工,宜川县示例公司,3000元/月,秋林镇',
      '焊工,宜川县示例公司,3500元/月,秋林镇',
      'Ｅ电工 ,宜川县示例公司,3200元/月,秋林镇',
      'e电工,宜川县示例公司 ,3400元/月,秋林镇',
    ];
    const result = await importLedgerFile(db, file('dupes.csv', csv(...lines)), {
      today: TODAY,
    });
    expect(result.counts.inserted).toBe(3);
    expect(result.ledger.duplicates).toEqual([
      { sheet: null, row: 4, keptRow: { sheet: null, row: 5 } },
    ]);
    expect(postings().find((row) => row.title === 'e电工')?.pay_min).toBe(3400);
  });

  it('strips control characters from every cell', async () => {
    const lines = [
      '岗位名称,用工单位,岗位要求',
      '"电\u0007工\u009B",宜川县\u001B[31m示例公司,"持证\u0001\n上岗\u202E"',
    ];
    await importLedgerFile(db, file('controls.csv', csv(...lines)), { today: TODAY });
    const [row] = postings();
    expect(row?.title).toBe('电工');
    expect(row?.requirements).toBe('持证\n上岗');
    const employer = db.prepare<[], { name: string }>('SELECT name FROM employers').get();
    expect(employer?.name).toBe('宜川县[31m示例公司');
  });

  it('rejects a row with an oversized cell', async () => {
    const huge = '很'.repeat(10 * 1024 * 1024);
    const lines = [
      '岗位名称,用工单位,岗位要求',
      `电工,宜川县示例公司,${huge}`,
      '焊工,宜川县示例公司,持证',
    ];
    const result = await importLedgerFile(db, file('huge.csv', csv(...lines)), {
      today: TODAY,
    });
    expect(result.counts.inserted).toBe(1);
    expect(result.ledger.rejected).toHaveLength(1);
    expect(result.ledger.rejected[0]?.row).toBe(2);
    expect(result.ledger.rejected[0]?.reasons[0]).toContain(
      `“岗位要求”列内容过长（${huge.length} 个字符，上限 ${MAX_CELL_LENGTH}）`,
    );
    expect(postings().map((row) => row.title)).toEqual(['焊工']);
  });

  it('imports the 51job sample', async () => {
    const result = await importLedgerFile(db, join(FIXTURES, '51job-sample.csv'), {
      today: TODAY,
    });
    expect(result.ledger.tables[0]?.unusedColumns).toEqual([
      'companyType',
      'companySize',
      'logo',
    ]);
    expect(result.ledger.tables[0]?.dataRows).toBe(25);
    expect(result.ledger.rejected.map((row) => row.row)).toEqual([21]);
    expect(result.ledger.rejected[0]?.reasons[0]).toContain('薪资无法识别');
    expect(result.ledger.duplicates).toEqual([
      { sheet: null, row: 13, keptRow: { sheet: null, row: 16 } },
    ]);
    expect(result.counts).toEqual({ inserted: 23, updated: 0, unchanged: 0 });

    const rows = postings();
    const first = rows.find((row) => row.title === '中高级python开发工程师');
    expect(first).toMatchObject({
      category: '信息技术',
      area: '县外其他',
      pay_min: 10_000,
      posted_on: '2023-12-12',
    });
    const nanjing = rows.filter((row) => row.area === '江苏');
    expect(nanjing.length).toBeGreaterThan(0);
    // A Jiangsu employer on a job board is not a 苏陕协作 posting.
    expect(nanjing.every((row) => row.su_shaan === 0)).toBe(true);
    const daily = rows.find((row) => row.title === 'AI数据标注实习生');
    expect(daily).toMatchObject({ pay_min: 50, pay_unit: 'day' });

    const again = await importLedgerFile(db, join(FIXTURES, '51job-sample.csv'), {
      today: TODAY,
    });
    expect(again.counts).toEqual({ inserted: 0, updated: 0, unchanged: 23 });
  });

  it('imports an xlsx workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('填表说明');
    notes.addRow(['请按表头填写']);
    const sheet = workbook.addWorksheet('12月');
    sheet.addRow(['宜川县用工需求台账']);
    sheet.mergeCells('A1:F1');
    sheet.addRow([
      '岗位名称',
      '用工单位',
      '薪资（元/天）',
      '工作地点',
      '发布日期',
      '联系电话',
    ]);
    sheet.addRow([
      '摘苹果',
      { richText: [{ text: '宜川县示例' }, { text: '果园' }] },
      160,
      '宜川县集义镇',
      new Date(Date.UTC(2026, 10, 28)),
      13900000009,
    ]);
    sheet.addRow([
      '护工',
      '宜川县示例养老院',
      '3000-3500元/月',
      '丹州街道',
      '2026-11-30',
      { formula: '"1390000"&"0010"', result: '13900000010' },
    ]);
    sheet.addRow(['保安', '宜川县示例物业', 'abc', '宜川县', '', '']);
    const path = join(temp.dir, 'ledger.xlsx');
    await workbook.xlsx.writeFile(path);

    const result = await importLedgerFile(db, path, { today: TODAY });
    expect(result.ledger.format).toBe('xlsx');
    expect(result.ledger.tables).toEqual([
      { sheet: '填表说明', headerRow: null, dataRows: 0, unusedColumns: [] },
      { sheet: '12月', headerRow: 2, dataRows: 3, unusedColumns: [] },
    ]);
    expect(result.ledger.rejected).toEqual([
      {
        sheet: '12月',
        row: 5,
        reasons: [expect.stringContaining('薪资无法识别：“abc”')],
      },
    ]);
    expect(result.counts.inserted).toBe(2);
    const [apple, carer] = db
      .prepare<[], PostingRow & { contact_phone: string; employer: string }>(
        'SELECT j.*, e.name AS employer FROM job_postings j JOIN employers e ON e.id = j.employer_id ORDER BY j.id',
      )
      .all();
    expect(apple).toMatchObject({
      employer: '宜川县示例果园',
      kind: 'seasonal',
      area: '集义镇',
      pay_min: 160,
      pay_unit: 'day',
      posted_on: '2026-11-28',
      contact_phone: '13900000009',
    });
    expect(carer).toMatchObject({
      pay_min: 3000,
      pay_unit: 'month',
      posted_on: '2026-11-30',
      contact_phone: '13900000010',
    });
  });

  it('rejects unreadable files and leaves the store unchanged', async () => {
    await importLedgerFile(db, file('seed.csv', csv(HEADER, ...ROWS)), { today: TODAY });
    const before = snapshot();

    const tooLarge = join(temp.dir, 'large.csv');
    const handle = openSync(tooLarge, 'w');
    ftruncateSync(handle, MAX_FILE_BYTES + 1);
    closeSync(handle);

    const folder = join(temp.dir, 'folder.csv');
    mkdirSync(folder);

    const cases: [string, string, string][] = [
      [file('empty.csv', ''), 'EMPTY_FILE', '文件为空'],
      [file('blank.csv', '\n\n ,, \n'), 'EMPTY_FILE', '文件为空'],
      [
        file('people.csv', csv('姓名,身份证号,电话', '张三,610630,139')),
        'NO_HEADER',
        '找到的列名：姓名、身份证号、电话',
      ],
      [
        file(
          'image.csv',
          readFileSync(join(FIXTURES, '51job-sample.csv')).subarray(0, 10).fill(0),
        ),
        'NOT_TEXT',
        '不是文本 CSV 文件',
      ],
      [
        file('quote.csv', csv('岗位名称,用工单位', '"电工,宜川县示例公司')),
        'INVALID_CSV',
        'CSV 格式有误',
      ],
      [
        file('broken.xlsx', 'PK\u0003\u0004 this is not a zip archive'),
        'INVALID_XLSX',
        '不是有效的 .xlsx 工作簿',
      ],
      [file('old.xls', 'x'), 'UNSUPPORTED_TYPE', '.xls'],
      [file('notes.docx', 'x'), 'UNSUPPORTED_TYPE', '只能导入 .xlsx 或 .csv'],
      [join(temp.dir, 'missing.csv'), 'FILE_NOT_FOUND', '找不到文件'],
      [temp.dir + '/', 'UNSUPPORTED_TYPE', '不支持的文件类型'],
      [folder, 'NOT_A_FILE', '不是文件'],
      [tooLarge, 'FILE_TOO_LARGE', '上限是 50.0 MB'],
    ];
    for (const [path, code, message] of cases) {
      const error = await ledgerError(path);
      expect(error.code, path).toBe(code);
      expect(error.message, path).toContain(message);
    }
    expect(snapshot()).toEqual(before);
  });

  it('rejects a binary file renamed to .csv', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('a').addRow(['岗位名称', '用工单位']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const error = await ledgerError(file('workbook.csv', bytes));
    expect(error.code).toBe('NOT_TEXT');
    expect(error.message).toContain('请把扩展名改为 .xlsx');
    expect(postings()).toEqual([]);
  });

  it('rolls back a file when the store fails midway', async () => {
    db.exec(`CREATE TRIGGER fail_on_welder BEFORE INSERT ON job_postings
             WHEN NEW.title = '焊工' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const lines = [
      '岗位名称,用工单位',
      '电工,宜川县示例公司',
      '焊工,宜川县示例公司',
      '木工,宜川县示例公司',
    ];
    await expect(
      importLedgerFile(db, file('partial.csv', csv(...lines)), { today: TODAY }),
    ).rejects.toThrow('disk full');
    expect(postings()).toEqual([]);
    expect(snapshot()).toEqual({ jobs: [], employers: [], tokens: { n: 0 } });
  });
});
