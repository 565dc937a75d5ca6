import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  countPdfPages,
  htmlToPdf,
  lpAvailable,
  printPdf,
} from '../../main/devices/a4.js';
import { makeTempDir } from '../helpers/temp-dir.js';

function agreementHtml(pages: number): string {
  const sections = Array.from(
    { length: pages },
    (_, index) =>
      `<section style="page-break-after: always">第${index + 1}页 劳务协议（样本）</section>`,
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<style>@page { size: A4; margin: 20mm; } section:last-child { page-break-after: auto; }</style>
</head><body>${sections.join('')}</body></html>`;
}

describe('A4 printing', () => {
  const temp = makeTempDir('devices-a4');
  afterAll(() => temp.remove());

  it('renders a three-page PDF', async () => {
    const output = join(temp.dir, 'agreement.pdf');
    await htmlToPdf(agreementHtml(3), output);
    expect(existsSync(output)).toBe(true);
    const pdf = readFileSync(output);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(countPdfPages(pdf)).toBe(3);
  }, 90_000);

  it('renders a one-page PDF', async () => {
    const output = join(temp.dir, 'one.pdf');
    await htmlToPdf(agreementHtml(1), output);
    expect(countPdfPages(readFileSync(output))).toBe(1);
  }, 90_000);

  it('counts pages, not the page tree', () => {
    const pdf = Buffer.from(
      '<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page >>',
      'latin1',
    );
    expect(countPdfPages(pdf)).toBe(2);
  });

  it('reports a missing lp', async () => {
    const missing = join(temp.dir, 'no-lp');
    expect(lpAvailable(missing)).toBe(false);
    await expect(printPdf(join(temp.dir, 'one.pdf'), undefined, missing)).rejects.toThrow(
      /install CUPS/,
    );
  });
});
