import type { ImportResult } from './import.js';
import type { RowRef } from './ledger.js';

/** Rows listed per problem kind; the rest are counted, so a bad export does not flood the screen. */
export const MAX_LISTED_ROWS = 50;

function rowLabel(ref: RowRef): string {
  return ref.sheet === null ? `第 ${ref.row} 行` : `工作表“${ref.sheet}”第 ${ref.row} 行`;
}

function listed<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_LISTED_ROWS).map((item) => `    ${line(item)}`);
  if (items.length > MAX_LISTED_ROWS)
    lines.push(`    …另有 ${items.length - MAX_LISTED_ROWS} 行未列出`);
  return lines;
}

/** Formats the one-line result of an import: imported, updated, unchanged, rejected. */
export function formatSummary(result: ImportResult): string {
  const { counts, ledger } = result;
  return (
    `结果：导入 ${counts.inserted} 条，更新 ${counts.updated} 条，未变 ${counts.unchanged} 条，` +
    `拒绝 ${ledger.rejected.length} 条（文件内重复 ${ledger.duplicates.length} 行）`
  );
}

/** Formats what staff need to see about one imported file, in simplified Chinese. */
export function formatReport(file: string, result: ImportResult): string[] {
  const { ledger } = result;
  const format =
    ledger.format === 'csv'
      ? `CSV，${ledger.encoding === 'gb18030' ? 'GB18030' : 'UTF-8'}`
      : 'Excel 工作簿';
  const lines = [`文件：${file}（${format}）`];

  for (const table of ledger.tables) {
    const name = table.sheet === null ? '' : `工作表“${table.sheet}”：`;
    if (table.headerRow === null) {
      lines.push(`  ${name}没有可识别的表头，已跳过`);
      continue;
    }
    lines.push(`  ${name}表头在第 ${table.headerRow} 行，数据 ${table.dataRows} 行`);
    if (table.unusedColumns.length > 0)
      lines.push(`  ${name}未使用的列：${table.unusedColumns.join('、')}`);
  }

  if (ledger.rejected.length > 0) {
    lines.push(`  拒绝 ${ledger.rejected.length} 行：`);
    lines.push(
      ...listed(ledger.rejected, (row) => `${rowLabel(row)}：${row.reasons.join('；')}`),
    );
  }
  if (ledger.duplicates.length > 0) {
    lines.push(
      `  文件内重复 ${ledger.duplicates.length} 行（岗位名称、用工单位、工作地点都相同，保留最后一行）：`,
    );
    lines.push(
      ...listed(
        ledger.duplicates,
        (row) => `${rowLabel(row)}与${rowLabel(row.keptRow)}重复，已保留后者`,
      ),
    );
  }
  lines.push(`  ${formatSummary(result)}`);
  return lines;
}
