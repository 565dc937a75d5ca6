import { EscPosEncoder } from './encoder.js';
import { fitQrModuleSize, qrPayloadBytes, type QrErrorCorrection } from './qr.js';
import { SUBSTITUTE_CHARACTER, textWidth, wrapText, type TextEncoding } from './text.js';

/** Characters per line of the standard 12 x 24 dot font: 58 mm paper has 32, 80 mm paper has 48. */
export type PaperColumns = 32 | 48;

/** Width of one column of the 12 x 24 dot font, in printer dots (203 dpi heads). */
const DOTS_PER_COLUMN = 12;

export interface TemplateLayout {
  columns: PaperColumns;
  /** Defaults to `gb18030`; use `gbk` for printers with a GBK-only font. */
  encoding?: TextEncoding;
}

/** Bytes of a rendered template, ready for the printer. */
export interface PrintJob {
  /** Template name for logs, such as `job-slip`. */
  name: string;
  bytes: Uint8Array;
  /** Characters replaced by the substitute because the encoding has no code for them. */
  substituted: number;
}

/** Fields of a job posting slip (岗位单); every string comes from outside and is sanitized. */
export interface JobSlipData {
  /** Station that prints the slip, e.g. 宜川县零工市场. */
  stationName: string;
  title: string;
  employer: string;
  /** Pay formatted with its unit, e.g. 4000-6000元/月 or 面议. */
  pay: string;
  /** Work location, e.g. 丹州街道 城区. */
  place: string;
  /** Number of people wanted; null prints 若干. */
  headcount: number | null;
  contactName: string;
  contactPhone: string;
  /** Link or share text of the posting, printed as a QR code. */
  qrPayload: string;
  printedAt: Date;
  /** Last line, e.g. a service hotline or a notice. */
  footer: string;
}

/** Time zone of the printed time; kiosks run in Yichuan, Shaanxi. */
const SLIP_TIME_ZONE = 'Asia/Shanghai';

const QR_ERROR_CORRECTION: QrErrorCorrection = 'M';
const QR_PREFERRED_MODULE_DOTS = 6;

/** Label column of the slip's fields: four Chinese characters and a full-width colon. */
const LABEL_COLUMNS = 10;

/**
 * Renders a job posting slip: station, title in double size and bold,
 * employer, pay, place, headcount, contact, a QR code of the posting's link,
 * the printed time and a footer, then a partial cut. Text wraps at
 * `layout.columns`, with CJK characters counted as 2 columns.
 */
export function renderJobSlip(data: JobSlipData, layout: TemplateLayout): PrintJob {
  const encoding = layout.encoding ?? 'gb18030';
  const columns = layout.columns;
  checkColumns(columns);
  if (
    data.headcount !== null &&
    !(Number.isInteger(data.headcount) && data.headcount >= 0)
  ) {
    throw new RangeError(
      `headcount must be a whole number of 0 or more, or null, got ${data.headcount}`,
    );
  }
  const out = new EscPosEncoder({ encoding });

  out.init().chineseMode(true);
  out.align('center').bold(true);
  for (const line of wrapText(data.stationName, columns, encoding)) out.line(line);
  out.bold(false).line('岗位信息单');
  out.align('left').line(rule(columns));

  out.size(2, 2).bold(true);
  for (const line of wrapText(data.title, columns / 2, encoding)) out.line(line);
  out.size(1, 1).bold(false);

  const fields: [label: string, value: string][] = [
    ['用工单位', data.employer],
    ['薪资待遇', data.pay],
    ['工作地点', data.place],
    ['招聘人数', data.headcount === null ? '若干' : `${data.headcount}人`],
    ['联系方式', `${data.contactName} ${data.contactPhone}`.trim()],
  ];
  for (const [label, value] of fields) writeField(out, label, value, columns);
  out.line(rule(columns));

  if (qrPayloadBytes(data.qrPayload).length > 0) {
    writeQrCode(out, data.qrPayload, columns);
    out.line('扫码查看岗位详情');
  }
  out.align('left');
  writeField(out, '打印时间', formatPrintedAt(data.printedAt), columns);
  out.align('center');
  for (const line of wrapText(data.footer, columns, encoding)) out.line(line);
  out.align('left').feed(3).cut('partial');

  return { name: 'job-slip', bytes: out.bytes(), substituted: out.substituted };
}

/** Sample text for the test page: GBK characters, a fullwidth yen sign and a rare name character. */
export const TEST_PAGE_SAMPLES = {
  gbk: '宜川县壶口瀑布 秋林镇 云岩镇 集义镇 ￥100',
  gb18030: '生僻字：𠮷 䶮 𬱖',
  substitution: '替换：𠮷 😀 ¥ €',
} as const;

/**
 * Renders a test page: every character size from 1 x 1 to 4 x 4, bold, a QR
 * code, GBK and GB18030 samples and the substitution demo, which shows what
 * the configured encoding prints for characters it lacks.
 */
export function renderTestPage(
  layout: TemplateLayout,
  qrPayload = 'https://127.0.0.1/test',
): PrintJob {
  const encoding = layout.encoding ?? 'gb18030';
  const columns = layout.columns;
  checkColumns(columns);
  const out = new EscPosEncoder({ encoding });

  out
    .init()
    .chineseMode(true)
    .align('center')
    .bold(true)
    .line('打印机测试页')
    .bold(false);
  out.line(`${columns}字符/行 编码 ${encoding.toUpperCase()}`);
  out.align('left').line(rule(columns));

  for (const size of [1, 2, 3, 4]) {
    out.size(size, size).line(`${size}倍 Aa1`);
  }
  out.size(2, 1).line('倍宽 Aa1').size(1, 2).line('倍高 Aa1').size(1, 1);
  out.bold(true).line('加粗 Bold').bold(false);
  out.line(rule(columns));

  for (const line of wrapText(`GBK：${TEST_PAGE_SAMPLES.gbk}`, columns, encoding))
    out.line(line);
  for (const line of wrapText(`GB18030：${TEST_PAGE_SAMPLES.gb18030}`, columns, encoding))
    out.line(line);
  for (const line of wrapText(TEST_PAGE_SAMPLES.substitution, columns, encoding))
    out.line(line);
  out.line(`缺字显示为：${SUBSTITUTE_CHARACTER}`);
  out.line(rule(columns));

  writeQrCode(out, qrPayload, columns);
  out.line('二维码测试').align('left').feed(3).cut('partial');
  return { name: 'test-page', bytes: out.bytes(), substituted: out.substituted };
}

/** Writes `label：value` with the value wrapped and indented under itself. */
function writeField(
  out: EscPosEncoder,
  label: string,
  value: string,
  columns: number,
): void {
  const labelText = `${label}：`;
  const indent = ' '.repeat(Math.max(LABEL_COLUMNS, textWidth(labelText, out.encoding)));
  const lines = wrapText(value, columns - indent.length, out.encoding);
  lines.forEach((line, index) =>
    out.line(index === 0 ? `${labelText}${line}` : `${indent}${line}`),
  );
}

function writeQrCode(out: EscPosEncoder, payload: string, columns: number): void {
  const moduleSize = fitQrModuleSize(
    qrPayloadBytes(payload),
    QR_ERROR_CORRECTION,
    columns * DOTS_PER_COLUMN,
    QR_PREFERRED_MODULE_DOTS,
  );
  out
    .align('center')
    .qrCode(payload, { moduleSize, errorCorrection: QR_ERROR_CORRECTION });
  out.lineFeed();
}

function checkColumns(columns: number): void {
  if (columns !== 32 && columns !== 48) {
    throw new RangeError(
      `columns must be 32 (58 mm paper) or 48 (80 mm paper), got ${columns}`,
    );
  }
}

function rule(columns: number): string {
  return '-'.repeat(columns);
}

/** Formats a time as YYYY-MM-DD HH:mm in China Standard Time. */
export function formatPrintedAt(time: Date): string {
  if (Number.isNaN(time.getTime())) throw new RangeError('printedAt is not a valid date');
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: SLIP_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
