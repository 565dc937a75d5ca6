import { describe, expect, it } from 'vitest';
import type { JobDetail } from '../../main/contract/catalogue.js';
import { jobShareText } from '../../main/share-text.js';

const JOB: Omit<JobDetail, 'shareText'> = {
  id: 42,
  title: '苹果采摘工',
  employer: '秋林镇示例果业合作社',
  kind: 'seasonal',
  category: '农业采摘',
  area: '秋林镇',
  location: '高柏村',
  pay: { text: '150元/天', min: 150, max: 150, unit: 'day', negotiable: false },
  headcount: 20,
  postedOn: '2026-12-01',
  suShaan: false,
  isDemo: true,
  contactName: '王师傅',
  contactPhone: '0911-0000000',
  education: '',
  experience: '',
  requirements: '',
  benefits: '',
  deadline: null,
};

describe('job share text', () => {
  it('links to the public page', () => {
    expect(jobShareText(JOB, 'https://jobs.example.cn/job/')).toBe(
      'https://jobs.example.cn/job/42',
    );
    expect(jobShareText(JOB, 'https://jobs.example.cn/job')).toBe(
      'https://jobs.example.cn/job/42',
    );
  });

  it('summarises without a page', () => {
    const lines = jobShareText(JOB, null).split('\n');
    expect(lines[0]).toBe('苹果采摘工');
    expect(lines).toContain('单位：秋林镇示例果业合作社');
    expect(lines).toContain('地点：秋林镇 高柏村');
    expect(lines).toContain('电话：王师傅 0911-0000000');
    expect(lines.some((line) => line.startsWith('薪资：') && line.includes('150'))).toBe(
      true,
    );
  });

  it('leaves out a missing phone', () => {
    const text = jobShareText({ ...JOB, contactPhone: '' }, null);
    expect(text).not.toContain('电话');
  });
});
