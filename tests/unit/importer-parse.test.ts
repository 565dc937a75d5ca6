import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  classifyArea,
  classifyCategory,
  classifyKind,
  isSuShaan,
} from '../../main/importer/classify.js';
import { parseCsvLedger } from '../../main/importer/csv.js';
import { parseLedgerDate } from '../../main/importer/dates.js';
import { LedgerError } from '../../main/importer/errors.js';
import { findHeader, normaliseHeader } from '../../main/importer/headers.js';
import { ledgerUid } from '../../main/importer/rows.js';
import { cleanCell, decodeCsvBytes } from '../../main/importer/text.js';

function headerError(rows: string[][]): LedgerError {
  try {
    findHeader(rows, '文件');
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('findHeader accepted the rows');
}

describe('normaliseHeader', () => {
  it('folds brackets, width, marks and spaces', () => {
    expect(normaliseHeader(' 薪资（元/月） ')).toBe('薪资');
    expect(normaliseHeader('*岗位 名称：')).toBe('岗位名称');
    expect(normaliseHeader('【招聘人数】人数')).toBe('人数');
    expect(normaliseHeader('ｊｏｂＮａｍｅ')).toBe('jobname');
  });
});

describe('findHeader', () => {
  it('maps Chinese header variants', () => {
    const header = findHeader(
      [
        [
          '职位',
          '企业名称',
          '月薪',
          '乡镇',
          '需求人数',
          '手机',
          '任职要求',
          '有效期至',
          '登记日期',
          '岗位类型',
          '行业',
        ],
      ],
      '文件',
    );
    expect(header.columns).toEqual({
      title: 0,
      employer: 1,
      pay: 2,
      place: 3,
      headcount: 4,
      contactPhone: 5,
      requirements: 6,
      deadline: 7,
      postedOn: 8,
      kind: 9,
      category: 10,
    });
    expect(header.payUnit).toBe('month');
    expect(header.unusedColumns).toEqual([]);
  });

  it('finds the header after a title row and blank rows', () => {
    const header = findHeader(
      [
        ['宜川县2026年12月用工需求台账', '', ''],
        [],
        ['', ''],
        ['序号', '工种', '用工单位', '日薪', '备注'],
      ],
      '文件',
    );
    expect(header.rowIndex).toBe(3);
    expect(header.columns.title).toBe(1);
    expect(header.columns.employer).toBe(2);
    expect(header.columns.notes).toBe(4);
    expect(header.payUnit).toBe('day');
    expect(header.unusedColumns).toEqual(['序号']);
  });

  it('reads a pay unit from the header brackets', () => {
    const header = findHeader([['岗位名称', '单位名称', '薪资（元/小时）']], '文件');
    expect(header.payUnit).toBe('hour');
  });

  it('maps the English 51job headers', () => {
    const names =
      'jobName,tags,area,salary,workYear,degree,companyName,companyType,companySize,logo,issueDate';
    const header = findHeader([names.split(',')], '文件');
    expect(header.columns).toEqual({
      title: 0,
      tags: 1,
      place: 2,
      pay: 3,
      experience: 4,
      education: 5,
      employer: 6,
      postedOn: 10,
    });
    expect(header.unusedColumns).toEqual(['companyType', 'companySize', 'logo']);
  });

  it('lists a second column of one field as unused', () => {
    const header = findHeader([['岗位名称', '用工单位', '电话', '手机']], '文件');
    expect(header.columns.contactPhone).toBe(2);
    expect(header.unusedColumns).toEqual(['手机']);
  });

  it('rejects a table without title and employer', () => {
    const error = headerError([['姓名', '身份证号', '电话']]);
    expect(error.code).toBe('NO_HEADER');
    expect(error.message).toContain('找到的列名：姓名、身份证号、电话');
    expect(error.message).toContain('岗位名称（或 职位名称');
    expect(error.message).toContain('用工单位（或 企业名称');
  });

  it('looks no further than ten rows', () => {
    const rows = [
      ...Array.from({ length: 10 }, () => ['说明']),
      ['岗位名称', '用工单位'],
    ];
    expect(headerError(rows).code).toBe('NO_HEADER');
  });
});

describe('cleanCell', () => {
  it('strips C0, DEL, C1 and bidi controls but keeps tab and newline', () => {
    expect(cleanCell('\u0000电\u001B工\u007F\u0085\u009F\u202E ')).toBe('电工');
    expect(cleanCell(' 第一行\n第二行\t列 ')).toBe('第一行\n第二行\t列');
    expect(cleanCell('\uFEFF岗位名称')).toBe('岗位名称');
  });
});

describe('decodeCsvBytes', () => {
  const text = '岗位名称,用工单位\n电工,宜川县示例公司\n';

  it('decodes UTF-8 with and without BOM', () => {
    const plain = new TextEncoder().encode(text);
    expect(decodeCsvBytes(plain)).toEqual({ text, encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeCsvBytes(bom)).toEqual({ text, encoding: 'utf-8' });
  });

  it('falls back to GB18030', () => {
    const bytes = iconv.encode(text, 'gb18030');
    expect(decodeCsvBytes(bytes)).toEqual({ text, encoding: 'gb18030' });
  });

  it('rejects binary data, UTF-16 and undecodable bytes', () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]), '.xlsx'],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]), 'NUL'],
      [new Uint8Array([0xff, 0xfe, 0x41, 0x00]), 'UTF-16'],
      [new Uint8Array([0x41, 0x80, 0x42, 0xff]), '既不是 UTF-8 也不是 GB18030'],
      [
        new Uint8Array(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? 0x01 : 0x41))),
        '控制字符',
      ],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeCsvBytes(bytes)).toThrow(message);
    }
  });
});

describe('parseLedgerDate', () => {
  const today = '2026-12-04';

  it.each([
    ['2026-12-04', '2026-12-04'],
    ['2023-12-12 09:22:00', '2023-12-12'],
    ['2023/12/12', '2023-12-12'],
    ['2023.1.5', '2023-01-05'],
    ['2023年12月12日', '2023-12-12'],
    ['2023-1-5 9:00', '2023-01-05'],
    ['20231212', '2023-12-12'],
    ['12-12', '2026-12-12'],
    ['3月8日', '2026-03-08'],
    ['２０２３－１２－１２', '2023-12-12'],
  ])('parses %s', (text, expected) => {
    expect(parseLedgerDate(text, today)).toEqual({ ok: true, date: expected });
  });

  it('reads Excel date cells by their UTC fields', () => {
    expect(parseLedgerDate(new Date(Date.UTC(2026, 10, 30)), today)).toEqual({
      ok: true,
      date: '2026-11-30',
    });
  });

  it('gives null for empty and open-ended cells', () => {
    expect(parseLedgerDate('', today)).toEqual({ ok: true, date: null });
    expect(parseLedgerDate('长期有效', today)).toEqual({ ok: true, date: null });
    expect(parseLedgerDate('招满为止', today)).toEqual({ ok: true, date: null });
  });

  it('rejects impossible and unreadable dates', () => {
    expect(parseLedgerDate('2023-02-30', today)).toEqual({ ok: false });
    expect(parseLedgerDate('2023-13-01', today)).toEqual({ ok: false });
    expect(parseLedgerDate('13-01', today)).toEqual({ ok: false });
    expect(parseLedgerDate('下周一', today)).toEqual({ ok: false });
    expect(parseLedgerDate(new Date(Number.NaN), today)).toEqual({ ok: false });
  });
});

describe('classifyKind', () => {
  it('prefers the kind column', () => {
    expect(classifyKind('季节工', '电工')).toBe('seasonal');
    expect(classifyKind('零工', '苹果采摘')).toBe('gig');
    expect(classifyKind('全职', '日结搬运')).toBe('full_time');
  });

  it('infers the kind from words', () => {
    expect(classifyKind('', '苹果采摘工', '150元/天')).toBe('seasonal');
    expect(classifyKind('', '摘苹果')).toBe('seasonal');
    expect(classifyKind('', '搬运工', '日结200')).toBe('gig');
    expect(classifyKind('', '临时装卸工')).toBe('gig');
    expect(classifyKind('', '花椒采摘零工')).toBe('gig');
    expect(classifyKind('', '维修电工', '4000元/月')).toBe('full_time');
  });
});

describe('classifyCategory', () => {
  it('keeps a valid category column', () => {
    expect(classifyCategory('社区服务', '保洁员')).toBe('社区服务');
  });

  it.each([
    ['苹果采摘工', '农业采摘'],
    ['果园套袋', '农业采摘'],
    ['花椒烘干工', '农产品加工'],
    ['养老院护工', '护理家政'],
    ['住家保姆', '护理家政'],
    ['月嫂', '护理家政'],
    ['维修电工', '技术维修'],
    ['电焊工', '技术维修'],
    ['Python开发工程师', '信息技术'],
    ['数据分析师', '信息技术'],
    ['电商客服', '物流电商'],
    ['快递分拣员', '物流电商'],
    ['货车司机', '驾驶运输'],
    ['泥瓦工', '建筑装修'],
    ['厨师', '餐饮住宿'],
    ['社区网格员', '社区服务'],
    ['电子厂普工', '制造普工'],
    ['门店销售', '销售客服'],
    ['Email Marketing Specialist', '其他'],
    ['', '其他'],
  ])('classifies %s', (title, category) => {
    expect(classifyCategory('', title)).toBe(category);
  });

  it('classifies by the category column words, then other texts', () => {
    expect(classifyCategory('互联网软件', '专员')).toBe('信息技术');
    expect(classifyCategory('', '专员', '需熟悉python')).toBe('信息技术');
  });
});

describe('classifyArea', () => {
  it.each([
    ['宜川县集义镇示例村', '集义镇'],
    ['秋林镇', '秋林镇'],
    ['宜川县城', '丹州街道'],
    ['陕西省延安市宜川县', '丹州街道'],
    ['宜川县云岩', '云岩镇'],
    ['江苏省苏州市吴江区', '江苏'],
    ['无锡市新吴区', '江苏'],
    ['连云港', '江苏'],
    ['上海南京西路', '县外其他'],
    ['山西省吉县壶口镇', '县外其他'],
    ['贵州省贵阳云岩区', '县外其他'],
    ['陕西省延安', '县外其他'],
    ['', '县外其他'],
  ])('maps %s', (place, area) => {
    expect(classifyArea(place)).toBe(area);
  });

  it('flags 苏陕 in any text only', () => {
    expect(isSuShaan('江苏省南京市', 'Python开发')).toBe(false);
    expect(isSuShaan('普工', '苏陕协作岗位')).toBe(true);
    expect(isSuShaan('普工', '包吃住')).toBe(false);
  });
});

describe('ledgerUid', () => {
  it('ignores width, case and spaces', () => {
    expect(ledgerUid('Ｐython 工程师', '示例公司', '江苏省 苏州')).toBe(
      ledgerUid('python工程师', '示例公司', '江苏省苏州'),
    );
    expect(ledgerUid('电工', '甲公司', '秋林镇')).not.toBe(
      ledgerUid('电工', '乙公司', '秋林镇'),
    );
  });
});

describe('pay cache', () => {
  const parse = (lines: string[]) =>
    parseCsvLedger(new TextEncoder().encode(lines.join('\n')), { today: '2026-12-04' });

  it('gives each posting its own pay', () => {
    const ledger = parse([
      '岗位名称,用工单位,薪资',
      '电工,甲公司,4000-6000元/月',
      '焊工,乙公司,4000-6000元/月',
    ]);
    const [first, second] = ledger.jobs;
    expect(first!.pay).toEqual(second!.pay);
    expect(first!.pay).not.toBe(second!.pay);
    expect(first!.pay.min).toBe(4000);
  });

  it('keeps the header unit apart', () => {
    const monthly = parse(['岗位名称,用工单位,薪资', '电工,甲公司,150']);
    const daily = parse(['岗位名称,用工单位,薪资（元/天）', '电工,甲公司,150']);
    expect(monthly.jobs[0]!.pay.unit).toBe('month');
    expect(daily.jobs[0]!.pay.unit).toBe('day');
  });
});
