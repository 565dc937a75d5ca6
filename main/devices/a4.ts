// A4 printing, e.g. a labour-agreement sample: renders an HTML page to PDF
// with headless Chromium, then hands the PDF to the OS printer with `lp`
// (CUPS) when it is installed.
import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const LP_PATH = '/usr/bin/lp';

/** Time limit of one Chromium PDF render, in milliseconds. */
const RENDER_TIMEOUT_MS = 60_000;

export interface HtmlToPdfOptions {
  chromiumPath?: string;
  timeoutMs?: number;
}

/**
 * Renders `html` to an A4 PDF at `outputPath` with `chromium --headless
 * --print-to-pdf`. The page is loaded from a temp file with networking
 * switched off for every host, so the HTML must carry its styles inline.
 * Page size and margins come from the HTML's `@page` rule.
 */
export async function htmlToPdf(
  html: string,
  outputPath: string,
  options: HtmlToPdfOptions = {},
): Promise<void> {
  const chromium = options.chromiumPath ?? CHROMIUM_PATH;
  const work = mkdtempSync(join(tmpdir(), 'kiosk-a4-'));
  try {
    const page = join(work, 'page.html');
    writeFileSync(page, html);
    await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        // Resolves every host to nothing, so the page cannot reach the network.
        '--host-resolver-rules=MAP * ~NOTFOUND',
        `--user-data-dir=${join(work, 'profile')}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${outputPath}`,
        pathToFileURL(page).href,
      ],
      { timeout: options.timeoutMs ?? RENDER_TIMEOUT_MS },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const head = readFileSync(outputPath).subarray(0, 5).toString('latin1');
  if (head !== '%PDF-') throw new Error(`Chromium wrote no PDF to ${outputPath}.`);
}

/** Counts the pages of a PDF by its page objects (`/Type /Page`, not `/Pages`). */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** True when CUPS's `lp` exists at `lpPath`. */
export function lpAvailable(lpPath = LP_PATH): boolean {
  try {
    accessSync(lpPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends a PDF to the OS printer with `lp`, to `printer` or the default
 * destination, and returns lp's job line. Raises when lp is missing.
 * NOTE: never run here, because this machine has no CUPS.
 */
export async function printPdf(
  pdfPath: string,
  printer?: string,
  lpPath = LP_PATH,
): Promise<string> {
  if (!lpAvailable(lpPath)) {
    throw new Error(
      `${lpPath} was not found: install CUPS (Debian package cups-client) to print A4 pages.`,
    );
  }
  const args = printer === undefined ? [pdfPath] : ['-d', printer, pdfPath];
  const { stdout } = await run(lpPath, args, { timeout: 30_000 });
  return stdout.trim();
}
