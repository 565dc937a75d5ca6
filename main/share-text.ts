import type { JobDetail } from './contract/catalogue.js';
import { formatPay } from './contract/format.js';

/**
 * Builds what a job's QR code carries to a phone: the public link when the
 * station has one, otherwise a plain-text summary that a phone camera shows
 * without any network.
 */
export function jobShareText(
  job: Omit<JobDetail, 'shareText'>,
  publicJobUrl: string | null,
): string {
  if (publicJobUrl !== null) {
    const base = publicJobUrl.endsWith('/') ? publicJobUrl : `${publicJobUrl}/`;
    return `${base}${job.id}`;
  }
  const lines = [
    job.title,
    `单位：${job.employer}`,
    `薪资：${formatPay(job.pay)}`,
    `地点：${[job.area, job.location].filter(Boolean).join(' ')}`,
  ];
  if (job.contactPhone !== '') {
    lines.push(`电话：${[job.contactName, job.contactPhone].filter(Boolean).join(' ')}`);
  }
  return lines.join('\n');
}
