import { z } from 'zod';

/** Kinds of job posting a citizen filters by: 全职, 零工 and 季节性. */
export const JOB_KINDS = ['full_time', 'gig', 'seasonal'] as const;
export const jobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof jobKindSchema>;

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  full_time: '全职',
  gig: '零工',
  seasonal: '季节性',
};

/** Yichuan's towns and streets (统计用区划代码 2023, county code 610630). */
export const YICHUAN_TOWNS = [
  '丹州街道',
  '秋林镇',
  '云岩镇',
  '集义镇',
  '壶口镇',
  '英旺乡',
  '交里乡',
] as const;

/** Where a posting's work is: a Yichuan town, Jiangsu (苏陕协作), or elsewhere. */
export const AREAS = [...YICHUAN_TOWNS, '江苏', '县外其他'] as const;
export const areaSchema = z.enum(AREAS);
export type Area = z.infer<typeof areaSchema>;

export const JOB_CATEGORIES = [
  '农业采摘',
  '农产品加工',
  '护理家政',
  '社区服务',
  '建筑装修',
  '物流电商',
  '制造普工',
  '技术维修',
  '驾驶运输',
  '餐饮住宿',
  '销售客服',
  '信息技术',
  '教育培训',
  '管理行政',
  '其他',
] as const;
export const jobCategorySchema = z.enum(JOB_CATEGORIES);
export type JobCategory = z.infer<typeof jobCategorySchema>;

export const PAY_UNITS = ['month', 'day', 'hour', 'piece', 'year'] as const;
export const payUnitSchema = z.enum(PAY_UNITS);
export type PayUnit = z.infer<typeof payUnitSchema>;

export const PAY_UNIT_LABELS: Record<PayUnit, string> = {
  month: '元/月',
  day: '元/天',
  hour: '元/小时',
  piece: '计件',
  year: '元/年',
};

/** Pay as parsed from a posting. Amounts are yuan per `unit`; null bounds are open. */
export const paySchema = z.object({
  text: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  unit: payUnitSchema.nullable(),
  negotiable: z.boolean(),
});
export type Pay = z.infer<typeof paySchema>;

export const jobSummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  employer: z.string(),
  kind: jobKindSchema,
  category: jobCategorySchema,
  area: areaSchema,
  location: z.string(),
  pay: paySchema,
  headcount: z.number().int().nullable(),
  postedOn: z.string().nullable(),
  suShaan: z.boolean(),
  isDemo: z.boolean(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const jobDetailSchema = jobSummarySchema.extend({
  contactName: z.string(),
  contactPhone: z.string(),
  education: z.string(),
  experience: z.string(),
  requirements: z.string(),
  benefits: z.string(),
  deadline: z.string().nullable(),
  shareText: z.string(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

const MAX_QUERY_LENGTH = 40;

export const jobQuerySchema = z.object({
  text: z.string().max(MAX_QUERY_LENGTH).default(''),
  kinds: z.array(jobKindSchema).max(JOB_KINDS.length).default([]),
  areas: z.array(areaSchema).max(AREAS.length).default([]),
  categories: z.array(jobCategorySchema).max(JOB_CATEGORIES.length).default([]),
  /** Lowest acceptable pay, in yuan per month (day and hour pay are converted). */
  minMonthlyPay: z.number().int().min(0).max(1_000_000).nullable().default(null),
  postedWithinDays: z.number().int().min(1).max(3650).nullable().default(null),
  offset: z.number().int().min(0).max(100_000).default(0),
  limit: z.number().int().min(1).max(100).default(20),
});
export type JobQuery = z.infer<typeof jobQuerySchema>;
export type JobQueryInput = z.input<typeof jobQuerySchema>;

export const jobPageSchema = z.object({
  total: z.number().int(),
  items: z.array(jobSummarySchema),
});
export type JobPage = z.infer<typeof jobPageSchema>;

export const policySummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  category: z.string(),
  summary: z.string(),
  isDemo: z.boolean(),
});
export type PolicySummary = z.infer<typeof policySummarySchema>;

export const policyDetailSchema = policySummarySchema.extend({
  benefit: z.string(),
  eligibility: z.string(),
  materials: z.string(),
  whereToApply: z.string(),
  sourceDocument: z.string(),
});
export type PolicyDetail = z.infer<typeof policyDetailSchema>;
